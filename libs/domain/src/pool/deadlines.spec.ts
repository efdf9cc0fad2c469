import { copenhagenInstant, endOfCopenhagenDay } from '../calendar';
import { replay } from '../decision';
import { mangelpulje2019 } from '../pool-definition';
import type { AmendableInstant } from '../pool-definition/schema';
import { deciderSpecification } from '../testing/decider-specification';
import { poolDecider, type PrepareDeadlineAmendment } from './decide';
import type {
  AllocationMade,
  DeadlineAmended,
  DeadlineAmendmentPrepared,
  PoolClosedForStarts,
  PoolOpened,
  ReportingGraceEnded,
} from './pool';

const given = deciderSpecification(poolDecider);

const poolId = 'mangelpulje-2019';
const opened: PoolOpened = { type: 'PoolOpened', data: { poolId, definition: mangelpulje2019 } };
const allocated: AllocationMade = {
  type: 'AllocationMade',
  data: {
    poolId,
    poolOre: 1_250_000_000,
    totalRequestedOre: 0,
    lapsedOre: 1_250_000_000,
    rule: { kind: 'pro-rata-largest-remainder' },
    allocations: [],
  },
};

const preparedAt = copenhagenInstant('2020-12-01', '10:00');
const approvedAt = copenhagenInstant('2020-12-02', '09:00');
const extension = 'Politisk aftale om forlængelse af puljen (COVID-19)';

/** The end of 31 Mar 2021 and of 30 Apr 2021, summer time. */
const endOfMarch2021 = '2021-04-01T00:00:00+02:00';
const endOfApril2021 = '2021-05-01T00:00:00+02:00';

const prepare = (
  instant: AmendableInstant,
  newValue: string,
  overrides: Partial<PrepareDeadlineAmendment['data']> = {},
): PrepareDeadlineAmendment => ({
  type: 'PrepareDeadlineAmendment',
  data: { instant, newValue, reason: extension, preparedBy: 'caseworker', at: preparedAt, ...overrides },
});

const amendmentPrepared = (
  instant: AmendableInstant,
  newValue: string,
  preparedBy = 'caseworker',
): DeadlineAmendmentPrepared => ({
  type: 'DeadlineAmendmentPrepared',
  data: { poolId, instant, newValue, reason: extension, preparedBy, preparedAt: preparedAt.toISOString() },
});

const approve = (approvedBy: string, at = approvedAt) =>
  ({ type: 'ApproveDeadlineAmendment', data: { approvedBy, at } }) as const;

const amended = (instant: AmendableInstant, previousValue: string, newValue: string): DeadlineAmended => ({
  type: 'DeadlineAmended',
  data: {
    poolId,
    instant,
    previousValue,
    newValue,
    reason: extension,
    preparedBy: 'caseworker',
    approvedBy: 'approver',
    amendedAt: approvedAt.toISOString(),
  },
});

const graceMoved = [
  amendmentPrepared('reportingGraceEnds', endOfApril2021),
  amended('reportingGraceEnds', '2021-02-01T00:00:00+01:00', endOfApril2021),
];

const startDeadline = endOfCopenhagenDay('2020-12-31');
const graceEnds = endOfCopenhagenDay('2021-01-31');

const closedForStarts = (at = startDeadline): PoolClosedForStarts => ({
  type: 'PoolClosedForStarts',
  data: { poolId, at: at.toISOString() },
});

const graceEnded = (at = graceEnds): ReportingGraceEnded => ({
  type: 'ReportingGraceEnded',
  data: { poolId, at: at.toISOString() },
});

