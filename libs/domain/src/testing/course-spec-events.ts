// The pool, commitment, reports and events the course specs start from and expect. Test-only.

import { copenhagenInstant } from '../calendar';
import { commitmentDecider } from '../commitment/decide';
import type { CommitmentIssued, CommitmentPrepared } from '../commitment/commitment';
import { replay, type Decision, type ReasonCode } from '../decision';
import type { BalanceLookup } from '../labour-market-balance';
import { mangelpulje2019 } from '../pool-definition';
import type { PoolDefinition } from '../pool-definition/schema';
import { poolDecider, type PoolCommand } from '../pool/decide';
import type { Pool, PoolEvent } from '../pool/pool';
import { deciderSpecification } from './decider-specification';
import type {
  CourseCancelled,
  CourseCompleted,
  CourseEvent,
  CourseStarted,
  DecisionBasis,
  EmployerDeclaration,
} from '../course/course';
import { courseDecider, type StartCourse } from '../course/decide';

export const given = deciderSpecification(courseDecider);

// --- the pool, mangelpulje-2019, and Københavns Kommune's tilsagn in it

export const poolId = 'mangelpulje-2019';
export const municipalityCode = '101';
export const courseId = 'KBH-2020-0042';

export const poolOpened = (definition: PoolDefinition = mangelpulje2019): PoolEvent => ({
  type: 'PoolOpened',
  data: { poolId: definition.poolId, definition },
});
export const openPool = replay(poolDecider, [poolOpened()]);

export const issuedCommitment = (issuedAt = copenhagenInstant('2019-12-03', '14:30'), code = municipalityCode) => {
  const prepared: CommitmentPrepared = {
    type: 'CommitmentPrepared',
    data: {
      poolId,
      municipalityCode: code,
      amountOre: 300_000_000,
      preparedBy: 'caseworker',
      preparedAt: copenhagenInstant('2019-12-02', '10:00').toISOString(),
    },
  };
  const issued: CommitmentIssued = {
    type: 'CommitmentIssued',
    data: {
      poolId,
      municipalityCode: code,
      amountOre: 300_000_000,
      preparedBy: 'caseworker',
      approvedBy: 'approver',
      issuedAt: issuedAt.toISOString(),
    },
  };
  return replay(commitmentDecider, [prepared, issued]);
};

// --- a course start that meets every rule: a dagpengemodtager upskilled to social- og sundhedsassistent

export const declaration: EmployerDeclaration = {
  cvr: '12345678',
  employerName: 'Plejecenter Sølund',
  jobTitle: 'Social- og sundhedsassistent',
  rarArea: 'Hovedstaden',
  signedOn: '2020-02-20',
  expectedEmploymentStart: '2020-06-01',
  withoutWageSubsidy: true,
};

export const report = {
  municipalityCode,
  courseId,
  poolId,
  citizen: { pseudonym: 'p:5f1c0a9e', cprCiphertext: 'v1:key-17:9d2f…' },
  targetGroup: 'dagpenge',
  unemployedSince: '2019-11-15',
  employerDeclaration: declaration,
  course: {
    title: 'Opkvalificering til social- og sundhedsassistent',
    provider: 'SOSU H',
    category: 'opkvalificering',
    startDate: '2020-03-02',
    endDate: '2020-05-29',
    estimatedCostOre: 3_500_000,
  },
} satisfies Partial<StartCourse['data']>;

export const balance2020H1: BalanceLookup = { version: 'amb-2020H1-v1', halfYear: '2020H1', status: 'mangel' };
export const balance2020H2: BalanceLookup = { version: 'amb-2020H2-v1', halfYear: '2020H2', status: 'omfattende mangel' };

export const startCourse = (overrides: Partial<StartCourse['data']> = {}): StartCourse => ({
  type: 'StartCourse',
  data: {
    ...report,
    at: copenhagenInstant('2020-03-02', '09:15'),
    pool: openPool,
    commitment: issuedCommitment(),
    balance: balance2020H1,
    ...overrides,
  },
});

export const course = (change: Partial<StartCourse['data']['course']>) => ({ course: { ...report.course, ...change } });
export const employer = (change: Partial<EmployerDeclaration>) => ({ employerDeclaration: { ...declaration, ...change } });

