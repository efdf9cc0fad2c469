// Decisions about a pool: opening it, expressions of interest, the allocation (docs/domain.md §1–3), amendments that move
// its deadlines (docs/domain.md "The pools", "The calendar") and the start deadline and reporting grace reached (§6).

import { parseInstant, toCopenhagenIso } from '../calendar';
import { municipalityCodeIsValid, type KnownPool } from '../checks';
import {
  acceptUnless,
  reason,
  rejected,
  type Check,
  type Command,
  type Decider,
  type Decision,
  type InstantString,
  type Reason,
} from '../decision';
import { isSecondPerson, personIsNamed } from '../four-eyes';
import { formatOre, isOre, type Ore } from '../money';
import type { MunicipalityCode } from '../municipality';
import {
  AMENDABLE_INSTANTS,
  checkPoolDefinition,
  type AllocationRule,
  type AmendableInstant,
  type PoolDefinition,
} from '../pool-definition/schema';
import { allocate, isExecutableAllocationRule } from './allocation';
import {
  evolve,
  initialState,
  isKnownPool,
  reportingGraceHasEnded,
  startsAreClosed,
  type AllocatedPool,
  type AllocationMade,
  type DeadlineAmended,
  type DeadlineAmendmentPrepared,
  type InterestExpressed,
  type InterestWithdrawn,
  type OpenedPool,
  type Pool,
  type PoolClosedForStarts,
  type PoolEvent,
  type PoolOpened,
  type ReportingGraceEnded,
} from './pool';

/////////////////////////////////////////
////////// Commands
/////////////////////////////////////////

export type OpenPool = Command<'OpenPool', { definition: PoolDefinition }>;

// The pool commands name no pool: they are decided on the pool's own stream, and its events take the id from there.

export type ExpressInterest = Command<
  'ExpressInterest',
  {
    municipalityCode: MunicipalityCode;
    requestedAmountOre: Ore;
    expectedParticipants: number;
    contactEmail: string;
    at: Date;
  }
>;

export type WithdrawInterest = Command<
  'WithdrawInterest',
  { municipalityCode: MunicipalityCode; at: Date }
>;

export type Allocate = Command<'Allocate', { at: Date }>;

/** Proposes to move one deadline of the running pool; it takes effect when a second person approves. */
export type PrepareDeadlineAmendment = Command<
  'PrepareDeadlineAmendment',
  { instant: AmendableInstant; newValue: InstantString; reason: string; preparedBy: string; at: Date }
>;

export type ApproveDeadlineAmendment = Command<'ApproveDeadlineAmendment', { approvedBy: string; at: Date }>;

/** Sent by the pool's workflow at the start deadline. */
export type CloseForStarts = Command<'CloseForStarts', { at: Date }>;

/** Sent by the pool's workflow at the end of the reporting grace. */
export type EndReportingGrace = Command<'EndReportingGrace', { at: Date }>;

export type PoolCommand =
  | OpenPool
  | ExpressInterest
  | WithdrawInterest
  | Allocate
  | PrepareDeadlineAmendment
  | ApproveDeadlineAmendment
  | CloseForStarts
  | EndReportingGrace;

/////////////////////////////////////////
////////// Rules
/////////////////////////////////////////

const unknownPool = (): Reason => reason('UNKNOWN_POOL', 'The pool has not been opened.');

/** A pool is opened once; its stream is its own (design.md: `pool-<poolId>`). */
const poolIsNotYetOpen = (state: Pool): Check =>
  state.status === 'not-opened'
    ? undefined
    : reason('POOL_ALREADY_OPEN', `Pool "${state.definition.poolId}" is already open.`);

/** A definition is data validated at load (docs/domain.md "The pools"); one that is not valid is never opened. */
const definitionIsValid = (definition: PoolDefinition): Check => {
  const checked = checkPoolDefinition(definition);
  return checked.ok ? undefined : reason('SCHEMA_INVALID', checked.error.message);
};

/** Interest may be expressed, revised or withdrawn from the opening until the interest deadline (exclusive) and
 * never after the allocation (docs/domain.md §2). */
