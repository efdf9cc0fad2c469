import type { CommitmentEvent, CourseEvent, LedgerEvent, MarketingEvent, PayoutRunEvent, PoolEvent } from '@puljeflow/domain';
import type { Projection, RecordedEvent } from '@puljeflow/event-store';
import { revise } from './versioned-rows';

// The staff read models: course reports, the claims queue, the ledger per budget year, settlements and repayment
// demands, and the audit trail of staff decisions.
//
// Decision (as-of reads): a row that changes is versioned — each event closes the current version at its recorded-at
// instant and opens a new one — so `?asOf=` is `valid_from <= asOf AND (valid_to IS NULL OR valid_to > asOf)` on the
// same indexes as a read now, never a replay. Audit rows are facts (one per event, never changed): as of an instant is
// `recorded_at <= asOf`. Lists page by `seq`, the global position of a row's first event, which never changes.
// Every row is derived from the events alone, so a rebuild from zero gives the same rows.

interface Tx {
  query(sql: string, params?: unknown[]): Promise<unknown>;
}

type Row = Record<string, unknown>;
type Handled = CourseEvent | LedgerEvent | CommitmentEvent | PoolEvent | PayoutRunEvent | MarketingEvent;

/** Every staff decision (an event a person of the agency made): the field naming who made it, and the one naming when. */
export const STAFF_DECISIONS: Readonly<Record<string, { by: string; at: string }>> = {
  CommitmentPrepared: { by: 'preparedBy', at: 'preparedAt' },
  CommitmentIssued: { by: 'approvedBy', at: 'issuedAt' },
  CommitmentReductionPrepared: { by: 'preparedBy', at: 'at' },
  CommitmentReduced: { by: 'approvedBy', at: 'at' },
  DeadlineAmendmentPrepared: { by: 'preparedBy', at: 'preparedAt' },
  DeadlineAmended: { by: 'approvedBy', at: 'amendedAt' },
  ClaimReviewed: { by: 'reviewedBy', at: 'reviewedAt' },
  ClaimApproved: { by: 'approvedBy', at: 'approvedAt' },
  RunPrepared: { by: 'preparedBy', at: 'preparedAt' },
  RunReleased: { by: 'releasedBy', at: 'releasedAt' },
  MarketingSpendingRecorded: { by: 'recordedBy', at: 'recordedAt' },
  RepaymentReceiptPrepared: { by: 'preparedBy', at: 'preparedAt' },
  RepaymentReceived: { by: 'confirmedBy', at: 'confirmedAt' },
};

const COURSE_TYPES = ['CourseStarted', 'CourseStartRejected', 'CourseCancelled', 'CourseCompleted'];
const LEDGER_TYPES = ['ExpenseIncurred', 'RefundClaimed', 'ClaimReviewed', 'ClaimApproved', 'BudgetYearSettled', 'RepaymentDemanded', 'PaymentMade', 'CommitmentLapsed', 'RepaymentReceived'];

export const staffReadsProjection: Projection = {
  name: 'staff-reads',
  handles: [...new Set(['PoolOpened', 'CommitmentIssued', 'CommitmentReduced', ...COURSE_TYPES, ...LEDGER_TYPES, ...Object.keys(STAFF_DECISIONS)])],
  async apply(tx, events) {
    for (const event of events) await applyOne(tx, event);
  },
  async reset(tx) {
    await tx.query('TRUNCATE staff_course_report, staff_claim, staff_ledger_year, staff_settlement, staff_audit, staff_rule_set');
  },
};

/** Committed and lapsed are not a budget year's: they stand in year 0. */
const WHOLE_LEDGER = 0;

