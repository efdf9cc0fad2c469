// A payout run of a pool on one of its run dates (stream `payout-<poolId>-<runDate>`, docs/domain.md §8): what it pays
// each municipality, prepared by a finance officer, released by a second one (four-eyes), then completed once every
// payment has been made or given up.
//
// Decision (consistency boundary): the run holds what was decided to pay and by whom; each payment itself is recorded
// on the municipality's ledger (PaymentMade), whose invariants say whether it may be paid at all (paid ≤ approved,
// once per reference). A line the ledger refuses is completed as unpaid, and the next run pays what is still owed.

import type { IsoDate } from '../calendar';
import type { DomainEvent, InstantString } from '../decision';
import type { Ore } from '../money';
import type { MunicipalityCode } from '../municipality';

/////////////////////////////////////////
////////// Events
/////////////////////////////////////////

/** What the run pays one municipality: approved, unpaid refunds of the claims named, under one payment reference. */
export type PayoutLine = Readonly<{
  municipalityCode: MunicipalityCode;
  amountOre: Ore;
  /** paymentReference(poolId, municipalityCode, runDate). */
  reference: string;
  claimIds: string[];
}>;

export type RunPrepared = DomainEvent<
  'RunPrepared',
  {
    poolId: string;
    runDate: IsoDate;
    lines: PayoutLine[];
    totalOre: Ore;
    preparedBy: string;
    preparedAt: InstantString;
  }
>;

export type RunReleased = DomainEvent<
  'RunReleased',
  { poolId: string; runDate: IsoDate; totalOre: Ore; preparedBy: string; releasedBy: string; releasedAt: InstantString }
>;

/** Every line paid or given up: `paid` and `unpaid` are the lines' references. */
export type RunCompleted = DomainEvent<
  'RunCompleted',
  { poolId: string; runDate: IsoDate; paid: string[]; unpaid: string[]; paidOre: Ore; completedAt: InstantString }
>;

export type PayoutRunEvent = RunPrepared | RunReleased | RunCompleted;

/////////////////////////////////////////
////////// Payout run
/////////////////////////////////////////

export type NoRun = Readonly<{ status: 'none' }>;

type RunBasics = Readonly<{
  poolId: string;
  runDate: IsoDate;
  lines: readonly PayoutLine[];
  totalOre: Ore;
  preparedBy: string;
  preparedAt: Date;
}>;

export type PreparedRun = RunBasics & Readonly<{ status: 'prepared' }>;

export type ReleasedRun = RunBasics & Readonly<{ status: 'released'; releasedBy: string; releasedAt: Date }>;

export type CompletedRun = RunBasics &
  Readonly<{
    status: 'completed';
    releasedBy: string;
    releasedAt: Date;
    paid: readonly string[];
    unpaid: readonly string[];
    completedAt: Date;
  }>;

/** Udbetalingskørsel: one payout run of a pool. Prepared (again, until released), released, completed. */
export type PayoutRun = NoRun | PreparedRun | ReleasedRun | CompletedRun;

export const initialState = (): PayoutRun => ({ status: 'none' });

/** The lines of a run not yet paid or given up (prepared or released, not completed), for `payableOf`'s in-flight:
 * what another run already holds for the municipality. */
export const inFlightLinesOf = (run: PayoutRun, municipalityCode: MunicipalityCode): PayoutLine[] =>
  run.status === 'prepared' || run.status === 'released'
    ? run.lines.filter((line) => line.municipalityCode === municipalityCode)
    : [];

/////////////////////////////////////////
////////// Evolve
/////////////////////////////////////////

export const evolve = (state: PayoutRun, event: PayoutRunEvent): PayoutRun => {
  const { type, data } = event;

  switch (type) {
    case 'RunPrepared': {
      if (state.status !== 'none' && state.status !== 'prepared') return state;
      const { poolId, runDate, lines, totalOre, preparedBy, preparedAt } = data;
      return { status: 'prepared', poolId, runDate, lines, totalOre, preparedBy, preparedAt: new Date(preparedAt) };
    }
    case 'RunReleased':
      return state.status === 'prepared'
        ? { ...state, status: 'released', releasedBy: data.releasedBy, releasedAt: new Date(data.releasedAt) }
        : state;
    case 'RunCompleted':
      return state.status === 'released'
        ? {
            ...state,
            status: 'completed',
            paid: data.paid,
            unpaid: data.unpaid,
            completedAt: new Date(data.completedAt),
          }
        : state;
    default: {
      const _unknownEvent: never = type;
      return state;
    }
  }
};
