import { z } from 'zod';
import { problems } from './problem';

const AsOfSchema = z.iso.datetime({ offset: true });

/**
 * `?asOf=<RFC 3339 instant>` (docs/municipal-api.md: any GET): the state exactly as it was then. Absent: now.
 * A future instant is refused — the past is fixed, the future is not known yet.
 */
export function parseAsOf(value: unknown, now = new Date()): { asOf: Date; given: boolean } {
  if (value === undefined) return { asOf: now, given: false };
  const parsed = AsOfSchema.safeParse(value);
  if (!parsed.success) throw problems.validation('asOf must be an RFC 3339 instant with an offset, e.g. 2020-03-02T09:15:00+01:00.', [{ path: 'asOf', code: 'invalid_format', message: 'not an RFC 3339 instant with offset' }]);
  const asOf = new Date(parsed.data);
  if (asOf.getTime() > now.getTime()) throw problems.validation('asOf is in the future.', [{ path: 'asOf', code: 'too_big', message: 'asOf must not be later than now' }]);
  return { asOf, given: true };
}
