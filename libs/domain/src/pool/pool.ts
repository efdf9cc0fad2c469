// The pool (stream `pool-<poolId>`): its definition, the expressions of interest, the allocation (docs/domain.md "The life
// of a pool", steps 1–3), the amendments that move its deadlines and the deadlines reached (steps 5–6).

import { parseInstant } from '../calendar';
import type { DomainEvent, InstantString } from '../decision';
import type { Ore } from '../money';
import type { MunicipalityCode } from '../municipality';
import type { AmendableInstant, PoolCalendar, PoolDefinition } from '../pool-definition/schema';
import type { AllocationResult, ExecutableAllocationRule } from './allocation';

/////////////////////////////////////////
////////// Events
/////////////////////////////////////////

/** Udmeldt: the pool is announced with its definition. */
export type PoolOpened = DomainEvent<'PoolOpened', { poolId: string; definition: PoolDefinition }>;

/** Interessetilkendegivelse: replaces the municipality's earlier expression, if any. */
export type InterestExpressed = DomainEvent<
  'InterestExpressed',
  {
    poolId: string;
    municipalityCode: MunicipalityCode;
    requestedAmountOre: Ore;
    expectedParticipants: number;
    contactEmail: string;
  }
>;

export type InterestWithdrawn = DomainEvent<
  'InterestWithdrawn',
  { poolId: string; municipalityCode: MunicipalityCode }
>;

export type AllocationMade = DomainEvent<
  'AllocationMade',
  AllocationResult & { poolId: string; rule: ExecutableAllocationRule }
>;

/** A staff member proposes to move a deadline of the running pool; a second person approves (docs/domain.md "The pools":
 * changing a rule of a running pool is an amendment event with its reason, never an edit). */
export type DeadlineAmendmentPrepared = DomainEvent<
  'DeadlineAmendmentPrepared',
  {
    poolId: string;
    instant: AmendableInstant;
    newValue: InstantString;
    reason: string;
    preparedBy: string;
    preparedAt: InstantString;
  }
>;

/** The deadline moved: from now on decisions read `newValue`; decisions recorded before keep theirs. */
export type DeadlineAmended = DomainEvent<
  'DeadlineAmended',
  {
    poolId: string;
    instant: AmendableInstant;
    previousValue: InstantString;
    newValue: InstantString;
    reason: string;
    preparedBy: string;
    approvedBy: string;
    amendedAt: InstantString;
  }
>;

/** The start deadline was reached (appended by the pool's workflow at that instant, docs/domain.md §6). */
export type PoolClosedForStarts = DomainEvent<'PoolClosedForStarts', { poolId: string; at: InstantString }>;

/** The reporting grace for starts ended: every start report is rejected from now on (docs/domain.md §6). */
export type ReportingGraceEnded = DomainEvent<'ReportingGraceEnded', { poolId: string; at: InstantString }>;

export type PoolEvent =
  | PoolOpened
  | InterestExpressed
  | InterestWithdrawn
  | AllocationMade
  | DeadlineAmendmentPrepared
  | DeadlineAmended
  | PoolClosedForStarts
  | ReportingGraceEnded;

/////////////////////////////////////////
////////// Pool
/////////////////////////////////////////

export type Interest = Readonly<{ requestedAmountOre: Ore; expectedParticipants: number; contactEmail: string }>;

// Every variant names `definition` and `allocation` (undefined where there is none yet), so callers may read
// `state.allocation?.lapsedOre` without narrowing on `status` first.

export type UnopenedPool = Readonly<{ status: 'not-opened'; definition?: undefined; allocation?: undefined }>;

export type PendingDeadlineAmendment = Readonly<{
  instant: AmendableInstant;
  newValue: InstantString;
  reason: string;
  preparedBy: string;
  preparedAt: Date;
}>;

export type OpenedPool = Readonly<{
  status: 'open';
  /** The definition with every approved amendment applied to its calendar (its `version` stays the loaded one). */
  definition: PoolDefinition;
  /** The calendar instants decisions compare with, read from the (amended) definition. */
  openedAt: Date;
  interestDeadline: Date;
  commitmentsExpectedBy: Date;
  /** Exclusive: a course must start before it (the end of 31 Dec 2020 is 2021-01-01T00:00 Copenhagen). */
  startDeadline: Date;
  /** Exclusive: reports of starts dated before the start deadline are accepted until then. */
  reportingGraceEnds: Date;
  closesAt: Date;
  /** How many deadline amendments were approved: with `definition.version`, the calendar a decision used. */
  amendments: number;
  /** An amendment prepared and waiting for a second person's approval. */
  pendingAmendment: PendingDeadlineAmendment | null;
  /** When the pool's workflow recorded the start deadline as reached (PoolClosedForStarts). */
  startsClosedAt?: Date;
  /** When the pool's workflow recorded the end of the reporting grace (ReportingGraceEnded). */
  graceEndedAt?: Date;
  /** The standing expression of interest of each municipality. */
  interests: Readonly<Record<MunicipalityCode, Interest>>;
  allocation?: undefined;
}>;

