import type { Outcome } from '@puljeflow/application';
import { ProblemError, problems } from './problem';

/** Which HTTP status a domain rejection gets: four-eyes is a permission problem, a missing pool is a 404, the rest conflict with the state. */
const STATUS_BY_CODE: Record<string, number> = {
  FOUR_EYES_REQUIRED: 403,
  UNKNOWN_POOL: 404,
  INVALID_AMOUNT: 422,
  EXCEEDS_ALLOCATION: 422,
  COMMITMENT_CANNOT_BE_RAISED: 422,
  UNKNOWN_REPAYMENT_DEMAND: 404,
  EXCEEDS_OUTSTANDING_REPAYMENT: 422,
};

/** The one place that maps a rejected staff decision to problem+json (nothing was recorded). */
export function orThrow<T extends Outcome>(outcome: T): Extract<T, { ok: true }> {
  if (outcome.ok) return outcome as Extract<T, { ok: true }>;
  const first = outcome.reasons[0];
  const status = STATUS_BY_CODE[first?.code ?? ''] ?? 409;
  if (status === 403) throw problems.forbidden(first?.message ?? 'Forbidden', { reasons: outcome.reasons });
  const title = status === 404 ? 'Not found' : status === 422 ? 'Decision refused' : 'Conflict with the current state';
  throw new ProblemError(status, (first?.code ?? 'rejected').toLowerCase().replace(/_/g, '-'), title, outcome.reasons.map((r) => r.message).join(' '), { reasons: outcome.reasons });
}