const interestWindowIsOpen = (state: OpenedPool | AllocatedPool, at: Date): Check => {
  if (state.status === 'allocated') {
    return reason('INTEREST_WINDOW_CLOSED', 'The pool has been allocated; interest can no longer change.');
  }
  if (at < state.openedAt) {
    return reason('INTEREST_WINDOW_CLOSED', `The interest window opens at ${toCopenhagenIso(state.openedAt)}.`);
  }
  return at < state.interestDeadline
    ? undefined
    : reason('INTEREST_WINDOW_CLOSED', `The interest deadline ${toCopenhagenIso(state.interestDeadline)} has passed.`);
};

/** Money is a positive whole number of øre (docs/municipal-api.md). Decision: no more than the whole pool, which is
 * all a municipality could ever get (and keeps the sum of all requests a safe integer). */
const requestedAmountIsValid = (requestedAmountOre: Ore, poolOre: Ore): Check => {
  if (!isOre(requestedAmountOre) || requestedAmountOre <= 0) {
    return reason(
      'INVALID_AMOUNT',
      `The requested amount must be a whole number of øre above 0, got ${requestedAmountOre}.`,
    );
  }
  return requestedAmountOre <= poolOre
    ? undefined
    : reason(
        'INVALID_AMOUNT',
        `The requested amount ${formatOre(requestedAmountOre)} is more than the whole pool, ${formatOre(poolOre)}.`,
      );
};

const participantsArePositive = (expectedParticipants: number): Check =>
  Number.isSafeInteger(expectedParticipants) && expectedParticipants > 0
    ? undefined
    : reason('SCHEMA_INVALID', `Expected participants must be a whole number above 0, got ${expectedParticipants}.`);

const contactEmailIsAnAddress = (contactEmail: string): Check =>
  /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(contactEmail)
    ? undefined
    : reason('SCHEMA_INVALID', `"${contactEmail}" is not an e-mail address.`);

const hasInterestToWithdraw = (state: OpenedPool | AllocatedPool, municipalityCode: MunicipalityCode): Check =>
  Object.hasOwn(state.interests, municipalityCode)
    ? undefined
    : reason('NO_INTEREST_TO_WITHDRAW', `Municipality ${municipalityCode} has no interest in the pool to withdraw.`);

/** Only pro rata is carried out so far; a pool naming another rule (the 2017 key) waits for its implementation. */
const ruleNotCarriedOut = (rule: AllocationRule): Reason =>
  reason('ALLOCATION_RULE_NOT_SUPPORTED', `The allocation rule "${rule.kind}" is not carried out yet.`);

const notYetAllocated = (state: OpenedPool | AllocatedPool): Check =>
  state.status === 'allocated'
    ? reason('ALREADY_ALLOCATED', `Pool "${state.definition.poolId}" has already been allocated.`)
    : undefined;

/** The allocation is made at the interest deadline, not before (docs/domain.md §3). */
const interestDeadlineIsReached = (state: OpenedPool | AllocatedPool, at: Date): Check =>
  at >= state.interestDeadline
    ? undefined
    : reason('DEADLINE_NOT_REACHED', `The interest deadline is ${toCopenhagenIso(state.interestDeadline)}.`);

/** What staff call each instant, for messages. */
const INSTANT_NAMES: Readonly<Record<AmendableInstant, string>> = {
  interestDeadline: 'interest deadline',
  commitmentsExpectedBy: 'date commitments are expected by',
  startDeadline: 'start deadline',
  reportingGraceEnds: 'end of the reporting grace',
  closesAt: 'closing of the pool',
};

const isAmendableInstant = (instant: string): instant is AmendableInstant =>
  (AMENDABLE_INSTANTS as readonly string[]).includes(instant);

/** Only the instants the definition marks † may move; the final claim deadlines never do (docs/domain.md "The calendar"
 * and §8: "that deadline is never extended"). */
