// Decisions about a payout run (docs/domain.md §8): prepared by a finance officer on its run date from what the ledgers
// say is payable (payableOf), released by a second finance officer (four-eyes), completed when every payment has been
// recorded on its ledger or given up.

import { copenhagenInstant, isValidIsoDate, toCopenhagenIso, type IsoDate } from '../calendar';
import { instantIsValid, isThePool, type KnownPool } from '../checks';
import { acceptUnless, reason, rejected, type Check, type Command, type Decider, type Decision } from '../decision';
import { isSecondPerson, personIsNamed } from '../four-eyes';
import { formatOre, isOre, sumOre, type Ore } from '../money';
import { isMunicipalityCode, type MunicipalityCode } from '../municipality';
import type { Pool } from '../pool/pool';
import { paymentReference } from './payment-reference';
import {
  evolve,
  initialState,
  type PayoutLine,
  type PayoutRun,
  type PayoutRunEvent,
  type RunCompleted,
  type RunPrepared,
  type RunReleased,
} from './payout-run';

/////////////////////////////////////////
////////// Commands
/////////////////////////////////////////

/** One municipality's part of a run, from its ledger's payableOf; the decision adds the payment reference. */
export type PayoutLineInput = Readonly<{
  municipalityCode: MunicipalityCode;
  amountOre: Ore;
  claimIds: readonly string[];
}>;

/** Prepares the run; preparing again before the release replaces the lines (e.g. after a late approval). */
export type PrepareRun = Command<
  'PrepareRun',
  {
    poolId: string;
    runDate: IsoDate;
    lines: readonly PayoutLineInput[];
    preparedBy: string;
    at: Date;
    /** The pool's state: its payout run dates. */
    pool: Pool;
  }
>;

export type ReleaseRun = Command<'ReleaseRun', { releasedBy: string; at: Date }>;

/** Every line's payment was recorded on its ledger (`paidReferences`) or given up (the rest). */
export type CompleteRun = Command<'CompleteRun', { paidReferences: readonly string[]; at: Date }>;

export type PayoutRunCommand = PrepareRun | ReleaseRun | CompleteRun;

/////////////////////////////////////////
////////// Rules
/////////////////////////////////////////

/** docs/domain.md §8: runs on "the last banking day of each month … (the pool definition lists the run dates)". */
const isRunDateOf = (pool: KnownPool, runDate: IsoDate): Check =>
  pool.definition.calendar.payoutRunDates.includes(runDate)
    ? undefined
    : reason('NOT_A_PAYOUT_RUN_DATE', `${runDate} is not a payout run date of pool "${pool.definition.poolId}".`);

/** A run is prepared on its date (Copenhagen), not before. */
const runDateIsReached = (runDate: IsoDate, at: Date): Check => {
  const starts = copenhagenInstant(runDate);
  return at >= starts
    ? undefined
    : reason('DEADLINE_NOT_REACHED', `The payout run of ${runDate} starts at ${toCopenhagenIso(starts)}.`);
};

/** The run stream is one pool's run on one date (its stream id says which). */
const isThisRun = (state: PayoutRun, poolId: string, runDate: IsoDate): Check =>
  state.status === 'none' || (state.poolId === poolId && state.runDate === runDate)
    ? undefined
    : reason(
        'SCHEMA_INVALID',
        `This is the run of pool "${state.poolId}" on ${state.runDate}, not of "${poolId}" on ${runDate}.`,
      );

const notYetReleased = (state: PayoutRun): Check => {
  switch (state.status) {
    case 'released':
      return reason('RUN_ALREADY_RELEASED', `The run was released by ${state.releasedBy}; it can no longer change.`);
    case 'completed':
      return reason('RUN_ALREADY_COMPLETED', `The run was completed ${toCopenhagenIso(state.completedAt)}.`);
    default:
      return undefined;
  }
};

const lineChecks = (lines: readonly PayoutLineInput[]): Check[] =>
  lines.flatMap((line, i): Check[] => {
    const { municipalityCode, amountOre, claimIds } = line;
    const validCode = typeof municipalityCode === 'string' && isMunicipalityCode(municipalityCode);
    return [
      validCode
        ? undefined
        : reason('SCHEMA_INVALID', `Line ${i + 1}: "${municipalityCode}" is not a municipality code.`),
      lines.findIndex((other) => other.municipalityCode === municipalityCode) === i
        ? undefined
        : reason('SCHEMA_INVALID', `Municipality ${municipalityCode} has two lines; a run pays each once.`),
      isOre(amountOre) && amountOre > 0
        ? undefined
        : reason('INVALID_AMOUNT', `Line ${i + 1}: the amount must be a whole number of øre above 0.`),
      Array.isArray(claimIds) && claimIds.length > 0 && claimIds.every((id) => typeof id === 'string' && id !== '')
        ? undefined
        : reason('SCHEMA_INVALID', `Line ${i + 1}: a line names the claims it pays.`),
    ];
  });