describe('Pool deadlines (docs/domain.md "The calendar", §6)', () => {
  describe('PrepareDeadlineAmendment', () => {
    it('prepares moving a deadline marked †, with its reason', () => {
      given([opened])
        .when(prepare('reportingGraceEnds', endOfApril2021))
        .then([amendmentPrepared('reportingGraceEnds', endOfApril2021)]);
    });

    it('writes the new instant with its Copenhagen offset, however it was given', () => {
      given([opened])
        .when(prepare('reportingGraceEnds', '2021-04-30T22:00:00Z'))
        .then([amendmentPrepared('reportingGraceEnds', endOfApril2021)]);
    });

    it('prepares again, replacing the pending amendment', () => {
      const state = replay(poolDecider, [
        opened,
        amendmentPrepared('reportingGraceEnds', endOfApril2021),
        amendmentPrepared('reportingGraceEnds', '2021-03-01T00:00:00+01:00', 'other caseworker'),
      ]);
      expect(state).toMatchObject({
        pendingAmendment: { newValue: '2021-03-01T00:00:00+01:00', preparedBy: 'other caseworker' },
      });
    });

    it('refuses an instant the definition does not mark amendable, and the final claim deadlines always', () => {
      given([opened]).when(prepare('closesAt', '2021-08-01T00:00:00+02:00')).thenRejects('DEADLINE_NOT_AMENDABLE');
      given([opened])
        .when(prepare('finalClaimDeadlines' as AmendableInstant, '2021-05-01T12:00:00+02:00'))
        .thenRejects('DEADLINE_NOT_AMENDABLE');
      given([opened])
        .when(prepare('openedAt' as AmendableInstant, '2021-05-01T12:00:00+02:00'))
        .thenRejects('DEADLINE_NOT_AMENDABLE');
    });

    it('needs a reason, a preparer and an instant with offset', () => {
      given([opened])
        .when(prepare('reportingGraceEnds', endOfApril2021, { reason: ' ' }))
        .thenRejects('SCHEMA_INVALID');
      given([opened])
        .when(prepare('reportingGraceEnds', endOfApril2021, { preparedBy: '' }))
        .thenRejects('SCHEMA_INVALID');
      given([opened]).when(prepare('reportingGraceEnds', '2021-05-01T00:00:00')).thenRejects('SCHEMA_INVALID');
    });

    it('refuses a deadline that has passed, and a new value that has', () => {
      given([opened])
        .when(prepare('startDeadline', '2021-01-15T00:00:00+01:00', { at: startDeadline }))
        .thenRejects('DEADLINE_ALREADY_PASSED');
      given([opened])
        .when(prepare('startDeadline', '2020-11-30T00:00:00+01:00'))
        .thenRejects('DEADLINE_ALREADY_PASSED');
    });

    it('takes the workflow at its word: once it closed the pool for starts, the start deadline has passed', () => {
      const justBefore = new Date(startDeadline.getTime() - 1_000);
      given([opened, closedForStarts(new Date(startDeadline.getTime() - 2_000))])
        .when(prepare('startDeadline', '2021-01-15T00:00:00+01:00', { at: justBefore }))
        .thenRejects('DEADLINE_ALREADY_PASSED');
      given([opened, graceEnded(new Date(graceEnds.getTime() - 2_000))])
        .when(prepare('reportingGraceEnds', endOfApril2021, { at: new Date(graceEnds.getTime() - 1_000) }))
        .thenRejects('DEADLINE_ALREADY_PASSED');
    });

    it('refuses to move the interest deadline once the pool is allocated', () => {
      given([opened, allocated])
        .when(
          prepare('interestDeadline', '2019-12-06T12:00:00+01:00', { at: copenhagenInstant('2019-11-29', '11:00') }),
        )
        .thenRejects('DEADLINE_ALREADY_PASSED');
    });

    it('keeps the calendar in order: interestDeadline < startDeadline ≤ reportingGraceEnds < closesAt', () => {
      // the start deadline cannot pass the reporting grace: move the grace first
      given([opened]).when(prepare('startDeadline', endOfMarch2021)).thenRejects('INVALID_CALENDAR');
      given([opened]).when(prepare('reportingGraceEnds', '2020-12-15T00:00:00+01:00')).thenRejects('INVALID_CALENDAR');
      given([opened])
        .when(prepare('reportingGraceEnds', '2021-07-01T00:00:00+02:00'))
        .thenRejects('INVALID_CALENDAR');
      given([opened])
        .when(
          prepare('interestDeadline', '2020-01-10T12:00:00+01:00', { at: copenhagenInstant('2019-11-20', '10:00') }),
        )
        .thenRejects('INVALID_CALENDAR');
    });

    it('names everything wrong at once', () => {
      given([opened])
        .when(prepare('startDeadline', '2020-11-01T00:00:00+01:00', { reason: '', preparedBy: ' ' }))
        .thenRejects('SCHEMA_INVALID', 'SCHEMA_INVALID', 'DEADLINE_ALREADY_PASSED');
    });

    it('refuses an unknown pool', () => {
      given([]).when(prepare('startDeadline', endOfMarch2021)).thenRejects('UNKNOWN_POOL');
    });
  });

  describe('ApproveDeadlineAmendment (four-eyes)', () => {
    it('moves the deadline when a second person approves', () => {
      given([opened, amendmentPrepared('reportingGraceEnds', endOfApril2021)])
        .when(approve('approver'))
        .then([amended('reportingGraceEnds', '2021-02-01T00:00:00+01:00', endOfApril2021)]);
    });

    it('refuses the person who prepared it, whatever the case of the name', () => {
      given([opened, amendmentPrepared('reportingGraceEnds', endOfApril2021)])
        .when(approve('caseworker'))
        .thenRejects('FOUR_EYES_REQUIRED');
      given([opened, amendmentPrepared('reportingGraceEnds', endOfApril2021)])
        .when(approve(' CASEWORKER '))
        .thenRejects('FOUR_EYES_REQUIRED');
    });

    it('refuses when nothing is waiting', () => {
      given([opened]).when(approve('approver')).thenRejects('NO_AMENDMENT_PREPARED');
      given([opened, ...graceMoved]).when(approve('approver')).thenRejects('NO_AMENDMENT_PREPARED');
      given([]).when(approve('approver')).thenRejects('UNKNOWN_POOL');
    });

    it('checks the deadline again when approving: it may have passed since it was prepared', () => {
      given([opened, amendmentPrepared('startDeadline', '2021-01-15T00:00:00+01:00')])
        .when(approve('approver', startDeadline))
        .thenRejects('DEADLINE_ALREADY_PASSED');
      given([opened, amendmentPrepared('startDeadline', '2021-01-15T00:00:00+01:00'), closedForStarts()])
        .when(approve('approver'))
        .thenRejects('DEADLINE_ALREADY_PASSED');
    });

    it('moves the start deadline to 31 Mar 2021 after the grace has been moved', () => {
      given([...[opened, ...graceMoved], amendmentPrepared('startDeadline', endOfMarch2021)])
        .when(approve('approver'))
        .then([amended('startDeadline', '2021-01-01T00:00:00+01:00', endOfMarch2021)]);
    });
  });

  describe('CloseForStarts and EndReportingGrace (appended by the workflow, docs/domain.md §6)', () => {
    const close = (at: Date) => ({ type: 'CloseForStarts', data: { at } }) as const;
    const endGrace = (at: Date) => ({ type: 'EndReportingGrace', data: { at } }) as const;

    it('closes the pool for starts at the start deadline, not before, and once', () => {
      given([opened]).when(close(startDeadline)).then([closedForStarts()]);
      given([opened]).when(close(new Date(startDeadline.getTime() - 1))).thenRejects('DEADLINE_NOT_REACHED');
      given([opened, closedForStarts()]).when(close(graceEnds)).thenRejects('ALREADY_CLOSED_FOR_STARTS');
    });

    it('ends the reporting grace at its end, not before, and once', () => {
      given([opened, closedForStarts()]).when(endGrace(graceEnds)).then([graceEnded()]);
      given([opened]).when(endGrace(new Date(graceEnds.getTime() - 1))).thenRejects('DEADLINE_NOT_REACHED');
      given([opened, graceEnded()]).when(endGrace(graceEnds)).thenRejects('REPORTING_GRACE_ALREADY_ENDED');
    });

    it('waits for the amended deadline', () => {
      given([opened, ...graceMoved]).when(endGrace(graceEnds)).thenRejects('DEADLINE_NOT_REACHED');
      given([opened, ...graceMoved])
        .when(endGrace(endOfCopenhagenDay('2021-04-30')))
        .then([graceEnded(endOfCopenhagenDay('2021-04-30'))]);
    });

    it('refuses an unknown pool', () => {
      given([]).when(close(startDeadline)).thenRejects('UNKNOWN_POOL');
      given([]).when(endGrace(graceEnds)).thenRejects('UNKNOWN_POOL');
    });
  });

  describe('state', () => {
    it('reads the instants of the definition, whatever the clock changes in between (DST)', () => {
      const state = replay(poolDecider, [opened]);
      expect(state).toMatchObject({
        interestDeadline: new Date('2019-11-29T11:00:00.000Z'),
        commitmentsExpectedBy: new Date('2019-12-13T23:00:00.000Z'),
        // after the clocks went forward on 29 Mar and back on 25 Oct 2020, still midnight in Copenhagen
        startDeadline: new Date('2020-12-31T23:00:00.000Z'),
        reportingGraceEnds: new Date('2021-01-31T23:00:00.000Z'),
        closesAt: new Date('2021-06-30T22:00:00.000Z'),
        amendments: 0,
        pendingAmendment: null,
      });
      if (state.status !== 'open') throw new Error('expected an open pool');
      expect(state.startsClosedAt).toBeUndefined();
      expect(state.graceEndedAt).toBeUndefined();
    });

    it('shows the pending amendment, then the amended calendar and how many amendments there were', () => {
      expect(replay(poolDecider, [opened, amendmentPrepared('reportingGraceEnds', endOfApril2021)])).toMatchObject({
        pendingAmendment: {
          instant: 'reportingGraceEnds',
          newValue: endOfApril2021,
          reason: extension,
          preparedBy: 'caseworker',
          preparedAt,
        },
      });

      const state = replay(poolDecider, [
        opened,
        ...graceMoved,
        amendmentPrepared('startDeadline', endOfMarch2021),
        amended('startDeadline', '2021-01-01T00:00:00+01:00', endOfMarch2021),
      ]);
      expect(state).toMatchObject({
        status: 'open',
        startDeadline: endOfCopenhagenDay('2021-03-31'),
        reportingGraceEnds: endOfCopenhagenDay('2021-04-30'),
        amendments: 2,
        pendingAmendment: null,
        definition: {
          version: 1,
          calendar: { startDeadline: endOfMarch2021, reportingGraceEnds: endOfApril2021 },
        },
      });
      // the definition the pool was opened with is not touched
      expect(mangelpulje2019.calendar.startDeadline).toBe('2021-01-01T00:00:00+01:00');
    });

    it('moves a deadline onto a day of a clock change without moving it off that day', () => {
      // the end of Sunday 28 Mar 2021, the day the clocks go forward, is midnight summer time
      const state = replay(poolDecider, [
        opened,
        ...graceMoved,
        amendmentPrepared('startDeadline', '2021-03-29T00:00:00+02:00'),
        amended('startDeadline', '2021-01-01T00:00:00+01:00', '2021-03-29T00:00:00+02:00'),
      ]);
      expect(state).toMatchObject({ startDeadline: endOfCopenhagenDay('2021-03-28') });
    });

    it('records when the workflow closed the pool for starts and ended the grace, through an allocation too', () => {
      const events = [opened, allocated, closedForStarts(), graceEnded(), closedForStarts(graceEnds)];
      const state = replay(poolDecider, events);
      expect(state).toMatchObject({ status: 'allocated', startsClosedAt: startDeadline, graceEndedAt: graceEnds });
    });

    it('reads events that came back from the store as JSON', () => {
      const events = [opened, ...graceMoved, closedForStarts()];
      expect(replay(poolDecider, JSON.parse(JSON.stringify(events)))).toEqual(replay(poolDecider, events));
    });
  });
});