const instantIsAmendable = (state: KnownPool, instant: string): Check => {
  if (instant === 'finalClaimDeadlines') {
    return reason('DEADLINE_NOT_AMENDABLE', 'The final claim deadlines are never moved (docs/domain.md §8).');
  }
  return isAmendableInstant(instant) && state.definition.amendable.includes(instant)
    ? undefined
    : reason(
        'DEADLINE_NOT_AMENDABLE',
        `"${instant}" is not a deadline pool "${state.definition.poolId}" allows to be amended ` +
          `(amendable: ${state.definition.amendable.join(', ') || 'none'}).`,
      );
};

/** The deadline as the pool has it now: after its workflow recorded it as reached, it has passed whatever the clock
 * of the caller says (see startsAreClosed). */
const hasPassed = (state: KnownPool, instant: AmendableInstant, at: Date): boolean => {
  switch (instant) {
    case 'interestDeadline':
      return state.status === 'allocated' || at >= state.interestDeadline;
    case 'startDeadline':
      return startsAreClosed(state, at);
    case 'reportingGraceEnds':
      return reportingGraceHasEnded(state, at);
    default:
      return at >= state[instant];
  }
};

/** An amendment moves a deadline that has not passed yet, to a moment that has not passed yet: a deadline that has
 * fired has had its effects (an allocation, closed starts), which an amendment does not undo. */
const deadlineIsAhead = (state: KnownPool, instant: AmendableInstant, newValue: Date | undefined, at: Date): Check => {
  if (hasPassed(state, instant, at)) {
    return reason(
      'DEADLINE_ALREADY_PASSED',
      `The ${INSTANT_NAMES[instant]} (${instant}, ${toCopenhagenIso(state[instant])}) has passed; ` +
        'it can no longer be amended.',
    );
  }
  return newValue === undefined || newValue > at
    ? undefined
    : reason(
        'DEADLINE_ALREADY_PASSED',
        `The new ${INSTANT_NAMES[instant]} (${toCopenhagenIso(newValue)}) must be after the time of the amendment, ` +
          `${toCopenhagenIso(at)}.`,
      );
};

const readInstant = (iso: string): Date | undefined => {
  try {
    return parseInstant(iso);
  } catch {
    return undefined;
  }
};

const newValueIsAnInstant = (newValue: string): Check =>
  readInstant(newValue) === undefined
    ? reason('SCHEMA_INVALID', `"${newValue}" is not an ISO-8601 instant with offset, e.g. 2021-04-01T00:00:00+02:00.`)
    : undefined;

/** The calendar runs forwards after the amendment too: interestDeadline < startDeadline ≤ reportingGraceEnds <
 * closesAt, and every rule the definition's schema has (payout runs before closing, …). */
const calendarStaysValid = (state: KnownPool, instant: AmendableInstant, newValue: Date | undefined): Check => {
  if (newValue === undefined) return undefined;
  const calendar = { ...state.definition.calendar, [instant]: toCopenhagenIso(newValue) };
  const at = (key: AmendableInstant): Date => (key === instant ? newValue : state[key]);
  const problems = [
    ...(at('interestDeadline') < at('startDeadline') ? [] : ['interestDeadline must be before startDeadline']),
    ...(at('reportingGraceEnds') < at('closesAt') ? [] : ['reportingGraceEnds must be before closesAt']),
  ];
  const checked = checkPoolDefinition({ ...state.definition, calendar });
  if (!checked.ok) problems.push(...checked.error.issues.map((issue) => `${issue.path} ${issue.message}`));
  return problems.length === 0
    ? undefined
    : reason(
        'INVALID_CALENDAR',
        `Moving the ${INSTANT_NAMES[instant]} (${instant}) to ${toCopenhagenIso(newValue)} would break the calendar: ` +
          `${[...new Set(problems)].join('; ')}.`,
      );
};

/** An amendment carries its reason (docs/domain.md "The pools"). */
const amendmentReasonIsGiven = (text: string): Check =>
  typeof text === 'string' && text.trim().length > 0
    ? undefined
    : reason('SCHEMA_INVALID', 'An amendment needs a reason (e.g. the political decision behind it).');

