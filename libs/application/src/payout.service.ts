import { decideLedger, decidePayoutRun, inFlightLinesOf, ledgerStreamId, payableOf, payoutRunStreamId, type PayoutRunCommand, type PayoutRunState, type PoolState } from '@puljeflow/domain';
import type { EventStore } from '@puljeflow/event-store';
import type { PaymentPort } from '@puljeflow/payments';
import { toOutcome } from './command-handler';
import { handlePayoutRun, loadLedger, loadPayoutRun, loadPool } from './loaders';
import type { Outcome, Reason } from './streams';

/** Who is paid, and from which account: the agency's, and each municipality's name for the transfer. */
export interface PaymentParties {
  debtor: { name: string; iban: string };
  creditorName(municipalityCode: string): string;
}

/** The municipalities that can be owed anything in a pool: those the allocation gave a share. */
const participants = (pool: PoolState): string[] => (pool.status === 'allocated' ? pool.allocation.allocations.filter((a) => a.allocatedOre > 0).map((a) => a.municipalityCode) : []);

/**
 * Payout runs (docs/domain.md §8): finance prepares a run from the approved, unpaid refunds, a second officer releases it,
 * and the run's workflow pays each line once. A payment is idempotent twice over: the payment port refuses a second
 * payment with the same reference, and so does the database (the `payments` table and the ledger's own rule).
 */
export class PayoutService {
  constructor(private readonly store: EventStore) {}

  async prepare(poolId: string, runDate: string, by: string, at: Date): Promise<Outcome> {
    return this.decide(poolId, runDate, async () => {
      const pool = await loadPool(this.store, poolId);
      const otherRuns = await this.otherRuns(pool.state, runDate);
      const lines = [];
      for (const code of participants(pool.state)) {
        const ledger = await loadLedger(this.store, poolId, code);
        const inFlight = otherRuns.flatMap((run) => inFlightLinesOf(run, code));
        const payable = payableOf(ledger.state, inFlight);
        if (payable.amountOre > 0) lines.push({ municipalityCode: code, amountOre: payable.amountOre, claimIds: payable.claimIds });
      }
      return { type: 'PrepareRun', data: { poolId, runDate, lines, preparedBy: by, at, pool: pool.state } };
    });
  }

  async release(poolId: string, runDate: string, by: string, at: Date): Promise<Outcome> {
    return this.decide(poolId, runDate, async () => ({ type: 'ReleaseRun', data: { releasedBy: by, at } }));
  }

  /** The run for people: its status, who prepared and released it, and its lines. */
  async describe(poolId: string, runDate: string) {
    const { state } = await loadPayoutRun(this.store, poolId, runDate);
    if (state.status === 'none') return { status: state.status, lines: [], totalOre: 0 };
    const { rows } = await this.store.pool.query<{ reference: string; recorded_at: Date }>('SELECT reference, recorded_at FROM payments WHERE pool_id = $1 AND run_date = $2', [poolId, runDate]);
    const paid = new Map(rows.map((r) => [r.reference, r.recorded_at.toISOString()]));
    return {
      status: state.status,
      preparedBy: state.preparedBy,
      releasedBy: state.status === 'prepared' ? null : state.releasedBy,
      totalOre: state.totalOre,
      lines: state.lines.map((l) => ({ ...l, paidAt: paid.get(l.reference) ?? null })),
    };
  }

  async state(poolId: string, runDate: string): Promise<{ status: PayoutRunState['status']; references: string[] }> {
    const { state } = await loadPayoutRun(this.store, poolId, runDate);
    return { status: state.status, references: state.status === 'none' ? [] : state.lines.map((l) => l.reference) };
  }

