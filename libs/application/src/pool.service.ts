import { fold } from './folded';
import { loadCommitment } from './commitment.service';
import { loadLedger } from './ledger.service';
import {
  decideLedger,
  ledgerStreamId,
  decidePool,
  type AmendableInstant,
  type PoolCommand,
  evolvePool,
  initialPoolState,
  type PoolDefinition,
  type PoolEvent,
  type PoolState,
} from '@puljeflow/domain';
import { type EventStore, type EventStoreTransaction, retryOnConflict } from '@puljeflow/event-store';
import { streams, type Outcome } from './streams';

type Reader = Pick<EventStoreTransaction, 'readStream'>;

/** What a deadline's decision reports to the workflow: done now, done before (a repeat), or moved later by an amendment. */
export type MilestoneOutcome = { outcome: 'done' | 'already-done' } | { outcome: 'not-yet'; deadline: string };

export async function loadPool(reader: Reader, poolId: string): Promise<{ state: PoolState; version: number }> {
  return fold<PoolState, PoolEvent>(reader, streams.pool(poolId), evolvePool, initialPoolState);
}

/** Opening pools and running their allocation: the pool stream is the consistency boundary of interest and allocation. */
export class PoolService {
  constructor(private readonly store: EventStore) {}

  /** Opens a pool from its definition (udmelding); opening an already open pool changes nothing. */
  async open(definition: PoolDefinition): Promise<{ opened: boolean }> {
    return retryOnConflict(async () => {
      const { state, version } = await loadPool(this.store, definition.poolId);
      const decision = decidePool({ type: 'OpenPool', data: { definition } }, state);
      if (!decision.ok) return { opened: false };
      await this.store.append(streams.pool(definition.poolId), decision.events, { expectedVersion: version });
      return { opened: true };
    });
  }

  /** Allocation at the interest deadline (docs/domain.md §3); `at` is the workflow's time. Running it twice is harmless. */
  async allocate(poolId: string, at: Date): Promise<{ outcome: 'allocated' | 'already-allocated'; lapsedOre: number }> {
    return retryOnConflict(async () => {
      const { state, version } = await loadPool(this.store, poolId);
      const decision = decidePool({ type: 'Allocate', data: { at } }, state);
      if (!decision.ok) {
        if (decision.reasons.some((r) => r.code === 'ALREADY_ALLOCATED')) {
          return { outcome: 'already-allocated' as const, lapsedOre: state.allocation?.lapsedOre ?? 0 };
        }
        throw new Error(`allocation of ${poolId} refused: ${decision.reasons.map((r) => `${r.code}: ${r.message}`).join('; ')}`);
      }
      await this.store.append(streams.pool(poolId), decision.events, { expectedVersion: version });
      const made = decision.events.find((e) => e.type === 'AllocationMade');
      return { outcome: 'allocated' as const, lapsedOre: made?.type === 'AllocationMade' ? made.data.lapsedOre : 0 };
    });
  }

  /** A staff amendment of a running pool's deadline (docs/domain.md: an amendment event with its reason, never an edit). */
  prepareDeadlineAmendment(poolId: string, amendment: { instant: AmendableInstant; newValue: string; reason: string }, by: string, at: Date): Promise<Outcome> {
    return this.decideAndAppend(poolId, { type: 'PrepareDeadlineAmendment', data: { ...amendment, preparedBy: by, at } });
  }

  /** The second person approves the pending amendment; the pool's workflow is then told the new instant. */
  async approveDeadlineAmendment(poolId: string, by: string, at: Date): Promise<Outcome & { calendar?: PoolDefinition['calendar'] }> {
    const outcome = await this.decideAndAppend(poolId, { type: 'ApproveDeadlineAmendment', data: { approvedBy: by, at } });
    if (!outcome.ok) return outcome;
    const { state } = await loadPool(this.store, poolId);
    return state.status === 'not-opened' ? outcome : { ...outcome, calendar: state.definition.calendar };
  }

  private decideAndAppend(poolId: string, command: PoolCommand): Promise<Outcome> {
    return retryOnConflict(async () => {
      const { state, version } = await loadPool(this.store, poolId);
      const decision = decidePool(command, state);
      if (!decision.ok) return { ok: false as const, reasons: decision.reasons };
      const result = await this.store.append(streams.pool(poolId), decision.events, { expectedVersion: version });
      return { ok: true as const, position: result.positions[0] ?? '' };
    });
  }

  /**
   * docs/domain.md §10: the pool closes at its last instant. Every ledger not yet closed by its final settlement closes
   * now, and what is left of its commitment lapses (bortfald). Repeating it changes nothing.
   */
  async closePool(poolId: string, at: Date): Promise<{ lapsedOre: number }> {
    const pool = await loadPool(this.store, poolId);
    if (pool.state.status !== 'allocated') return { lapsedOre: 0 };
    let lapsedOre = 0;
    for (const share of pool.state.allocation.allocations) {
      lapsedOre += await retryOnConflict(async () => {
        const [ledger, commitment] = await Promise.all([loadLedger(this.store, poolId, share.municipalityCode), loadCommitment(this.store, poolId, share.municipalityCode)]);
        const decision = decideLedger({ type: 'CloseLedger', data: { at, pool: pool.state, commitment: commitment.state } }, ledger.state);
        if (!decision.ok) return 0;
        await this.store.append(ledgerStreamId(poolId, share.municipalityCode), decision.events, { expectedVersion: ledger.version });
        return decision.events.reduce((sum, e) => sum + (e.type === 'CommitmentLapsed' ? e.data.lapsedOre : 0), 0);
      });
    }
    return { lapsedOre };
  }

  /** docs/domain.md §6: at the end of the start deadline the pool closes for starts (the workflow calls this on time). */
  closeForStarts(poolId: string, at: Date): Promise<MilestoneOutcome> {
    return this.milestone(poolId, { type: 'CloseForStarts', data: { at } }, 'ALREADY_CLOSED_FOR_STARTS', 'startDeadline');
  }

  /** docs/domain.md §6: after the reporting grace every start report is rejected. */
  endReportingGrace(poolId: string, at: Date): Promise<MilestoneOutcome> {
    return this.milestone(poolId, { type: 'EndReportingGrace', data: { at } }, 'REPORTING_GRACE_ALREADY_ENDED', 'reportingGraceEnds');
  }

  /** Runs a deadline's decision: done, already done (a repeated activity), or not yet because an amendment moved it. */
  private milestone(poolId: string, command: PoolCommand, alreadyDone: string, instant: 'startDeadline' | 'reportingGraceEnds'): Promise<MilestoneOutcome> {
    return retryOnConflict(async () => {
      const { state, version } = await loadPool(this.store, poolId);
      const decision = decidePool(command, state);
      if (decision.ok) {
        await this.store.append(streams.pool(poolId), decision.events, { expectedVersion: version });
        return { outcome: 'done' as const };
      }
      if (decision.reasons.some((r) => r.code === alreadyDone)) return { outcome: 'already-done' as const };
      if (decision.reasons.some((r) => r.code === 'DEADLINE_NOT_REACHED') && state.status !== 'not-opened') {
        return { outcome: 'not-yet' as const, deadline: state.definition.calendar[instant] };
      }
      throw new Error(`${command.type} for ${poolId} refused: ${decision.reasons.map((r) => `${r.code}: ${r.message}`).join('; ')}`);
    });
  }
}