/** The workflow closes the pool for starts at the start deadline (docs/domain.md §6), once. */
const startDeadlineIsReached = (state: KnownPool, at: Date): Check =>
  at >= state.startDeadline
    ? undefined
    : reason('DEADLINE_NOT_REACHED', `The start deadline is ${toCopenhagenIso(state.startDeadline)}.`);

const notYetClosedForStarts = (state: KnownPool): Check =>
  state.startsClosedAt === undefined
    ? undefined
    : reason('ALREADY_CLOSED_FOR_STARTS', `The pool was closed for starts at ${toCopenhagenIso(state.startsClosedAt)}.`);

const reportingGraceIsReached = (state: KnownPool, at: Date): Check =>
  at >= state.reportingGraceEnds
    ? undefined
    : reason('DEADLINE_NOT_REACHED', `The reporting grace ends at ${toCopenhagenIso(state.reportingGraceEnds)}.`);

const graceNotYetEnded = (state: KnownPool): Check =>
  state.graceEndedAt === undefined
    ? undefined
    : reason('REPORTING_GRACE_ALREADY_ENDED', `The reporting grace ended at ${toCopenhagenIso(state.graceEndedAt)}.`);

/////////////////////////////////////////
////////// Decisions
/////////////////////////////////////////

export const openPool = (command: OpenPool, state: Pool): Decision<PoolOpened> => {
  const { definition } = command.data;
  return acceptUnless([poolIsNotYetOpen(state), definitionIsValid(definition)], () => [
    { type: 'PoolOpened', data: { poolId: definition.poolId, definition } },
  ]);
};

export const expressInterest = (command: ExpressInterest, state: Pool): Decision<InterestExpressed> => {
  const { municipalityCode, requestedAmountOre, expectedParticipants, contactEmail, at } = command.data;
  if (!isKnownPool(state)) return rejected([unknownPool()]);
  const { poolId } = state.definition;

  return acceptUnless(
    [
      interestWindowIsOpen(state, at),
      municipalityCodeIsValid(municipalityCode),
      requestedAmountIsValid(requestedAmountOre, state.definition.money.commitmentsOre),
      participantsArePositive(expectedParticipants),
      contactEmailIsAnAddress(contactEmail),
    ],
    () => [
      {
        type: 'InterestExpressed',
        data: { poolId, municipalityCode, requestedAmountOre, expectedParticipants, contactEmail },
      },
    ],
  );
};

export const withdrawInterest = (command: WithdrawInterest, state: Pool): Decision<InterestWithdrawn> => {
  const { municipalityCode, at } = command.data;
  if (!isKnownPool(state)) return rejected([unknownPool()]);
  const { poolId } = state.definition;

  return acceptUnless(
    [interestWindowIsOpen(state, at) ?? hasInterestToWithdraw(state, municipalityCode)],
    () => [{ type: 'InterestWithdrawn', data: { poolId, municipalityCode } }],
  );
};

export const allocatePool = (command: Allocate, state: Pool): Decision<AllocationMade> => {
  const { at } = command.data;
  if (!isKnownPool(state)) return rejected([unknownPool()]);
  const { poolId, allocationRule: rule } = state.definition;
  if (!isExecutableAllocationRule(rule)) return rejected([ruleNotCarriedOut(rule)]);

  return acceptUnless([notYetAllocated(state), interestDeadlineIsReached(state, at)], () => {
    const requests = Object.entries(state.interests).map(([municipalityCode, interest]) => ({
      municipalityCode,
      requestedOre: interest.requestedAmountOre,
    }));
    return [
      {
        type: 'AllocationMade',
        data: { poolId, ...allocate(state.definition.money.commitmentsOre, requests, rule), rule },
      },
    ];
  });
};

