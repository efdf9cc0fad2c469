// Helpers of money-calendar.e2e.spec.ts: the docs/domain.md calendar of mangelpulje-2019 moved into the future by whole
// years, and the apps' own glue (activities, the pool workflow's start) loaded for use in the test's process.

import path from 'node:path';
import type { Client } from '@temporalio/client';
import { DateTime } from 'luxon';
import { convert } from 'xmlbuilder2';
import type { PaymentParties, PayoutService, PoolService } from '@puljeflow/application';
import { COPENHAGEN, mangelpulje2019, parsePoolDefinition, toCopenhagenIso, type IsoDate, type PoolDefinition } from '@puljeflow/domain';
import { payoutRunDates, type PaymentPort } from '@puljeflow/payments';
import { repoRoot } from '@puljeflow/test-support';
import type { PayoutActivities, PoolActivities } from '@puljeflow/workflows';

/**
 * mangelpulje-2019 with every instant and date of its calendar `years` later, the rules unchanged.
 *
 * Why: the time-skipping test server starts at the real current time and only moves forward, so the 2019 calendar
 * cannot be run as it stands. Moved by whole years, each instant keeps its Copenhagen wall-clock time (09:00 stays
 * 09:00, "by 12:00" stays 12:00 in summer time) and its place relative to the others, so the calendar the test runs
 * is docs/domain.md's. The payout runs are the last Danish banking days of the moved months, computed again from the
 * banking calendar (a month's last banking day moves with the weekdays and Easter); the budget years move with the
 * calendar. `parsePoolDefinition` validates the result as it validates every pool definition.
 */
export function shiftedMangelpulje2019(years: number, change: { poolId: string; commitmentsOre: number }): PoolDefinition {
  if (!Number.isInteger(years) || years < 1) throw new RangeError(`years must be a whole number above 0, got ${years}`);
  const { calendar, money } = mangelpulje2019;
  const instant = (iso: string): string => toCopenhagenIso(DateTime.fromISO(iso, { setZone: true }).setZone(COPENHAGEN).plus({ years }).toJSDate());
  const month = (date: string): string => DateTime.fromISO(date, { zone: 'UTC' }).plus({ years }).toFormat('yyyy-MM');
  const runs = calendar.payoutRunDates;
  return parsePoolDefinition({
    ...mangelpulje2019,
    poolId: change.poolId,
    name: `${mangelpulje2019.name} (test: calendar +${years} years)`,
    description: `${mangelpulje2019.description} Test copy: the calendar of docs/domain.md moved ${years} years ahead; the pool made smaller.`,
    money: { ...money, commitmentsOre: change.commitmentsOre, ...(money.marketingBudgetYear === undefined ? {} : { marketingBudgetYear: money.marketingBudgetYear + years }) },
    budgetYears: mangelpulje2019.budgetYears.map((year) => year + years),
    calendar: {
      openedAt: instant(calendar.openedAt),
      interestDeadline: instant(calendar.interestDeadline),
      commitmentsExpectedBy: instant(calendar.commitmentsExpectedBy),
      startDeadline: instant(calendar.startDeadline),
      reportingGraceEnds: instant(calendar.reportingGraceEnds),
      finalClaimDeadlines: Object.fromEntries(Object.entries(calendar.finalClaimDeadlines).map(([year, iso]) => [String(Number(year) + years), instant(iso)])),
      payoutRunDates: payoutRunDates(month(runs[0]!), month(runs[runs.length - 1]!)),
      closesAt: instant(calendar.closesAt),
    },
  });
}

/** A date of docs/domain.md's calendar, moved by whole years (the same day of the same month). */
export const moveDate = (date: IsoDate, years: number): IsoDate => {
  const moved = DateTime.fromISO(date, { zone: 'UTC' }).plus({ years }).toISODate();
  if (moved === null || !/^\d{4}-\d{2}-\d{2}$/.test(date)) throw new RangeError(`not a date 'YYYY-MM-DD': ${date}`);
  return moved;
};

/**
 * How many whole years to move mangelpulje-2019 so that it opens at least `marginDays` after `now` (the test server's
 * clock when the test starts). The smallest such number keeps the run short; in November 2026 it is 8.
 */
export function yearsAhead(now: Date, marginDays = 7): number {
  const opened = DateTime.fromISO(mangelpulje2019.calendar.openedAt, { setZone: true }).setZone(COPENHAGEN);
  let years = 1;
  while (opened.plus({ years }).toMillis() < now.getTime() + marginDays * 24 * 3600_000) years += 1;
  return years;
}

/** apps/worker/src/activities.ts */
export type CreateActivities = (deps: { pools: PoolService; payouts: PayoutService; port: PaymentPort; parties: PaymentParties }) => PoolActivities & PayoutActivities;
/** apps/api/src/infrastructure/pool-workflows.ts */
export type StartPoolWorkflow = (client: Client, definition: PoolDefinition) => Promise<void>;

/**
 * A module of an app, run in the test's process. Loaded by its path, as test/system starts the apps by their paths:
 * an import would draw an arrow test-e2e → app in the Nx project graph, which test/architecture.spec.ts forbids.
 */
export function appModule<T>(file: string): T {
  return require(path.join(repoRoot, file)) as T;
}

/** Rejects when a promise has not settled within `ms` of real time, so a stuck workflow fails the test with a name. */
export async function within<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what}: nothing within ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

export interface Pain001Run {
  requestedExecutionDate: string;
  /** EndToEndId (the payment reference) → amount in øre, creditor name. */
  transactions: { reference: string; amountOre: number; creditor: string }[];
}

/**
 * Reads a pain.001.001.09 run file as the bank would: its transactions, after checking that NbOfTxs and CtrlSum of
 * both GrpHdr and PmtInf agree with them and that no EndToEndId repeats (libs/payments checks the schema itself).
 */
export function readPain001Run(xml: string): Pain001Run {
  type Node = Record<string, any>;
  const message = (convert(xml, { format: 'object' }) as Node)['Document']['CstmrCdtTrfInitn'] as Node;
  const header = message['GrpHdr'] as Node;
  const info = message['PmtInf'] as Node;
  const list = ([] as Node[]).concat(info['CdtTrfTxInf']);
  const toOre = (amount: string): number => {
    const match = /^(\d+)\.(\d{2})$/.exec(amount);
    if (!match) throw new Error(`not an amount with two decimals: ${amount}`);
    return Number(match[1]) * 100 + Number(match[2]);
  };
  const transactions = list.map((tx) => ({ reference: String(tx['PmtId']['EndToEndId']), amountOre: toOre(String(tx['Amt']['InstdAmt']['#'])), creditor: String(tx['Cdtr']['Nm']) }));
  const total = transactions.reduce((sum, tx) => sum + tx.amountOre, 0);
  for (const [what, part] of [['GrpHdr', header], ['PmtInf', info]] as const) {
    if (Number(part['NbOfTxs']) !== transactions.length) throw new Error(`${what}/NbOfTxs ${part['NbOfTxs']} is not the ${transactions.length} transactions`);
    if (toOre(String(part['CtrlSum'])) !== total) throw new Error(`${what}/CtrlSum ${part['CtrlSum']} is not their sum, ${total} øre`);
  }
  if (new Set(transactions.map((tx) => tx.reference)).size !== transactions.length) throw new Error('an EndToEndId twice');
  return { requestedExecutionDate: String(info['ReqdExctnDt']['Dt']), transactions };
}
