import { addDays, copenhagenInstant, endOfCopenhagenDay } from '../calendar';
import { commitmentDecider } from '../commitment/decide';

import { replay, type ReasonCode } from '../decision';
import { halfYearOf } from '../half-year';
import { SHORTAGE_STATUSES, type BalanceLookup } from '../labour-market-balance';
import { mangelpulje2019 } from '../pool-definition';
import { poolDecider } from '../pool/decide';
import type { ReportingGraceEnded } from '../pool/pool';
import type { EmployerDeclaration } from './course';
import { courseDecider, courseStartRejected, type StartCourse } from './decide';
import {
  accepts,
  amend,
  amendedBasis,
  aroundTheDeadline,
  balance2020H1,
  balance2020H2,
  basis,
  cancelled,
  course,
  courseId,
  decideOnPool,
  employer,
  given,
  issuedCommitment,
  messagesOf,
  municipalityCode,
  poolId,
  poolOpened,
  rejects,
  startCourse,
  startedBy,
} from '../testing/course-spec-events';

describe('Course (docs/domain.md §5–6)', () => {
  describe('StartCourse', () => {
    it('accepts a start that meets every rule, recording the basis of the decision', () => {
      const command = startCourse();
      given([]).when(command).then([startedBy(command, basis())]);
    });

    it('keeps the citizen as pseudonym and ciphertext only, and leaves out what the report left out', () => {
      const command = startCourse({
        citizen: { pseudonym: 'p:77aa' },
        targetGroup: 'sygedagpenge',
        unemployedSince: undefined,
      });
      const decision = courseDecider.decide(command, courseDecider.initialState());
      expect(decision.ok && decision.events[0]!.data).toEqual(
        expect.objectContaining({ citizen: { pseudonym: 'p:77aa' }, targetGroup: 'sygedagpenge' }),
      );
      expect(decision.ok && Object.keys(decision.events[0]!.data)).not.toContain('unemployedSince');
    });

    describe('NO_COMMITMENT: a tilsagn in the pool, issued on or before the start date', () => {
      it('refuses a municipality with no commitment, or one only prepared', () => {
        rejects(startCourse({ commitment: commitmentDecider.initialState() }), 'NO_COMMITMENT');
        const prepared = replay(commitmentDecider, [
          {
            type: 'CommitmentPrepared',
            data: {
              poolId,
              municipalityCode,
              amountOre: 1,
              preparedBy: 'caseworker',
              preparedAt: '2019-12-02T09:00:00Z',
            },
          },
        ]);
        rejects(startCourse({ commitment: prepared }), 'NO_COMMITMENT');
      });

      it("does not count another municipality's commitment", () => {
        rejects(startCourse({ commitment: issuedCommitment(undefined, '147') }), 'NO_COMMITMENT');
      });

      it('accepts a start on the day of the commitment and refuses one the day before', () => {
        const commitment = issuedCommitment(copenhagenInstant('2020-03-02', '15:00'));
        accepts(startCourse({ commitment }));
        rejects(startCourse({ commitment, ...course({ startDate: '2020-03-01' }) }), 'NO_COMMITMENT');
      });

      it('compares with the Copenhagen date of the issue, not the UTC one', () => {
        // 2020-03-01T23:30Z is 00:30 on 2 March in Copenhagen; 2020-03-02T23:30Z is already 3 March
        accepts(startCourse({ commitment: issuedCommitment(new Date('2020-03-01T23:30:00Z')) }));
        rejects(startCourse({ commitment: issuedCommitment(new Date('2020-03-02T23:30:00Z')) }), 'NO_COMMITMENT');
      });
    });

    describe('UNKNOWN_POOL', () => {
      it('refuses a pool that was never opened', () => {
        rejects(startCourse({ pool: poolDecider.initialState() }), 'UNKNOWN_POOL');
      });

      it('refuses a report naming another pool than the state given (and has no commitment there)', () => {
        rejects(startCourse({ poolId: 'pulje-findes-ikke' }), 'UNKNOWN_POOL', 'NO_COMMITMENT');
      });
    });

    describe("NOT_IN_TARGET_GROUP: one of the pool's målgrupper", () => {
      it('accepts every LAB § 6 group in the 2019 pool', () => {
        for (const targetGroup of ['kontanthjaelp-aktivitetsparat', 'fleksjob', 'unge-under-18']) {
          accepts(startCourse({ targetGroup }));
        }
      });

      it('refuses a group the pool does not name', () => {
        const twoGroups = { ...mangelpulje2019, targetGroups: mangelpulje2019.targetGroups.slice(0, 2) };
        const pool = replay(poolDecider, [poolOpened(twoGroups)]);
        rejects(startCourse({ pool, targetGroup: 'sygedagpenge' }), 'NOT_IN_TARGET_GROUP');
        rejects(startCourse({ targetGroup: 'studerende' }), 'NOT_IN_TARGET_GROUP');
      });
    });

    describe('UNEMPLOYMENT_TOO_SHORT: the 3-month rule for dagpenge and kontanthjaelp-jobparat', () => {
      it.each([
        ['dagpenge', '2019-12-02', '2020-03-02'],
        ['kontanthjaelp-jobparat', '2019-12-02', '2020-03-02'],
        ['dagpenge', '2020-01-31', '2020-04-30'], // docs/domain.md: 2020-01-31 + 3 months = 2020-04-30
        ['dagpenge', '2019-11-30', '2020-02-29'],
      ])('%s since %s: accepts a start on %s (exactly 3 months), not the day before', (group, since, start) => {
        // employment from 28 May 2020, so that every start from 28 Feb 2020 keeps the 3-month rule of timing
        const change = {
          targetGroup: group,
          unemployedSince: since,
          ...employer({ expectedEmploymentStart: '2020-05-28' }),
        };
        const startingOn = (startDate: string) =>
          startCourse({ ...change, ...course({ startDate, endDate: '2020-05-28' }) });
        accepts(startingOn(start));
        rejects(startingOn(addDays(start, -1)), 'UNEMPLOYMENT_TOO_SHORT');
      });

      it('needs the date unemployment began for those groups', () => {
        rejects(startCourse({ unemployedSince: undefined }), 'UNEMPLOYMENT_TOO_SHORT');
        rejects(startCourse({ targetGroup: 'kontanthjaelp-jobparat', unemployedSince: '' }), 'UNEMPLOYMENT_TOO_SHORT');
      });

      it('applies no such rule to the other groups (Decision, docs/domain.md §5)', () => {
        accepts(startCourse({ targetGroup: 'kontanthjaelp-aktivitetsparat', unemployedSince: undefined }));
        accepts(startCourse({ targetGroup: 'selvforsoergende', unemployedSince: '2020-02-24' }));
      });

      it('says when the course could start at the earliest', () => {
        const decision = courseDecider.decide(
          startCourse({ unemployedSince: '2020-01-31', ...course({ startDate: '2020-04-29' }) }),
          courseDecider.initialState(),
        );
        expect(messagesOf(decision)).toEqual([expect.stringContaining('2020-04-30 at the earliest')]);
        expect(messagesOf(decision)[0]).toContain('dagpengemodtagere');
      });
    });

    describe("EMPLOYER_DECLARATION_MISSING: the employer's hensigtserklæring", () => {
      it('refuses a start without one', () => {
        rejects(startCourse({ employerDeclaration: undefined }), 'EMPLOYER_DECLARATION_MISSING');
      });

      it.each<[string, Partial<EmployerDeclaration>]>([
        ['a CVR number of 7 digits', { cvr: '1234567' }],
        ['a CVR number with a letter', { cvr: '1234567A' }],
        ['no employer name', { employerName: ' ' }],
        ['no job title', { jobTitle: '' }],
        ['no RAR area', { rarArea: '' }],
        ['no date of signing', { signedOn: '' }],
        ['no expected employment start', { expectedEmploymentStart: '' }],
        ['a hire with wage subsidy', { withoutWageSubsidy: false }],
      ])('refuses %s', (_, change) => {
        rejects(startCourse(employer(change)), 'EMPLOYER_DECLARATION_MISSING');
      });

      it('says everything that is missing, in one reason', () => {
        const decision = courseDecider.decide(
          startCourse(employer({ cvr: '123', jobTitle: '', withoutWageSubsidy: false })),
          courseDecider.initialState(),
        );
        expect(decision).toEqual({
          ok: false,
          reasons: [{ code: 'EMPLOYER_DECLARATION_MISSING', message: expect.any(String) }],
        });
        const [message] = messagesOf(decision);
        expect(message).toContain('CVR number must be 8 digits');
        expect(message).toContain('job title is missing');
        expect(message).toContain('without wage subsidy (uden løntilskud)');
      });
    });

    describe('JOB_NOT_SHORTAGE_TITLE: a shortage title on the balance of the half-year of the declaration', () => {
      it.each(SHORTAGE_STATUSES)('accepts a title with status %s', (status) => {
        accepts(startCourse({ balance: { ...balance2020H1, status } }));
      });

      it('refuses a title without a shortage status, naming the half-year, the RAR area and the balance', () => {
        const decision = courseDecider.decide(
          startCourse({ balance: { ...balance2020H1, status: null } }),
          courseDecider.initialState(),
        );
        expect(decision).toMatchObject({ ok: false, reasons: [{ code: 'JOB_NOT_SHORTAGE_TITLE' }] });
        expect(messagesOf(decision)[0]).toMatch(/Hovedstaden.*2020H1.*amb-2020H1-v1/);
      });

      it('refuses a title not on any balance, naming the half-year of the declaration date', () => {
        const command = startCourse({ balance: null, ...employer({ signedOn: '2020-06-30' }) });
        const decision = courseDecider.decide(command, courseDecider.initialState());
        expect(decision).toMatchObject({ ok: false, reasons: [{ code: 'JOB_NOT_SHORTAGE_TITLE' }] });
        // the last day of a half-year belongs to it: the api looks the balance up by halfYearOf(signedOn)
        expect(halfYearOf('2020-06-30')).toBe('2020H1');
        expect(messagesOf(decision)[0]).toContain('for 2020H1');
        expect(messagesOf(decision)[0]).toContain('Hovedstaden');
      });

      it('refuses a status that is not a shortage status, whatever the caller passed', () => {
        const notShortage = { ...balance2020H1, status: 'gode beskæftigelsesmuligheder' } as unknown as BalanceLookup;
        rejects(startCourse({ balance: notShortage }), 'JOB_NOT_SHORTAGE_TITLE');
      });
    });

    describe('COURSE_TIMING_INVALID: from 3 months before the expected employment start, ending by it', () => {
      it('accepts a course from exactly 3 months before to the day of the employment start', () => {
        accepts(startCourse(course({ startDate: '2020-03-01', endDate: '2020-06-01' })));
      });

      it('refuses a course that starts more than 3 months before the employment start', () => {
        rejects(startCourse(course({ startDate: '2020-02-29' })), 'COURSE_TIMING_INVALID');
      });

      it('clamps to the end of the month: 3 months before 31 May 2020 is 29 Feb 2020', () => {
        const change = employer({ expectedEmploymentStart: '2020-05-31' });
        accepts(startCourse({ ...change, ...course({ startDate: '2020-02-29', endDate: '2020-05-29' }) }));
        rejects(
          startCourse({ ...change, ...course({ startDate: '2020-02-28', endDate: '2020-05-29' }) }),
          'COURSE_TIMING_INVALID',
        );
      });

      it('refuses a course that ends after the employment start, or before it starts', () => {
        rejects(startCourse(course({ endDate: '2020-06-02' })), 'COURSE_TIMING_INVALID');
        rejects(startCourse(course({ endDate: '2020-03-01' })), 'COURSE_TIMING_INVALID');
      });

      it('accepts a one-day course', () => {
        accepts(startCourse(course({ endDate: '2020-03-02' })));
      });

      it('takes guidance and upskilling only (vejledning / opkvalificering)', () => {
        accepts(startCourse(course({ category: 'vejledning' })));
        rejects(startCourse(course({ category: 'kursus' })), 'SCHEMA_INVALID');
      });
    });

    describe('POOL_CLOSED_FOR_STARTS: starts by the end of 31 Dec 2020, reported by the end of the grace', () => {
      const inJanuary = copenhagenInstant('2021-01-04', '10:00');

      it('accepts a start on 31 Dec 2020 and refuses one on 1 Jan 2021', () => {
        accepts(startCourse(aroundTheDeadline('2020-12-31', inJanuary)));
        rejects(startCourse(aroundTheDeadline('2021-01-01', inJanuary)), 'POOL_CLOSED_FOR_STARTS');
      });

      it('accepts a start of 30 Dec 2020 reported during the grace, and refuses it after', () => {
        accepts(startCourse(aroundTheDeadline('2020-12-30', copenhagenInstant('2021-01-15', '10:00'))));
        accepts(startCourse(aroundTheDeadline('2020-12-30', new Date(endOfCopenhagenDay('2021-01-31').getTime() - 1))));
        const graceOver = copenhagenInstant('2021-02-01');
        rejects(startCourse(aroundTheDeadline('2020-12-30', graceOver)), 'POOL_CLOSED_FOR_STARTS');
      });

      it("takes the workflow's word that the grace has ended, even a moment before the caller's clock says so", () => {
        const ended: ReportingGraceEnded = {
          type: 'ReportingGraceEnded',
          data: { poolId, at: new Date(endOfCopenhagenDay('2021-01-31').getTime() - 500).toISOString() },
        };
        const pool = replay(poolDecider, [poolOpened(), ended]);
        const aMomentBefore = new Date(endOfCopenhagenDay('2021-01-31').getTime() - 100);
        rejects(startCourse(aroundTheDeadline('2020-12-30', aMomentBefore, pool)), 'POOL_CLOSED_FOR_STARTS');
      });

      it('accepts a start dated before the deadline once the workflow closed the pool for starts', () => {
        const pool = replay(poolDecider, [
          poolOpened(),
          { type: 'PoolClosedForStarts', data: { poolId, at: endOfCopenhagenDay('2020-12-31').toISOString() } },
        ]);
        accepts(startCourse(aroundTheDeadline('2020-12-31', inJanuary, pool)));
      });

      it('says both when the start is late and the report too', () => {
        const decision = courseDecider.decide(
          startCourse(aroundTheDeadline('2021-01-04', copenhagenInstant('2021-02-03', '08:00'))),
          courseDecider.initialState(),
        );
        expect(decision).toMatchObject({
          ok: false,
          reasons: [{ code: 'POOL_CLOSED_FOR_STARTS' }, { code: 'POOL_CLOSED_FOR_STARTS' }],
        });
        expect(messagesOf(decision)[0]).toContain('on or before 2020-12-31');
        expect(messagesOf(decision)[1]).toContain('2021-01-31');
      });
    });

    describe('an amended calendar (docs/domain.md "The pools": amendments, four-eyes)', () => {
      const grace = '2021-05-01T00:00:00+02:00'; // end of 30 Apr 2021
      const endOfMarch = '2021-04-01T00:00:00+02:00'; // end of 31 Mar 2021
      const inFebruary = copenhagenInstant('2021-02-16', '11:00');

      it('takes a start on 15 Feb 2021 once the start deadline is moved to 31 Mar 2021, by two people', () => {
        const before = [poolOpened()];
        rejects(
          startCourse(aroundTheDeadline('2021-02-15', inFebruary, replay(poolDecider, before))),
          'POOL_CLOSED_FOR_STARTS',
          'POOL_CLOSED_FOR_STARTS',
        );

        // one person cannot move the deadline alone
        const prepared = decideOnPool(amend(before, 'reportingGraceEnds', grace), {
          type: 'PrepareDeadlineAmendment',
          data: {
            instant: 'startDeadline',
            newValue: endOfMarch,
            reason: 'Politisk aftale: puljen forlænges',
            preparedBy: 'caseworker',
            at: copenhagenInstant('2020-12-01', '10:00'),
          },
        });
        const alone = poolDecider.decide(
          {
            type: 'ApproveDeadlineAmendment',
            data: { approvedBy: 'caseworker', at: copenhagenInstant('2020-12-01', '11:00') },
          },
          replay(poolDecider, prepared),
        );
        expect(alone).toMatchObject({ ok: false, reasons: [{ code: 'FOUR_EYES_REQUIRED' }] });
        const stillClosed = replay(poolDecider, prepared);
        rejects(startCourse(aroundTheDeadline('2021-02-15', inFebruary, stillClosed)), 'POOL_CLOSED_FOR_STARTS');

        const moved = decideOnPool(prepared, {
          type: 'ApproveDeadlineAmendment',
          data: { approvedBy: 'approver', at: copenhagenInstant('2020-12-01', '11:00') },
        });
        const command = startCourse(aroundTheDeadline('2021-02-15', inFebruary, replay(poolDecider, moved)));
        given([])
          .when(command)
          .then([startedBy(command, amendedBasis())]);
      });

      it('never changes a recorded decision: an earlier rejection stays, a new report is decided anew', () => {
        const before = replay(poolDecider, [poolOpened()]);
        const amended = amend(amend([poolOpened()], 'reportingGraceEnds', grace), 'startDeadline', endOfMarch);
        const after = replay(poolDecider, amended);

        const first = startCourse(aroundTheDeadline('2021-02-15', copenhagenInstant('2021-01-20', '09:00'), before));
        const firstDecision = courseDecider.decide(first, courseDecider.initialState());
        if (firstDecision.ok) throw new Error('expected a rejection');
        const recorded = courseStartRejected(first, firstDecision.reasons);
        expect(recorded.data.basis).toMatchObject({ poolDefinitionVersion: 1, poolAmendments: 0 });

        const second = startCourse(aroundTheDeadline('2021-02-15', inFebruary, after));
        const accepted = startedBy(second, amendedBasis());
        given([recorded]).when(second).then([accepted]);

        const state = replay(courseDecider, [recorded, accepted]);
        expect(state.decisions.map((d) => [d.event, d.accepted, d.basis?.poolAmendments])).toEqual([
          ['CourseStartRejected', false, 0],
          ['CourseStarted', true, 2],
        ]);
        expect(state.decisions[0]!.reasons.map((r) => r.code)).toEqual(['POOL_CLOSED_FOR_STARTS']);
      });

      it('records the version of the pool definition the decision used', () => {
        const version2 = replay(poolDecider, [poolOpened({ ...mangelpulje2019, version: 2 })]);
        const command = startCourse({ pool: version2 });
        given([]).when(command).then([startedBy(command, basis({ poolDefinitionVersion: 2 }))]);
      });
    });

    describe('clock changes (DST) move no deadline', () => {
      it('accepts starts on the days the clocks change', () => {
        accepts(startCourse(course({ startDate: '2020-03-29' })));
        accepts(
          startCourse({
            ...employer({ signedOn: '2020-10-01', expectedEmploymentStart: '2021-01-04' }),
            ...course({ startDate: '2020-10-25', endDate: '2020-12-18' }),
            balance: balance2020H2,
          }),
        );
      });

      it('counts 3 months of unemployment to a DST day like any other', () => {
        accepts(startCourse({ unemployedSince: '2019-12-29', ...course({ startDate: '2020-03-29' }) }));
        rejects(
          startCourse({ unemployedSince: '2019-12-29', ...course({ startDate: '2020-03-28' }) }),
          'UNEMPLOYMENT_TOO_SHORT',
        );
      });

      it('keeps a start deadline moved onto the spring change (end of 28 Mar 2021) on that day', () => {
        const graceMoved = amend([poolOpened()], 'reportingGraceEnds', '2021-05-01T00:00:00+02:00');
        const pool = replay(poolDecider, amend(graceMoved, 'startDeadline', '2021-03-29T00:00:00+02:00'));
        const at = copenhagenInstant('2021-03-30', '09:00');
        const spring = (startDate: string) =>
          startCourse({
            ...employer({ signedOn: '2021-02-01', expectedEmploymentStart: '2021-04-15' }),
            ...course({ startDate, endDate: '2021-04-09' }),
            balance: { ...balance2020H2, version: 'amb-2021H1-v1', halfYear: '2021H1' },
            at,
            pool,
          });
        given([]).when(spring('2021-03-28')).then([
          startedBy(spring('2021-03-28'), amendedBasis({ balanceVersion: 'amb-2021H1-v1', balanceHalfYear: '2021H1' })),
        ]);
        rejects(spring('2021-03-29'), 'POOL_CLOSED_FOR_STARTS');
      });
    });

    describe('DUPLICATE_COURSE_ID', () => {
      it('refuses a second start of a course whose start was accepted, even once it has ended', () => {
        const started = startedBy(startCourse());
        given([started]).when(startCourse()).thenRejects('DUPLICATE_COURSE_ID');
        given([started, cancelled()]).when(startCourse()).thenRejects('DUPLICATE_COURSE_ID');
      });

      it('accepts a corrected report after a rejected one', () => {
        const wrong = startCourse({ balance: null });
        const rejection = courseStartRejected(wrong, [{ code: 'JOB_NOT_SHORTAGE_TITLE', message: '…' }]);
        accepts(startCourse(), [rejection]);
      });
    });

    describe('SCHEMA_INVALID (the api validates with zod first; the decision stays total)', () => {
      it.each<[string, Partial<StartCourse['data']>, ReasonCode[]]>([
        ['a start date that is no date', course({ startDate: '2020-02-30' }), ['SCHEMA_INVALID']],
        ['an end date that is no date', course({ endDate: '29/05/2020' }), ['SCHEMA_INVALID']],
        ['a negative cost', course({ estimatedCostOre: -1 }), ['SCHEMA_INVALID']],
        ['a cost in fractions of an øre', course({ estimatedCostOre: 10.5 }), ['SCHEMA_INVALID']],
        ['no course title', course({ title: '' }), ['SCHEMA_INVALID']],
        ['no courseId', { courseId: ' ' }, ['SCHEMA_INVALID']],
        ['no pseudonym', { citizen: { pseudonym: '' } }, ['SCHEMA_INVALID']],
        ['a malformed unemployedSince', { unemployedSince: '15-11-2019' }, ['SCHEMA_INVALID']],
        ['a malformed declaration date', employer({ signedOn: '2020-02-30' }), ['SCHEMA_INVALID']],
        ['an invalid time of report', { at: new Date(Number.NaN) }, ['SCHEMA_INVALID']],
        ['a municipality code of 4 digits', { municipalityCode: '1011' }, ['SCHEMA_INVALID', 'NO_COMMITMENT']],
      ])('refuses %s', (_, change, codes) => {
        rejects(startCourse(change), ...codes);
      });

      it('accepts a cost of 0 øre', () => {
        accepts(startCourse(course({ estimatedCostOre: 0 })));
      });
    });

    it('names every broken rule at once', () => {
      rejects(
        startCourse({
          commitment: commitmentDecider.initialState(),
          unemployedSince: undefined,
          ...employer({ signedOn: '2020-11-20', expectedEmploymentStart: '2021-03-01', withoutWageSubsidy: false }),
          ...course({ startDate: '2021-01-04', endDate: '2021-03-31' }),
          balance: null,
          at: copenhagenInstant('2021-02-10', '12:00'),
        }),
        'NO_COMMITMENT',
        'UNEMPLOYMENT_TOO_SHORT',
        'EMPLOYER_DECLARATION_MISSING',
        'JOB_NOT_SHORTAGE_TITLE',
        'COURSE_TIMING_INVALID',
        'POOL_CLOSED_FOR_STARTS',
        'POOL_CLOSED_FOR_STARTS',
      );
      rejects(
        startCourse({ targetGroup: 'studerende', ...course({ category: 'kursus', startDate: '2020-02-01' }) }),
        'SCHEMA_INVALID',
        'NOT_IN_TARGET_GROUP',
        'COURSE_TIMING_INVALID',
      );
    });

    it('gives every reason a message a caseworker can read, and no CPR number', () => {
      const decision = courseDecider.decide(
        startCourse({
          commitment: commitmentDecider.initialState(),
          balance: null,
          ...course({ startDate: '2021-01-04' }),
        }),
        courseDecider.initialState(),
      );
      for (const message of messagesOf(decision)) {
        expect(message.length).toBeGreaterThan(20);
        expect(message).not.toMatch(/\d{6}-?\d{4}/);
      }
    });
  });

  describe('courseStartRejected: the record of a rejected start', () => {
    it('carries every reason and the basis, with the half-year of the declaration when no balance was found', () => {
      const command = startCourse({ balance: null, ...employer({ signedOn: '2020-06-30' }) });
      const reasons = [{ code: 'JOB_NOT_SHORTAGE_TITLE' as const, message: 'not a shortage title' }];
      expect(courseStartRejected(command, reasons)).toEqual({
        type: 'CourseStartRejected',
        data: {
          poolId,
          municipalityCode,
          courseId,
          reasons,
          decidedAt: command.data.at.toISOString(),
          basis: basis({ balanceVersion: null, balanceHalfYear: '2020H1', shortageStatus: null }),
        },
      });
    });

    it('records an unknown pool as version 0 with no amendments', () => {
      const command = startCourse({ pool: poolDecider.initialState(), poolId: '' });
      const recorded = courseStartRejected(command, [{ code: 'UNKNOWN_POOL', message: 'no pool' }]);
      expect(recorded.data).not.toHaveProperty('poolId');
      expect(recorded.data.basis).toMatchObject({ poolDefinitionVersion: 0, poolAmendments: 0 });
    });
  });
});
