// mangelpulje-2019: Initiative 6 (Oct 2019), the pool the product administers first. Every figure from docs/domain.md
// ("The pools", "The calendar of mangelpulje-2019"); the dates are docs/domain.md's Decision, as the seed gives none.

import { TARGET_GROUP_CODES } from '../target-groups';
import { parsePoolDefinition } from './schema';

/** docs/domain.md §5, Decision: the 2019 pool keeps the 3-month rule for these two groups only. */
const UNEMPLOYMENT_RULES = {
  dagpenge: { minMonths: 3, kind: 'cumulative' },
  'kontanthjaelp-jobparat': { minMonths: 3, kind: 'continuous' },
} as const;

export const mangelpulje2019 = parsePoolDefinition({
  poolId: 'mangelpulje-2019',
  version: 1,
  name: 'Pulje til opkvalificering inden for mangelområder 2019',
  description:
    'Initiative 6 (Oct 2019): grants to municipalities for guidance and upskilling (vejledning og opkvalificering) ' +
    'of unemployed people in all target groups of LAB § 6 towards jobs in shortage areas. Allocated by expressions ' +
    'of interest; 80 % of costs refunded within the tilsagn; unused money lapses.',
  money: {
    commitmentsOre: 1_250_000_000, // 12.5 mio. kr. announced as tilsagn
    marketingOre: 50_000_000, // the marketing line, up to 0.5 mio. kr., booked in 2019 only (docs/domain.md §9)
    marketingBudgetYear: 2019,
  },
  budgetYears: [2019, 2020],
  allocationRule: { kind: 'pro-rata-largest-remainder' },
  targetGroups: TARGET_GROUP_CODES.map((code) =>
    code in UNEMPLOYMENT_RULES
      ? { code, unemploymentRule: UNEMPLOYMENT_RULES[code as keyof typeof UNEMPLOYMENT_RULES] }
      : { code },
  ),
  refundRateBasisPoints: 8_000,
  commitmentCaps: 'refund',
  reannouncement: false,
  financingSource: {
    kind: 'returned-funds',
    description: 'Tilbageløb fra puljen til uddannelsesløft 2018',
  },
  calendar: {
    openedAt: '2019-11-08T09:00:00+01:00',
    interestDeadline: '2019-11-29T12:00:00+01:00',
    commitmentsExpectedBy: '2019-12-14T00:00:00+01:00', // end of 13 Dec 2019
    startDeadline: '2021-01-01T00:00:00+01:00', // end of 31 Dec 2020
    reportingGraceEnds: '2021-02-01T00:00:00+01:00', // end of 31 Jan 2021
    finalClaimDeadlines: {
      '2019': '2020-04-01T12:00:00+02:00', // summer time: the clocks went forward on 29 Mar 2020
      '2020': '2021-04-01T12:00:00+02:00', // and on 28 Mar 2021
    },
    // The last Danish banking day of each month, worked out by hand (pool-definitions.spec checks them against a
    // computed banking calendar). Month ends moved by a weekend: Feb, May, Oct 2020, Jan, Feb 2021. By a bank holiday:
    // 31 Dec 2020 (nytårsaftensdag) and 30 Apr 2021 (store bededag, 4th Friday after Easter, 4 Apr 2021).
    payoutRunDates: [
      '2020-01-31',
      '2020-02-28',
      '2020-03-31',
      '2020-04-30',
      '2020-05-29',
      '2020-06-30',
      '2020-07-31',
      '2020-08-31',
      '2020-09-30',
      '2020-10-30',
      '2020-11-30',
      '2020-12-30',
      '2021-01-29',
      '2021-02-26',
      '2021-03-31',
      '2021-04-29',
      '2021-05-31',
      '2021-06-30',
    ],
    closesAt: '2021-07-01T00:00:00+02:00', // end of 30 Jun 2021
  },
  amendable: ['interestDeadline', 'startDeadline', 'reportingGraceEnds'],
});
