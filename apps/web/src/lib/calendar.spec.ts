import { describe, expect, it } from '@jest/globals';
import { calendarEntries } from './calendar';

describe('calendarEntries', () => {
  it('lists the known instants in the order of the pool, then any other date the server adds', () => {
    const entries = calendarEntries({
      reportingGraceEnds: '2021-01-31T22:59:59.999Z',
      finalSettlementBy: '2021-06-30',
      interestDeadline: '2019-11-29T11:00:00Z',
      openedAt: '2019-11-08T08:00:00Z',
      payoutRuns: ['2020-01-31'],
      note: 'not a date',
    });
    expect(entries.map((e) => [e.label, e.text])).toEqual([
      ['Opened', '8 Nov 2019, 09:00 CET'],
      ['Interest deadline', '29 Nov 2019, 12:00 CET'],
      ['Reporting grace ends', '31 Jan 2021, 23:59:59 CET'],
      ['Final settlement by', '30 Jun 2021'],
    ]);
  });
});
