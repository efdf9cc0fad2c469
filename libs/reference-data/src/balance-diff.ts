// What changed from one balance to the next, entry by entry (docs/domain.md: "the import says what changed").

import { balanceKey, type BalanceEntry } from './balance';

export interface BalanceChange {
  /** '2019H2/Hovedstaden/tømrer': half-year, RAR area and job title key. */
  key: string;
  from: BalanceEntry;
  to: BalanceEntry;
}

export interface BalanceDiff {
  added: BalanceEntry[];
  removed: BalanceEntry[];
  /** Same key, another status, DISCO-08 code or spelling of the title. */
  changed: BalanceChange[];
  unchanged: number;
}

/** Compares two sets of entries by (half-year, RAR area, job title); pure. Each list comes back in key order. */
export function diffBalance(previous: readonly BalanceEntry[], next: readonly BalanceEntry[]): BalanceDiff {
  const before = new Map(previous.map((entry) => [balanceKey(entry), entry]));
  const after = new Map(next.map((entry) => [balanceKey(entry), entry]));
  const diff: BalanceDiff = { added: [], removed: [], changed: [], unchanged: 0 };
  for (const key of [...after.keys()].sort()) {
    const from = before.get(key);
    const to = after.get(key)!;
    if (!from) diff.added.push(to);
    else if (sameEntry(from, to)) diff.unchanged += 1;
    else diff.changed.push({ key, from, to });
  }
  for (const key of [...before.keys()].sort()) {
    if (!after.has(key)) diff.removed.push(before.get(key)!);
  }
  return diff;
}

const sameEntry = (a: BalanceEntry, b: BalanceEntry): boolean =>
  a.status === b.status && a.disco08 === b.disco08 && a.jobTitle === b.jobTitle;
