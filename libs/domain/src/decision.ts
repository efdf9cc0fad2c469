// The shapes every decider shares (docs/style.md "Deciders", after Emmett's Event/Command/Decider types).

/** An event as it is appended to a stream: a type and its data. Instants in data are ISO-8601 strings, because an
 * event read back from the store's jsonb must equal the one appended (a Date would come back as a string). */
export type DomainEvent<Type extends string = string, Data extends object = object> = Readonly<{
  type: Type;
  data: Readonly<Data>;
}>;

/** A request to change a stream. Time comes in the command (`at`), never from a clock. */
export type Command<Type extends string = string, Data extends object = object> = Readonly<{
  type: Type;
  data: Readonly<Data>;
}>;

/** An ISO-8601 instant with offset, as stored in event data (`Date.prototype.toISOString()` writes one). */
export type InstantString = string;

/** Every reason a decision can give for a rejection: the codes of docs/municipal-api.md first, then the back office's. */
export const REASON_CODES = [
  // docs/municipal-api.md, "Reason codes for rejections"
  'SCHEMA_INVALID',
  'UNKNOWN_POOL',
  'INTEREST_WINDOW_CLOSED',
  'NO_COMMITMENT',
  'NOT_IN_TARGET_GROUP',
  'UNEMPLOYMENT_TOO_SHORT',
  'EMPLOYER_DECLARATION_MISSING',
  'JOB_NOT_SHORTAGE_TITLE',
  'COURSE_TIMING_INVALID',
  'POOL_CLOSED_FOR_STARTS',
  'UNKNOWN_COURSE',
  'DUPLICATE_COURSE_ID',
  'CLAIM_DEADLINE_PASSED',
  'IDEMPOTENCY_KEY_REUSED',
  // ours
  'FOUR_EYES_REQUIRED',
  'INVALID_AMOUNT',
  'EXCEEDS_ALLOCATION',
  'COMMITMENT_NOT_PREPARED',
  'COMMITMENT_ALREADY_ISSUED',
  'COMMITMENT_CANNOT_BE_RAISED',
  'NO_REDUCTION_PREPARED',
  'NO_INTEREST_TO_WITHDRAW',
  'POOL_ALREADY_OPEN',
  'NOT_YET_ALLOCATED',
  'ALREADY_ALLOCATED',
  'POOL_CLOSED',
  'DEADLINE_NOT_REACHED',
  'ALLOCATION_RULE_NOT_SUPPORTED',
  // amendments and deadlines of a running pool
  'DEADLINE_NOT_AMENDABLE',
  'DEADLINE_ALREADY_PASSED',
  'INVALID_CALENDAR',
  'NO_AMENDMENT_PREPARED',
  'ALREADY_CLOSED_FOR_STARTS',
  'REPORTING_GRACE_ALREADY_ENDED',
  // courses
  'COURSE_ALREADY_ENDED',
  // money: expenses (docs/domain.md §7)
  'EXPENSE_NOT_REFUNDABLE',
  'EXPENSE_BEFORE_COURSE_START',
  'EXPENSE_AFTER_CANCELLATION',
  'EXPENSE_IN_FUTURE',
  'DUPLICATE_EXPENSE_ID',
  'OUTSIDE_BUDGET_YEARS',
  // money: refund claims and their review (docs/domain.md §7–8)
  'DUPLICATE_CLAIM_ID',
  'STATEMENT_MISSING',
  'FINAL_CLAIM_EXISTS',
  'NOTHING_TO_CLAIM',
  'UNKNOWN_CLAIM',
  'EXPENSE_NOT_IN_CLAIM',
  'CUT_REASON_MISSING',
  'CLAIM_NOT_REVIEWED',
  'CLAIM_ALREADY_APPROVED',
  'LEDGER_CLOSED',
  // money: payout runs and payments (docs/domain.md §8)
  'ALREADY_PAID',
  'NOT_A_PAYOUT_RUN_DATE',
  'RUN_NOT_PREPARED',
  'RUN_NOT_RELEASED',
  'RUN_ALREADY_RELEASED',
  'RUN_ALREADY_COMPLETED',
  // money: repayments received against repayment demands (docs/domain.md §8)
  'UNKNOWN_REPAYMENT_DEMAND',
  'REPAYMENT_ALREADY_SETTLED',
  'EXCEEDS_OUTSTANDING_REPAYMENT',
  'NO_RECEIPT_PREPARED',
  // money: the ledger invariants, checked on every decision
  'EXCEEDS_POOL',
  'REFUND_EXCEEDS_RATE',
  'REFUND_EXCEEDS_COMMITMENT',
  'PAID_EXCEEDS_APPROVED',
  // money: the marketing line (docs/domain.md §9)
  'EXCEEDS_MARKETING_LINE',
  'OUTSIDE_MARKETING_YEAR',
  'DUPLICATE_SPENDING_ID',
] as const;

export type ReasonCode = (typeof REASON_CODES)[number];

export type Reason = Readonly<{ code: ReasonCode; message: string }>;

export type Accepted<E> = { readonly ok: true; events: E[] };
export type Rejected = { readonly ok: false; reasons: Reason[] };

/** What a decision returns: the events to append, or why not. Business outcomes are values, never exceptions. */
export type Decision<E> = Accepted<E> | Rejected;

/** One rule's verdict: undefined when the rule holds, else the reason it does not. */
export type Check = Reason | undefined;

export type Decider<State, C, E> = Readonly<{
  decide: (command: C, state: State) => Decision<E>;
  evolve: (state: State, event: E) => State;
  initialState: () => State;
}>;

export const reason = (code: ReasonCode, message: string): Reason => ({ code, message });

export const accepted = <E>(events: readonly E[]): Accepted<E> => ({ ok: true, events: [...events] });

export const rejected = (reasons: readonly Reason[]): Rejected => ({ ok: false, reasons: [...reasons] });

/** Rejects with every failed check (so the caller sees all that is wrong at once), else accepts the events, which
 * are only made once every check has passed. */
export const acceptUnless = <E>(checks: readonly Check[], events: () => readonly E[]): Decision<E> => {
  const failures = checks.filter((check): check is Reason => check !== undefined);
  return failures.length > 0 ? rejected(failures) : accepted(events());
};

/** Folds a stream's events into its state. */
export const replay = <State, E>(
  decider: Pick<Decider<State, never, E>, 'evolve' | 'initialState'>,
  events: readonly E[],
): State => events.reduce(decider.evolve, decider.initialState());
