import { decideLedger, ledgerStreamId, type LedgerCommand, type LedgerState, type ReviewCut } from '@puljeflow/domain';
import type { EventStore, NewEvent, TransactionReader } from '@puljeflow/event-store';
import type { ExpenseIncurredData, RefundClaimedData } from '@puljeflow/contracts';
import { toOutcome } from './command-handler';
import { handleLedger, loadCommitment, loadCourse, loadLedger, loadPool } from './loaders';
import type { Outcome, Reason } from './streams';

type Decided = { ok: true; streamId: string; expectedVersion: number; events: NewEvent[] } | { ok: false; reasons: readonly Reason[] };

/** `ExpenseIncurred`: the course names its pool; the ledger of that pool and municipality decides (docs/domain.md §7). */
export async function decideExpense(tx: TransactionReader, municipalityCode: string, data: ExpenseIncurredData, at: Date): Promise<Decided> {
  const course = await loadCourse(tx, municipalityCode, data.courseId);
  if (course.state.status === 'none') {
    return { ok: false, reasons: [{ code: 'UNKNOWN_COURSE', message: `Municipality ${municipalityCode} has no started course '${data.courseId}'.` }] };
  }
  const poolId = course.state.start.poolId;
  await tx.lockStream(ledgerStreamId(poolId, municipalityCode));
  const pool = await loadPool(tx, poolId);
  const ledger = await loadLedger(tx, poolId, municipalityCode);
  return onLedger(poolId, municipalityCode, ledger.version, ledger.state, {
    type: 'RecordExpense',
    data: { municipalityCode, ...data, at, course: course.state, pool: pool.state },
  });
}

/** `RefundClaimed`: 80 % of the covered expenses, rounded down on the total, capped by what remains of the tilsagn. */
export async function decideRefundClaim(tx: TransactionReader, municipalityCode: string, data: RefundClaimedData, at: Date): Promise<Decided> {
  await tx.lockStream(ledgerStreamId(data.poolId, municipalityCode));
  const pool = await loadPool(tx, data.poolId);
  const commitment = await loadCommitment(tx, data.poolId, municipalityCode);
  const ledger = await loadLedger(tx, data.poolId, municipalityCode);
  return onLedger(data.poolId, municipalityCode, ledger.version, ledger.state, {
    type: 'ClaimRefund',
    data: {
      municipalityCode,
      poolId: data.poolId,
      claimId: data.claimId,
      budgetYear: data.budgetYear,
      kind: data.kind,
      upTo: data.upTo,
      ...('statement' in data && data.statement ? { statement: data.statement } : {}),
      at,
      pool: pool.state,
      commitment: commitment.state,
    },
  });
}

function onLedger(poolId: string, municipalityCode: string, version: number, state: LedgerState, command: LedgerCommand): Decided {
  const decision = decideLedger(command, state);
  if (!decision.ok) return { ok: false, reasons: decision.reasons };
  return { ok: true, streamId: ledgerStreamId(poolId, municipalityCode), expectedVersion: version, events: decision.events as NewEvent[] };
}

/** Staff decisions on a municipality's ledger: the review of a refund claim and its approval by a second person. */
export class LedgerService {
  constructor(private readonly store: EventStore) {}

  review(poolId: string, municipalityCode: string, claimId: string, cuts: readonly ReviewCut[], by: string, at: Date): Promise<Outcome> {
    return this.decide(poolId, municipalityCode, async () => ({ type: 'ReviewClaim', data: { claimId, reviewedBy: by, cuts, at } }));
  }

  approve(poolId: string, municipalityCode: string, claimId: string, by: string, at: Date): Promise<Outcome> {
    return this.decide(poolId, municipalityCode, async () => {
      const [pool, commitment] = await Promise.all([loadPool(this.store, poolId), loadCommitment(this.store, poolId, municipalityCode)]);
      return { type: 'ApproveClaim', data: { claimId, approvedBy: by, at, pool: pool.state, commitment: commitment.state } };
    });
  }

  private async decide(poolId: string, municipalityCode: string, command: () => Promise<LedgerCommand>): Promise<Outcome> {
    return toOutcome(await handleLedger(this.store, ledgerStreamId(poolId, municipalityCode), async (state) => decideLedger(await command(), state)));
  }
}
