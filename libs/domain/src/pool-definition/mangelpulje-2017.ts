// mangelpulje-2017: the original pool (Tripartite Agreement II). Money, target groups and the allocation by an
// objective key are docs/domain.md's; the seed gives no dates, so the calendar below is a Decision of ours:
// - announced 1 Mar 2017 09:00 and allocated by the key at once: there are no applications, so the interest window
//   is empty (interestDeadline = openedAt) and every expression of interest is refused as outside it;
// - tilsagn expected by the end of March 2017; courses may start until the end of 2019 (the pool period), with the
//   same one-month reporting grace as 2019;
// - a final claim per budget year by 1 April of the following year, 12:00, as for 2019;
// - one payout run a year, on the last banking day of June after each final claim deadline (the seed says nothing
//   of a conto payments for 2017), and the pool closes at the end of June 2020.

import { parsePoolDefinition } from './schema';

export const mangelpulje2017 = parsePoolDefinition({
  poolId: 'mangelpulje-2017',
  version: 1,
  name: 'Pulje til opkvalificering inden for mangelområder 2017',
  description:
    'Tripartite Agreement II: grants to all municipalities, by an objective key and without applications, for ' +
    'guidance and upskilling of insured unemployed and job-ready social-assistance recipients towards jobs in ' +
    'shortage areas. 37 mio. kr. over 2017–2019, of which 11.6 mio. kr. for 2017; 80 % of costs refunded.',
  money: {
    commitmentsOre: 3_700_000_000, // 37 mio. kr.
    marketingOre: 0,
    earmarkedOre: { '2017': 1_160_000_000 }, // 11.6 mio. kr. for 2017; the seed does not split the rest by year
  },
  budgetYears: [2017, 2018, 2019],
  allocationRule: {
    kind: 'objective-key',
    basis:
      "Each municipality's share of the country's dagpengemodtagere with at least 3 months' cumulative and jobparate " +
      "kontanthjælpsmodtagere with at least 3 months' continuous unemployment (Decision: the key's figures are " +
      'imported as reference data with their source)',
    cappedAtRequest: false,
  },
  targetGroups: [
    { code: 'dagpenge', unemploymentRule: { minMonths: 3, kind: 'cumulative' } },
    { code: 'kontanthjaelp-jobparat', unemploymentRule: { minMonths: 3, kind: 'continuous' } },
  ],
  refundRateBasisPoints: 8_000,
  commitmentCaps: 'refund',
  reannouncement: false,
  financingSource: { kind: 'finance-act', description: 'Finanslovsbevilling (trepartsaftale II)' },
  calendar: {
    openedAt: '2017-03-01T09:00:00+01:00',
    interestDeadline: '2017-03-01T09:00:00+01:00',
    commitmentsExpectedBy: '2017-04-01T00:00:00+02:00', // end of 31 Mar 2017 (summer time from 26 Mar)
    startDeadline: '2020-01-01T00:00:00+01:00', // end of 31 Dec 2019
    reportingGraceEnds: '2020-02-01T00:00:00+01:00', // end of 31 Jan 2020
    finalClaimDeadlines: {
      '2017': '2018-04-01T12:00:00+02:00',
      '2018': '2019-04-01T12:00:00+02:00',
      '2019': '2020-04-01T12:00:00+02:00',
    },
    // Last Danish banking day of June: 30 Jun 2018 is a Saturday, 30 Jun 2019 a Sunday.
    payoutRunDates: ['2018-06-29', '2019-06-28', '2020-06-30'],
    closesAt: '2020-07-01T00:00:00+02:00', // end of 30 Jun 2020
  },
  amendable: ['interestDeadline', 'startDeadline', 'reportingGraceEnds'],
});
