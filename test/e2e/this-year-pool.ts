// Helpers of the staff e2e tests: a present-day pool whose budget years are this year and the next (so an expense
// incurred today books to one), and a refusal that records nothing.

import { copenhagenDateOf, copenhagenInstant, endOfCopenhagenDay, parsePoolDefinition, toCopenhagenIso, type PoolDefinition } from '@puljeflow/domain';
import type { HttpResult, TestSystem } from '../system/system';

/** The 2019 rules on a calendar of this year and the next, with a payout run today (budget years this and next). */
export async function poolOfThisYear(sys: TestSystem, poolId: string, commitmentsOre = 5_000_000): Promise<PoolDefinition> {
  const today = copenhagenDateOf(new Date());
  const year = Number(today.slice(0, 4));
  const base = await sys.presentDayPool(poolId, commitmentsOre);
  return parsePoolDefinition({
    ...base,
    budgetYears: [year, year + 1],
    money: { ...base.money, marketingBudgetYear: year },
    calendar: {
      ...base.calendar,
      startDeadline: toCopenhagenIso(endOfCopenhagenDay(`${year + 1}-12-31`)),
      reportingGraceEnds: toCopenhagenIso(endOfCopenhagenDay(`${year + 2}-01-31`)),
      finalClaimDeadlines: { [year]: toCopenhagenIso(copenhagenInstant(`${year + 1}-04-01`, '12:00')), [year + 1]: toCopenhagenIso(copenhagenInstant(`${year + 2}-04-01`, '12:00')) },
      payoutRunDates: [today, `${year + 1}-06-30`],
      closesAt: toCopenhagenIso(endOfCopenhagenDay(`${year + 2}-06-30`)),
    },
  });
}

/** The labour-market balance CSV that makes an electrician in Hovedstaden a shortage occupation all this year. */
export const electricianBalanceCsv = (year: number) =>
  `# source: test\nhalf_year,rar_area,job_title,disco_08,status\n${year}H1,Hovedstaden,Elektriker,741100,mangel\n${year}H2,Hovedstaden,Elektriker,741100,mangel\n`;

/** A refused decision is problem+json with its status (and first reason code, when given) and records nothing. */
export async function refusedWithNothingRecorded(sys: TestSystem, request: () => Promise<HttpResult>, status: number, code: string | undefined): Promise<HttpResult> {
  const before = await sys.countEvents();
  const res = await request();
  expect([res.status, res.headers.get('content-type'), code === undefined ? undefined : res.body.reasons?.[0]?.code]).toEqual([status, expect.stringContaining('application/problem+json'), code]);
  expect(await sys.countEvents()).toBe(before);
  return res;
}