/////////////////////////////////////////
////////// Decisions
/////////////////////////////////////////

export const prepareRun = (command: PrepareRun, state: PayoutRun): Decision<RunPrepared> => {
  const { poolId, runDate, lines, preparedBy, at, pool } = command.data;
  const known = isThePool(pool, poolId);
  const validDate = typeof runDate === 'string' && isValidIsoDate(runDate);
  const lineList = Array.isArray(lines) ? lines : [];

  return acceptUnless(
    [
      personIsNamed(preparedBy, 'preparer'),
      instantIsValid(at),
      validDate ? undefined : reason('SCHEMA_INVALID', `The run date must be a date 'YYYY-MM-DD', got ${runDate}.`),
      Array.isArray(lines) ? undefined : reason('SCHEMA_INVALID', 'A run lists its lines (an empty list for none).'),
      isThisRun(state, poolId, runDate),
      notYetReleased(state),
      known ? undefined : reason('UNKNOWN_POOL', `There is no open pool "${poolId}".`),
      known && validDate ? isRunDateOf(pool, runDate) : undefined,
      validDate && instantIsValid(at) === undefined ? runDateIsReached(runDate, at) : undefined,
      ...lineChecks(lineList),
    ],
    (): RunPrepared[] => {
      const prepared: PayoutLine[] = lineList.map(({ municipalityCode, amountOre, claimIds }) => ({
        municipalityCode,
        amountOre,
        reference: paymentReference(poolId, municipalityCode, runDate),
        claimIds: [...claimIds],
      }));
      return [
        {
          type: 'RunPrepared',
          data: {
            poolId,
            runDate,
            lines: prepared,
            totalOre: sumOre(prepared.map((line) => line.amountOre)),
            preparedBy,
            preparedAt: at.toISOString(),
          },
        },
      ];
    },
  );
};

export const releaseRun = (command: ReleaseRun, state: PayoutRun): Decision<RunReleased> => {
  const { releasedBy, at } = command.data;
  if (state.status === 'none') return rejected([reason('RUN_NOT_PREPARED', 'The run has not been prepared.')]);
  const { poolId, runDate, totalOre, preparedBy } = state;

  return acceptUnless(
    [
      personIsNamed(releasedBy, 'finance officer releasing the run'),
      instantIsValid(at),
      notYetReleased(state),
      isSecondPerson(preparedBy, releasedBy, `prepared the payout run of ${runDate} (${formatOre(totalOre)})`),
    ],
    (): RunReleased[] => [
      {
        type: 'RunReleased',
        data: { poolId, runDate, totalOre, preparedBy, releasedBy, releasedAt: at.toISOString() },
      },
    ],
  );
};

export const completeRun = (command: CompleteRun, state: PayoutRun): Decision<RunCompleted> => {
  const { paidReferences, at } = command.data;
  if (state.status === 'none' || state.status === 'prepared') {
    return rejected([reason('RUN_NOT_RELEASED', 'The run has not been released; nothing of it can have been paid.')]);
  }
  if (state.status === 'completed') {
    return rejected([reason('RUN_ALREADY_COMPLETED', `The run was completed ${toCopenhagenIso(state.completedAt)}.`)]);
  }
  const references = Array.isArray(paidReferences) ? paidReferences : [];
  const unknown = references.filter((ref) => !state.lines.some((line) => line.reference === ref));

  return acceptUnless(
    [
      instantIsValid(at),
      unknown.length === 0 ? undefined : reason('SCHEMA_INVALID', `Not references of this run: ${unknown.join(', ')}.`),
    ],
    (): RunCompleted[] => {
      const paidLines = state.lines.filter((line) => references.includes(line.reference));
      return [
        {
          type: 'RunCompleted',
          data: {
            poolId: state.poolId,
            runDate: state.runDate,
            paid: paidLines.map((line) => line.reference),
            unpaid: state.lines.filter((line) => !references.includes(line.reference)).map((line) => line.reference),
            paidOre: sumOre(paidLines.map((line) => line.amountOre)),
            completedAt: at.toISOString(),
          },
        },
      ];
    },
  );
};

export const decide = (command: PayoutRunCommand, state: PayoutRun): Decision<PayoutRunEvent> => {
  const { type } = command;

  switch (type) {
    case 'PrepareRun':
      return prepareRun(command, state);
    case 'ReleaseRun':
      return releaseRun(command, state);
    case 'CompleteRun':
      return completeRun(command, state);
    default: {
      const _unknownCommand: never = type;
      return rejected([reason('SCHEMA_INVALID', `Unknown payout run command ${String(_unknownCommand)}.`)]);
    }
  }
};

export const payoutRunDecider: Decider<PayoutRun, PayoutRunCommand, PayoutRunEvent> = {
  decide,
  evolve,
  initialState,
};
