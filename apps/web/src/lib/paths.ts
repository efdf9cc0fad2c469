// The URLs of the course and claim screens, in one place, so a screen of one feature links to another's without
// importing it. Each keeps the as-of instant of the screen it is followed from.
const seg = encodeURIComponent;
const withAsOf = (path: string, asOf: string | null) => (asOf ? `${path}${path.includes('?') ? '&' : '?'}asOf=${seg(asOf)}` : path);

/** A pool's course list (`/puljer/:poolId/forloeb`). */
export const coursesPath = (poolId: string, asOf: string | null = null) => withAsOf(`/puljer/${seg(poolId)}/forloeb`, asOf);

/** One course (`/puljer/:poolId/forloeb/:municipalityCode/:courseId`). */
export const coursePath = (poolId: string, code: string, courseId: string, asOf: string | null = null) =>
  withAsOf(`/puljer/${seg(poolId)}/forloeb/${seg(code)}/${seg(courseId)}`, asOf);

/** The claims queue (`/refusionskrav`), of one pool when given. */
export const claimsPath = (poolId: string | null = null, asOf: string | null = null) => withAsOf(poolId ? `/refusionskrav?poolId=${seg(poolId)}` : '/refusionskrav', asOf);

/** One claim (`/puljer/:poolId/refusionskrav/:municipalityCode/:claimId`). */
export const claimPath = (poolId: string, code: string, claimId: string, asOf: string | null = null) =>
  withAsOf(`/puljer/${seg(poolId)}/refusionskrav/${seg(code)}/${seg(claimId)}`, asOf);
