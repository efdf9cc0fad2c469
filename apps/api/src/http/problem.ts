import { PROBLEM_BASE, type ProblemDetails } from '@puljeflow/contracts';

/** An expected failure that becomes an RFC 9457 problem+json response (one place maps them: problem.filter.ts). */
export class ProblemError extends Error {
  constructor(
    readonly status: number,
    readonly slug: string,
    readonly title: string,
    readonly detail: string,
    readonly extensions: Partial<ProblemDetails> = {},
    readonly headers: Record<string, string> = {},
  ) {
    super(detail);
  }

  toProblem(instance?: string): ProblemDetails {
    return { type: PROBLEM_BASE + this.slug, title: this.title, status: this.status, detail: this.detail, ...(instance ? { instance } : {}), ...this.extensions };
  }
}

export const problems = {
  validation: (detail: string, errors: ProblemDetails['errors']) => new ProblemError(400, 'validation', 'Request is not valid', detail, { errors }),
  unauthenticated: (detail: string) => new ProblemError(401, 'unauthenticated', 'Not authenticated', detail, {}, { 'WWW-Authenticate': 'Bearer' }),
  forbidden: (detail: string, extensions: Partial<ProblemDetails> = {}) => new ProblemError(403, 'forbidden', 'Forbidden', detail, extensions),
  notFound: (detail: string) => new ProblemError(404, 'not-found', 'Not found', detail),
  conflict: (detail: string, extensions: Partial<ProblemDetails> = {}) => new ProblemError(409, 'conflict', 'Conflict', detail, extensions),
  tooLarge: (detail: string) => new ProblemError(413, 'too-large', 'Request too large', detail),
  tooMany: (detail: string, retryAfterSeconds: number) => new ProblemError(429, 'rate-limited', 'Too many requests', detail, {}, { 'Retry-After': String(retryAfterSeconds) }),
  unavailable: (detail: string) => new ProblemError(503, 'unavailable', 'Service unavailable', detail, {}, { 'Retry-After': '5' }),
};