/** Prepares a deadline amendment; preparing again before approval replaces the pending one. */
export const prepareDeadlineAmendment = (
  command: PrepareDeadlineAmendment,
  state: Pool,
): Decision<DeadlineAmendmentPrepared> => {
  const { instant, newValue, reason: why, preparedBy, at } = command.data;
  if (!isKnownPool(state)) return rejected([unknownPool()]);
  const notAmendable = instantIsAmendable(state, instant);
  if (notAmendable) return rejected([notAmendable]);
  const { poolId } = state.definition;
  const moved = readInstant(newValue);

  return acceptUnless(
    [
      newValueIsAnInstant(newValue),
      amendmentReasonIsGiven(why),
      personIsNamed(preparedBy, 'preparer'),
      deadlineIsAhead(state, instant, moved, at),
      calendarStaysValid(state, instant, moved),
    ],
    () => [
      {
        type: 'DeadlineAmendmentPrepared',
        data: {
          poolId,
          instant,
          newValue: toCopenhagenIso(moved!),
          reason: why,
          preparedBy,
          preparedAt: at.toISOString(),
        },
      },
    ],
  );
};

/** Approves the pending amendment (four-eyes: "a staff amendment (two people, with a reason)", docs/domain.md "Who uses
 * it"). Its rules are checked again, at the time of approval: the deadline may have
 * passed, or the pool closed for starts, since it was prepared. */
export const approveDeadlineAmendment = (
  command: ApproveDeadlineAmendment,
  state: Pool,
): Decision<DeadlineAmended> => {
  const { approvedBy, at } = command.data;
  if (!isKnownPool(state)) return rejected([unknownPool()]);
  const pending = state.pendingAmendment;
  if (pending === null) {
    return rejected([reason('NO_AMENDMENT_PREPARED', 'No deadline amendment has been prepared.')]);
  }
  const { poolId } = state.definition;
  const { instant, newValue } = pending;
  const moved = parseInstant(newValue);

  return acceptUnless(
    [
      personIsNamed(approvedBy, 'approver') ??
        isSecondPerson(pending.preparedBy, approvedBy, 'prepared this amendment'),
      deadlineIsAhead(state, instant, moved, at),
      calendarStaysValid(state, instant, moved),
    ],
    () => [
      {
        type: 'DeadlineAmended',
        data: {
          poolId,
          instant,
          previousValue: state.definition.calendar[instant],
          newValue,
          reason: pending.reason,
          preparedBy: pending.preparedBy,
          approvedBy,
          amendedAt: at.toISOString(),
        },
      },
    ],
  );
};

export const closeForStarts = (command: CloseForStarts, state: Pool): Decision<PoolClosedForStarts> => {
  const { at } = command.data;
  if (!isKnownPool(state)) return rejected([unknownPool()]);
  const { poolId } = state.definition;

  return acceptUnless([notYetClosedForStarts(state) ?? startDeadlineIsReached(state, at)], () => [
    { type: 'PoolClosedForStarts', data: { poolId, at: at.toISOString() } },
  ]);
};

export const endReportingGrace = (command: EndReportingGrace, state: Pool): Decision<ReportingGraceEnded> => {
  const { at } = command.data;
  if (!isKnownPool(state)) return rejected([unknownPool()]);
  const { poolId } = state.definition;

  return acceptUnless([graceNotYetEnded(state) ?? reportingGraceIsReached(state, at)], () => [
    { type: 'ReportingGraceEnded', data: { poolId, at: at.toISOString() } },
  ]);
};

export const decide = (command: PoolCommand, state: Pool): Decision<PoolEvent> => {
  const { type } = command;

  switch (type) {
    case 'OpenPool':
      return openPool(command, state);
    case 'ExpressInterest':
      return expressInterest(command, state);
    case 'WithdrawInterest':
      return withdrawInterest(command, state);
    case 'Allocate':
      return allocatePool(command, state);
    case 'PrepareDeadlineAmendment':
      return prepareDeadlineAmendment(command, state);
    case 'ApproveDeadlineAmendment':
      return approveDeadlineAmendment(command, state);
    case 'CloseForStarts':
      return closeForStarts(command, state);
    case 'EndReportingGrace':
      return endReportingGrace(command, state);
    default: {
      const _unknownCommand: never = type;
      return rejected([reason('SCHEMA_INVALID', `Unknown pool command ${String(_unknownCommand)}.`)]);
    }
  }
};

export const poolDecider: Decider<Pool, PoolCommand, PoolEvent> = { decide, evolve, initialState };