async function applyOne(tx: Tx, recorded: RecordedEvent): Promise<void> {
  const event = { type: recorded.type, data: recorded.data } as Handled;
  const at = recorded.recordedAt;
  const seq = recorded.globalPosition;
  if (event.type in STAFF_DECISIONS) await recordDecision(tx, recorded);
  switch (event.type) {
    case 'PoolOpened':
      await tx.query('INSERT INTO staff_rule_set (pool_id, version) VALUES ($1, $2) ON CONFLICT (pool_id) DO UPDATE SET version = EXCLUDED.version', [event.data.poolId, event.data.definition.version]);
      return;
    case 'DeadlineAmended':
      await tx.query('UPDATE staff_rule_set SET amendments = amendments + 1 WHERE pool_id = $1', [event.data.poolId]);
      return;
    case 'CourseStarted':
    case 'CourseStartRejected': {
      const d = event.data;
      if (!d.poolId) return; // refused before any pool was known: no pool lists it
      const accepted = event.type === 'CourseStarted';
      const reasons = accepted ? [] : event.data.reasons;
      const decision = { type: event.type, outcome: accepted ? 'accepted' : 'rejected', decidedAt: d.decidedAt, reasons, basis: d.basis };
      const started = accepted ? event.data : undefined;
      await revise(tx, 'staff_course_report', { municipality_code: d.municipalityCode, course_id: d.courseId }, at, (c) => ({
        seq: c?.['seq'] ?? seq,
        pool_id: d.poolId,
        status: accepted ? 'started' : 'rejected',
        reason_codes: reasons.map((r) => r.code),
        target_group: started?.targetGroup ?? c?.['target_group'] ?? null,
        start_date: started?.course.startDate ?? c?.['start_date'] ?? null,
        end_date: started?.course.endDate ?? c?.['end_date'] ?? null,
        title: started?.course.title ?? c?.['title'] ?? null,
        decisions: [...((c?.['decisions'] as unknown[]) ?? []), decision],
        expenses: c?.['expenses'] ?? [],
      }));
      return;
    }
    case 'CourseCancelled':
    case 'CourseCompleted': {
      const d = event.data;
      const decision = { type: event.type, outcome: 'accepted', decidedAt: d.decidedAt, reasons: [], basis: null };
      await revise(tx, 'staff_course_report', { municipality_code: d.municipalityCode, course_id: d.courseId }, at, (c) =>
        c && { ...c, status: event.type === 'CourseCancelled' ? 'cancelled' : 'completed', decisions: [...(c['decisions'] as unknown[]), decision] },
      );
      return;
    }
    case 'ExpenseIncurred': {
      const d = event.data;
      const expense = { expenseId: d.expenseId, category: d.category, amountOre: d.amountOre, incurredOn: d.incurredOn, budgetYear: d.budgetYear, claimIds: [] };
      await revise(tx, 'staff_course_report', { municipality_code: d.municipalityCode, course_id: d.courseId }, at, (c) => c && { ...c, expenses: [...(c['expenses'] as unknown[]), expense] });
      return;
    }
    case 'RefundClaimed': {
      const d = event.data;
      await revise(tx, 'staff_claim', { pool_id: d.poolId, municipality_code: d.municipalityCode, claim_id: d.claimId }, at, () => ({
        seq,
        status: 'awaiting-review',
        budget_year: d.budgetYear,
        kind: d.kind,
        eligible_ore: d.eligibleOre,
        refund_before_cap_ore: d.refundBeforeCapOre,
        claimed_refund_ore: d.claimedRefundOre,
        commitment_ore: d.commitmentOre,
        refund_rate_basis_points: d.refundRateBasisPoints,
        cap: d.claimedRefundOre < d.refundBeforeCapOre ? 'commitment' : 'rate',
        claimed_at: d.claimedAt,
        cuts: [],
      }));
      for (const courseId of new Set(d.expenses.map((e) => e.courseId))) {
        const covered = new Set(d.expenses.filter((e) => e.courseId === courseId).map((e) => e.expenseId));
        await revise(tx, 'staff_course_report', { municipality_code: d.municipalityCode, course_id: courseId }, at, (c) =>
          c && { ...c, expenses: (c['expenses'] as { expenseId: string; claimIds: string[] }[]).map((e) => (covered.has(e.expenseId) ? { ...e, claimIds: [...e.claimIds, d.claimId] } : e)) },
        );
      }
      if (d.kind === 'interim') await addToYear(tx, d.poolId, d.municipalityCode, d.budgetYear, at, { claimed_interim_ore: d.claimedRefundOre });
      // The year's final claim replaces its a conto claims in what is claimed (as the ledger's figures count it).
      else await revise(tx, 'staff_ledger_year', { pool_id: d.poolId, municipality_code: d.municipalityCode, budget_year: d.budgetYear }, at, (c) => ({ ...(c ?? {}), claimed_final_ore: d.claimedRefundOre }));
      return;
    }
    case 'ClaimReviewed': {
      const d = event.data;
      await revise(tx, 'staff_claim', { pool_id: d.poolId, municipality_code: d.municipalityCode, claim_id: d.claimId }, at, (c) =>
        c && { ...c, status: 'awaiting-approval', reviewed_by: d.reviewedBy, reviewed_at: d.reviewedAt, cuts: d.cuts, approved_eligible_ore: d.approvedEligibleOre },
      );
      return;
    }
    case 'ClaimApproved': {
      const d = event.data;
      await revise(tx, 'staff_claim', { pool_id: d.poolId, municipality_code: d.municipalityCode, claim_id: d.claimId }, at, (c) =>
        c && { ...c, status: 'approved', approved_by: d.approvedBy, approved_at: d.approvedAt, approved_refund_ore: d.approvedRefundOre },
      );
      if (d.kind === 'interim') await addToYear(tx, d.poolId, d.municipalityCode, d.budgetYear, at, { approved_interim_ore: d.approvedRefundOre });
      return;
    }
    case 'BudgetYearSettled': {
      const d = event.data;
      await revise(tx, 'staff_ledger_year', { pool_id: d.poolId, municipality_code: d.municipalityCode, budget_year: d.budgetYear }, at, (c) => ({ ...(c ?? {}), approved_settled_ore: d.approvedRefundOre }));
      await revise(tx, 'staff_settlement', { pool_id: d.poolId, municipality_code: d.municipalityCode, budget_year: d.budgetYear }, at, () => ({
        claim_id: d.claimId,
        approved_refund_ore: d.approvedRefundOre,
        paid_ore: d.paidOre,
        owed_ore: d.owedOre,
        repayment_ore: d.repaymentOre,
        settled_at: d.settledAt,
        demand_state: d.repaymentOre > 0 ? 'due' : 'none',
      }));
      return;
    }
    case 'RepaymentDemanded': {
      const d = event.data;
      await revise(tx, 'staff_settlement', { pool_id: d.poolId, municipality_code: d.municipalityCode, budget_year: d.budgetYear }, at, (c) => c && { ...c, demand_state: 'demanded', demanded_at: d.demandedAt });
      await addToYear(tx, d.poolId, d.municipalityCode, d.budgetYear, at, { repayment_demanded_ore: d.amountOre });
      return;
    }
    case 'PaymentMade': {
      const d = event.data;
      for (const part of d.claims) {
        const year = (await tx.query('SELECT budget_year FROM staff_claim WHERE pool_id = $1 AND municipality_code = $2 AND claim_id = $3 AND valid_to IS NULL', [d.poolId, d.municipalityCode, part.claimId])) as { rows: { budget_year: number }[] };
        await addToYear(tx, d.poolId, d.municipalityCode, year.rows[0]?.budget_year ?? WHOLE_LEDGER, at, { paid_ore: part.amountOre });
      }
      return;
    }
    case 'CommitmentLapsed':
      await addToYear(tx, event.data.poolId, event.data.municipalityCode, WHOLE_LEDGER, at, { lapsed_ore: event.data.lapsedOre });
      return;
    case 'CommitmentIssued':
      await setCommitted(tx, event.data.poolId, event.data.municipalityCode, at, event.data.amountOre);
      return;
    case 'CommitmentReduced':
      await setCommitted(tx, event.data.poolId, event.data.municipalityCode, at, event.data.newAmountOre);
      return;
  }
  if (recorded.type === 'RepaymentReceived') await repaymentReceived(tx, recorded.data as Row, at);
}