export type AllocatedPool = Omit<OpenedPool, 'status' | 'allocation'> &
  Readonly<{ status: 'allocated'; allocation: AllocationResult }>;

export type Pool = UnopenedPool | OpenedPool | AllocatedPool;

export const initialState = (): Pool => ({ status: 'not-opened' });

/** A pool that has been opened, allocated or not. */
export const isKnownPool = (state: Pool): state is OpenedPool | AllocatedPool => state.status !== 'not-opened';

/** The start deadline has been reached: recorded by the workflow (on Temporal's clock) or passed at `at` (on the
 * caller's), whichever comes first, so two clocks a little apart never disagree in the municipality's favour. */
export const startsAreClosed = (state: OpenedPool | AllocatedPool, at: Date): boolean =>
  state.startsClosedAt !== undefined || at >= state.startDeadline;

/** The reporting grace has ended, by the workflow's record or by `at` (see startsAreClosed). */
export const reportingGraceHasEnded = (state: OpenedPool | AllocatedPool, at: Date): boolean =>
  state.graceEndedAt !== undefined || at >= state.reportingGraceEnds;

/////////////////////////////////////////
////////// Evolve
/////////////////////////////////////////

const withoutKey = <T>(record: Readonly<Record<string, T>>, key: string): Record<string, T> =>
  Object.fromEntries(Object.entries(record).filter(([k]) => k !== key));

/** The instants of a calendar that decisions compare with. */
const instantsOf = (calendar: PoolCalendar) => ({
  openedAt: parseInstant(calendar.openedAt),
  interestDeadline: parseInstant(calendar.interestDeadline),
  commitmentsExpectedBy: parseInstant(calendar.commitmentsExpectedBy),
  startDeadline: parseInstant(calendar.startDeadline),
  reportingGraceEnds: parseInstant(calendar.reportingGraceEnds),
  closesAt: parseInstant(calendar.closesAt),
});

export const evolve = (state: Pool, event: PoolEvent): Pool => {
  const { type, data } = event;

  switch (type) {
    case 'PoolOpened':
      return {
        status: 'open',
        definition: data.definition,
        ...instantsOf(data.definition.calendar),
        amendments: 0,
        pendingAmendment: null,
        interests: {},
      };
    case 'InterestExpressed': {
      if (state.status !== 'open') return state;
      const { municipalityCode, requestedAmountOre, expectedParticipants, contactEmail } = data;
      const interest: Interest = { requestedAmountOre, expectedParticipants, contactEmail };
      return { ...state, interests: { ...state.interests, [municipalityCode]: interest } };
    }
    case 'InterestWithdrawn':
      return state.status === 'open'
        ? { ...state, interests: withoutKey(state.interests, data.municipalityCode) }
        : state;
    case 'AllocationMade': {
      if (state.status !== 'open') return state;
      const { poolOre, totalRequestedOre, lapsedOre, allocations } = data;
      return { ...state, status: 'allocated', allocation: { poolOre, totalRequestedOre, lapsedOre, allocations } };
    }
    case 'DeadlineAmendmentPrepared': {
      if (!isKnownPool(state)) return state;
      const { instant, newValue, reason, preparedBy, preparedAt } = data;
      return { ...state, pendingAmendment: { instant, newValue, reason, preparedBy, preparedAt: new Date(preparedAt) } };
    }
    case 'DeadlineAmended': {
      if (!isKnownPool(state)) return state;
      const calendar = { ...state.definition.calendar, [data.instant]: data.newValue };
      return {
        ...state,
        definition: { ...state.definition, calendar },
        ...instantsOf(calendar),
        amendments: state.amendments + 1,
        pendingAmendment: null,
      };
    }
    case 'PoolClosedForStarts':
      return isKnownPool(state) && state.startsClosedAt === undefined
        ? { ...state, startsClosedAt: new Date(data.at) }
        : state;
    case 'ReportingGraceEnded':
      return isKnownPool(state) && state.graceEndedAt === undefined
        ? { ...state, graceEndedAt: new Date(data.at) }
        : state;
    default: {
      const _unknownEvent: never = type;
      return state;
    }
  }
};
