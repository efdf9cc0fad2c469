import { validateCpr } from '@puljeflow/domain';

/** A CPR number was refused. The message says why, never the number, so the error is safe to log and to return. */
export class InvalidCprError extends Error {
  override readonly name = 'InvalidCprError';
}

/**
 * The 10 digits of a CPR number written 'DDMMYYSSSS' or 'DDMMYY-SSSS', or InvalidCprError. The birth date and its
 * century are checked by the domain's `validateCpr` (no modulus-11 check).
 */
export function normaliseCpr(input: unknown): string {
  const result = validateCpr(typeof input === 'string' ? input : '');
  if (!result.ok) throw new InvalidCprError(result.message);
  return result.cpr;
}
