import { decideLedger, decidePool, ledgerStreamId, type AmendableInstant, type PoolCommand, type PoolDefinition } from '@puljeflow/domain';
import type { EventStore } from '@puljeflow/event-store';
import { toOutcome } from './command-handler';
import { handleLedger, handlePool, loadCommitment, loadPool } from './loaders';
import { streams, type Outcome } from './streams';

/** What a deadline's decision reports to the workflow: done now, done before (a repeat), or moved later by an amendment. */
export type MilestoneOutcome = { outcome: 'done' | 'already-done' } | { outcome: 'not-yet'; deadline: string };

/** Opening pools and running their allocation: the pool stream is the consistency boundary of interest and allocation. */
export class PoolService {
  constructor(private readonly store: EventStore) {}

  /** Opens a pool from its definition (udmelding); opening an already open pool changes nothing. */
  async open(definition: PoolDefinition): Promise<{ opened: boolean }> {
    const handled = await handlePool(this.store, streams.pool(definition.poolId), (state) => decidePool({ type: 'OpenPool', data: { definition } }, state));
    return { opened: handled.ok };
  }

  /** Allocation at the interest deadline (docs/domain.md §3); `at` is the workflow's time. Running it twice is harmless. */
  async allocate(poolId: string, at: Date): Promise<{ outcome: 'allocated' | 'already-allocated'; lapsedOre: number }> {
    const handled = await handlePool(this.store, streams.pool(poolId), (state) => decidePool({ type: 'Allocate', data: { at } }, state));
    if (!handled.ok) {
      if (handled.reasons.some((r) => r.code === 'ALREADY_ALLOCATED')) return { outcome: 'already-allocated', lapsedOre: handled.state.allocation?.lapsedOre ?? 0 };
      throw new Error(`allocation of ${poolId} refused: ${refusal(handled.reasons)}`);
    }
    const made = handled.events.find((e) => e.type === 'AllocationMade');
    return { outcome: 'allocated', lapsedOre: made?.type === 'AllocationMade' ? made.data.lapsedOre : 0 };
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

  private async decideAndAppend(poolId: string, command: PoolCommand): Promise<Outcome> {
    return toOutcome(await handlePool(this.store, streams.pool(poolId), (state) => decidePool(command, state)));
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
      const handled = await handleLedger(this.store, ledgerStreamId(poolId, share.municipalityCode), async (ledger) => {
        const commitment = await loadCommitment(this.store, poolId, share.municipalityCode);
        return decideLedger({ type: 'CloseLedger', data: { at, pool: pool.state, commitment: commitment.state } }, ledger);
      });
      if (handled.ok) lapsedOre += handled.events.reduce((sum, e) => sum + (e.type === 'CommitmentLapsed' ? e.data.lapsedOre : 0), 0);
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
  private async milestone(poolId: string, command: PoolCommand, alreadyDone: string, instant: 'startDeadline' | 'reportingGraceEnds'): Promise<MilestoneOutcome> {
    const handled = await handlePool(this.store, streams.pool(poolId), (state) => decidePool(command, state));
    if (handled.ok) return { outcome: 'done' };
    if (handled.reasons.some((r) => r.code === alreadyDone)) return { outcome: 'already-done' };
    if (handled.reasons.some((r) => r.code === 'DEADLINE_NOT_REACHED') && handled.state.status !== 'not-opened') {
      return { outcome: 'not-yet', deadline: handled.state.definition.calendar[instant] };
    }
    throw new Error(`${command.type} for ${poolId} refused: ${refusal(handled.reasons)}`);
  }
}

const refusal = (reasons: readonly { code: string; message: string }[]) => reasons.map((r) => `${r.code}: ${r.message}`).join('; ');