/** A repayment received (confirmed by a second finance officer) reduces what the year's demand still asks. */
async function repaymentReceived(tx: Tx, d: Row, at: Date): Promise<void> {
  const amount = Number(d['amountOre']);
  const key = { pool_id: d['poolId'], municipality_code: d['municipalityCode'], budget_year: d['budgetYear'] };
  await revise(tx, 'staff_settlement', key, at, (c) =>
    c && { ...c, received_ore: Number(c['received_ore']) + amount, received_at: d['confirmedAt'], demand_state: Number(d['outstandingOre']) === 0 ? 'received' : 'part-received' },
  );
  await addToYear(tx, d['poolId'] as string, d['municipalityCode'] as string, Number(d['budgetYear']), at, { repaid_ore: amount });
}

/** The figures a ledger year adds up. */
type Figure = 'committed_ore' | 'claimed_interim_ore' | 'approved_interim_ore' | 'paid_ore' | 'repayment_demanded_ore' | 'repaid_ore' | 'lapsed_ore';

async function addToYear(tx: Tx, poolId: string, code: string, year: number, at: Date, add: Partial<Record<Figure, number>>): Promise<void> {
  await revise(tx, 'staff_ledger_year', { pool_id: poolId, municipality_code: code, budget_year: year }, at, (c) => {
    const next: Row = { ...(c ?? {}) };
    for (const [figure, amount] of Object.entries(add)) next[figure] = Number(c?.[figure] ?? 0) + amount;
    return next;
  });
}

async function setCommitted(tx: Tx, poolId: string, code: string, at: Date, amountOre: number): Promise<void> {
  await revise(tx, 'staff_ledger_year', { pool_id: poolId, municipality_code: code, budget_year: WHOLE_LEDGER }, at, (c) => ({ ...(c ?? {}), committed_ore: amountOre }));
}

async function recordDecision(tx: Tx, recorded: RecordedEvent): Promise<void> {
  const data = recorded.data as Row;
  const poolId = data['poolId'] as string;
  const ruleSet = (await tx.query('SELECT version, amendments FROM staff_rule_set WHERE pool_id = $1', [poolId])) as { rows: { version: number; amendments: number }[] };
  const fields = STAFF_DECISIONS[recorded.type]!;
  const decidedAt = (data[fields.at] as string | undefined) ?? recorded.recordedAt.toISOString();
  await tx.query(
    `INSERT INTO staff_audit (seq, recorded_at, pool_id, municipality_code, person, kind, decided_at, rule_set_version, rule_set_amendments, what)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) ON CONFLICT (seq) DO NOTHING`,
    [recorded.globalPosition, recorded.recordedAt, poolId, data['municipalityCode'] ?? null, data[fields.by], recorded.type, decidedAt, ruleSet.rows[0]?.version ?? 0, ruleSet.rows[0]?.amendments ?? 0, JSON.stringify(data)],
  );
}
