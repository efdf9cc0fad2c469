/** Money as the API sends it: whole øre, as a JSON number or (for amounts beyond 2^53) a decimal string. */
export type Ore = number | string;

/** Whole øre as a bigint, or null when the value is missing or not a whole number. */
export function toOre(value: Ore | bigint | null | undefined): bigint | null {
  if (typeof value === 'bigint') return value;
  if (typeof value === 'number') return Number.isSafeInteger(value) ? BigInt(value) : null;
  if (typeof value === 'string' && /^-?\d+$/.test(value.trim())) return BigInt(value.trim());
  return null;
}

/** Danish money format: 1250000000 øre → "12.500.000,00 kr." (full stop groups thousands, comma before øre). */
export function formatOre(value: Ore | bigint | null | undefined): string {
  const ore = toOre(value);
  if (ore === null) return '—';
  const negative = ore < 0n;
  const abs = negative ? -ore : ore;
  const kroner = (abs / 100n).toString().replace(/\B(?=(\d{3})+(?!\d))/g, '.');
  const rest = (abs % 100n).toString().padStart(2, '0');
  return `${negative ? '-' : ''}${kroner},${rest} kr.`;
}

/** Sum of øre amounts; missing values count as zero. */
export function sumOre(values: readonly (Ore | bigint | null | undefined)[]): bigint {
  return values.reduce<bigint>((sum, v) => sum + (toOre(v) ?? 0n), 0n);
}

/** True when the amount is a positive number of øre. */
export function isPositiveOre(value: Ore | null | undefined): boolean {
  const ore = toOre(value);
  return ore !== null && ore > 0n;
}
