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

/**
 * Kroner as a person types them in Danish ("1.234,56", "1234,5", "1234", "1.234,56 kr.") as whole øre; null when it
 * is not such an amount (negative, more than two decimals, or a full stop where the decimals belong).
 */
export function parseKroner(text: string): bigint | null {
  const match = /^(\d{1,3}(?:\.\d{3})+|\d+)(?:,(\d{1,2}))?$/.exec(text.trim().replace(/\s*kr\.?$/i, '').replace(/\s/g, ''));
  if (!match) return null;
  return BigInt(match[1]!.replace(/\./g, '')) * 100n + BigInt((match[2] ?? '0').padEnd(2, '0'));
}

/** Whole øre as the kroner a person would type ("123456" → "1234,56"), for a prefilled amount field. */
export function oreForInput(value: Ore | bigint | null | undefined): string {
  const ore = toOre(value);
  if (ore === null) return '';
  const abs = ore < 0n ? -ore : ore;
  return `${ore < 0n ? '-' : ''}${abs / 100n},${String(abs % 100n).padStart(2, '0')}`;
}
