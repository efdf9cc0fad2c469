import { describe, expect, it } from '@jest/globals';
import type { TFunction } from 'i18next';
import { da } from '../../i18n/da';
import { describeWhat } from './what';

// The catalogue's field names, falling back to the key as i18next does with a defaultValue.
const t = ((key: string, options?: { defaultValue?: string }) => {
  const [ns, field] = key.split('.') as [string, string];
  return (da as unknown as Record<string, Record<string, string>>)[ns]?.[field] ?? options?.defaultValue ?? key;
}) as unknown as TFunction;

describe('describeWhat (an audit entry in a line)', () => {
  it('names each field from the catalogue, money in Danish kroner, leaving out who, when, pool and municipality', () => {
    const what = { poolId: 'p', municipalityCode: '101', newAmountOre: 3_455_555, previousAmountOre: 3_555_555, reason: 'Færre forløb', preparedBy: 'karin', approvedBy: 'anders', at: '2026-12-04T03:26:00.000Z' };
    expect(describeWhat({ what }, t)).toBe('Nyt beløb: 34.555,55 kr.; Tidligere beløb: 35.555,55 kr.; Begrundelse: Færre forløb');
  });

  it('keeps a field the catalogue does not name under its own name, and counts a list', () => {
    expect(describeWhat({ what: { claimId: 'C-1', cuts: [{}, {}], somethingNew: true, empty: null } }, t)).toBe('Anmodning: C-1; Beskæringer: 2; somethingNew: true');
  });
});