/** A course around the start deadline: declaration signed in Nov 2020, employment from 1 Mar 2021, so any start from
 * 1 Dec 2020 to the end date (26 Feb 2021) keeps the 3-month rule of timing. */
export const aroundTheDeadline = (startDate: string, at: Date, pool: Pool = openPool): Partial<StartCourse['data']> => ({
  ...employer({ signedOn: '2020-11-20', expectedEmploymentStart: '2021-03-01' }),
  ...course({ startDate, endDate: '2021-02-26' }),
  balance: balance2020H2,
  at,
  pool,
});

export const basis = (change: Partial<DecisionBasis> = {}): DecisionBasis => ({
  poolDefinitionVersion: 1,
  poolAmendments: 0,
  balanceVersion: 'amb-2020H1-v1',
  balanceHalfYear: '2020H1',
  shortageStatus: 'mangel',
  ...change,
});

/** The event an accepted command records: the report as it came, the time and the basis. */
export const startedBy = (command: StartCourse, recordedBasis?: DecisionBasis): CourseStarted => {
  const { citizen, targetGroup, unemployedSince, employerDeclaration, course: details, at, balance } = command.data;
  return {
    type: 'CourseStarted',
    data: {
      poolId,
      municipalityCode,
      courseId,
      citizen,
      targetGroup: targetGroup as CourseStarted['data']['targetGroup'],
      ...(unemployedSince === undefined ? {} : { unemployedSince }),
      employerDeclaration: employerDeclaration!,
      course: { ...details, category: details.category as 'vejledning' | 'opkvalificering' },
      decidedAt: at.toISOString(),
      basis:
        recordedBasis ??
        basis({
          balanceVersion: balance!.version,
          balanceHalfYear: balance!.halfYear,
          shortageStatus: balance!.status,
        }),
    },
  };
};

export const accepts = (command: StartCourse, givenEvents: CourseEvent[] = []) =>
  given(givenEvents).when(command).then([startedBy(command)]);

export const rejects = (command: StartCourse, ...codes: ReasonCode[]) =>
  given([]).when(command).thenRejects(...codes);

export const messagesOf = (decision: Decision<unknown>): string[] =>
  decision.ok ? [] : decision.reasons.map((r) => r.message);

/** The basis of a decision on the 2020H2 balance, after the pool's calendar was amended twice. */
export const amendedBasis = (change: Partial<DecisionBasis> = {}): DecisionBasis =>
  basis({
    poolAmendments: 2,
    balanceVersion: 'amb-2020H2-v1',
    balanceHalfYear: '2020H2',
    shortageStatus: 'omfattende mangel',
    ...change,
  });

// --- the pool's calendar moved by staff, four-eyes, through the pool's own decider

export const decideOnPool = (events: PoolEvent[], command: PoolCommand): PoolEvent[] => {
  const decision = poolDecider.decide(command, replay(poolDecider, events));
  if (!decision.ok) throw new Error(decision.reasons.map((r) => r.message).join(' '));
  return [...events, ...decision.events];
};

export const amend = (events: PoolEvent[], instant: 'startDeadline' | 'reportingGraceEnds', newValue: string): PoolEvent[] => {
  const at = copenhagenInstant('2020-12-01', '10:00');
  const reason = 'Politisk aftale: puljen forlænges';
  return decideOnPool(
    decideOnPool(events, {
      type: 'PrepareDeadlineAmendment',
      data: { instant, newValue, reason, preparedBy: 'caseworker', at },
    }),
    { type: 'ApproveDeadlineAmendment', data: { approvedBy: 'approver', at } },
  );
};

export function cancelled(cancelledOn = '2020-04-10'): CourseCancelled {
  return {
    type: 'CourseCancelled',
    data: {
      poolId,
      municipalityCode,
      courseId,
      cancelledOn,
      reason: 'Borgeren er flyttet',
      decidedAt: copenhagenInstant('2020-04-14', '08:00').toISOString(),
    },
  };
}

export function completed(completedOn = '2020-05-29', employed = true): CourseCompleted {
  return {
    type: 'CourseCompleted',
    data: {
      poolId,
      municipalityCode,
      courseId,
      completedOn,
      employed,
      decidedAt: copenhagenInstant('2020-06-02', '08:00').toISOString(),
    },
  };
}