  /**
   * Pays one line of a released run, once. Under the ledger's stream lock it asks the ledger first — a line the
   * ledger would refuse (say a final approval settled the year since the run was released) is not paid and the run
   * completes it as unpaid — then pays through the port and records the payment in the same transaction. Safe to
   * repeat after a crash anywhere: recorded → nothing; sent but not recorded → the port answers `duplicate` and the
   * payment is recorded now. The `payments` table refuses a second row per reference too.
   */
  async payLine(poolId: string, runDate: string, reference: string, port: PaymentPort, parties: PaymentParties, at: Date): Promise<{ outcome: 'paid' | 'already-paid' | 'refused'; reasons?: readonly Reason[] }> {
    const run = await loadPayoutRun(this.store, poolId, runDate);
    if (run.state.status !== 'released' && run.state.status !== 'completed') throw new Error(`payout run ${poolId} ${runDate} is not released`);
    const line = run.state.lines.find((l) => l.reference === reference);
    if (!line) throw new Error(`payout run ${poolId} ${runDate} has no line ${reference}`);

    return this.store.transaction(async (tx) => {
      // The lock is held across the call to the bank: a worker that freezes must not hold it for ever. If the server
      // ends the session, nothing was recorded and the retried activity finds the payment at the port (`duplicate`).
      await tx.query("SET LOCAL idle_in_transaction_session_timeout = '120s'");
      await tx.lockStream(ledgerStreamId(poolId, line.municipalityCode));
      const ledger = await loadLedger(tx, poolId, line.municipalityCode);
      if (ledger.state.payments.some((p) => p.reference === reference)) return { outcome: 'already-paid' as const };
      const decision = decideLedger({ type: 'RecordPayment', data: { reference, runDate, amountOre: line.amountOre, claimIds: line.claimIds, at } }, ledger.state);
      if (!decision.ok) return { outcome: 'refused' as const, reasons: decision.reasons };
      await port.pay({
        reference,
        poolId,
        runDate,
        municipalityCode: line.municipalityCode,
        amountOre: line.amountOre,
        creditor: { name: parties.creditorName(line.municipalityCode) },
        debtor: parties.debtor,
        requestedExecutionDate: runDate,
      });
      const inserted = await tx.query(
        `INSERT INTO payments (reference, pool_id, municipality_code, run_date, amount_ore) VALUES ($1, $2, $3, $4, $5) ON CONFLICT (reference) DO NOTHING`,
        [reference, poolId, line.municipalityCode, runDate, line.amountOre],
      );
      if (inserted.rowCount === 0) return { outcome: 'already-paid' as const };
      await tx.append(ledgerStreamId(poolId, line.municipalityCode), decision.events, { expectedVersion: ledger.version });
      return { outcome: 'paid' as const };
    });
  }

  async complete(poolId: string, runDate: string, at: Date): Promise<Outcome> {
    const handled = await handlePayoutRun(this.store, payoutRunStreamId(poolId, runDate), async (state) => {
      if (state.status === 'completed') return { ok: true, events: [] };
      if (state.status === 'none') return { ok: false, reasons: [{ code: 'RUN_NOT_PREPARED', message: 'The run was never prepared.' }] };
      const { rows } = await this.store.pool.query<{ reference: string }>('SELECT reference FROM payments WHERE pool_id = $1 AND run_date = $2', [poolId, runDate]);
      return decidePayoutRun({ type: 'CompleteRun', data: { paidReferences: rows.map((r) => r.reference), at } }, state);
    });
    return toOutcome(handled);
  }

  private async otherRuns(pool: PoolState, runDate: string): Promise<PayoutRunState[]> {
    if (pool.status === 'not-opened') return [];
    const dates = pool.definition.calendar.payoutRunDates.filter((d) => d !== runDate);
    return Promise.all(dates.map(async (d) => (await loadPayoutRun(this.store, pool.definition.poolId, d)).state));
  }

  private async decide(poolId: string, runDate: string, command: () => Promise<PayoutRunCommand>): Promise<Outcome> {
    return toOutcome(await handlePayoutRun(this.store, payoutRunStreamId(poolId, runDate), async (state) => decidePayoutRun(await command(), state)));
  }
}
