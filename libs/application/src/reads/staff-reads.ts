import type { AuditQuery, ClaimsQueueQuery, CourseReportsQuery, SettlementsQuery } from '@puljeflow/contracts';
import { addMonthsClamped, copenhagenDateOf, copenhagenInstant } from '@puljeflow/domain';

// Staff reads of the staff read models (libs/read-models staff-reads.projection.ts). Every list is one index range:
// a row's validity `valid_from <= asOf < valid_to` picks the version in force at `asOf` (now, when not asked), and
// lists page by `seq`, the position of the row's first event. Nothing here replays a stream.

export interface Queryable {
  query<R extends Record<string, unknown> = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<{ rows: R[] }>;
}

type Row = Record<string, unknown>;

const IN_FORCE = (asOfParam: string) => `valid_from <= ${asOfParam} AND (valid_to IS NULL OR valid_to > ${asOfParam})`;
const num = (v: unknown) => (v === null || v === undefined ? null : Number(v));
const iso = (v: unknown) => (v instanceof Date ? v.toISOString() : v === null || v === undefined ? null : new Date(String(v)).toISOString());
const instant = (v: unknown) => (v instanceof Date ? v : new Date(String(v)));
const date = (v: unknown) => (v === null || v === undefined ? null : String(v));

/** Builds a WHERE clause from the filters given, with numbered parameters. */
class Where {
  readonly params: unknown[] = [];
  private readonly parts: string[] = [];
  add(sql: (p: string) => string, value: unknown): this {
    if (value === undefined) return this;
    this.params.push(value);
    this.parts.push(sql(`$${this.params.length}`));
    return this;
  }
  param(value: unknown): string {
    this.params.push(value);
    return `$${this.params.length}`;
  }
  toString(): string {
    return this.parts.length ? this.parts.join(' AND ') : 'TRUE';
  }
}

function paged<T>(rows: Row[], limit: number, map: (row: Row) => T): { items: T[]; next: string | null } {
  const items = rows.slice(0, limit);
  return { items: items.map(map), next: rows.length > limit ? String(items.at(-1)!['seq']) : null };
}

const courseItem = (r: Row) => ({
  municipalityCode: r['municipality_code'] as string,
  courseId: r['course_id'] as string,
  status: r['status'] as 'started' | 'rejected' | 'cancelled' | 'completed',
  reasonCodes: r['reason_codes'] as string[],
  targetGroup: (r['target_group'] as string | null) ?? null,
  startDate: date(r['start_date']),
  endDate: date(r['end_date']),
  title: (r['title'] as string | null) ?? null,
  expensesOre: (r['expenses'] as { amountOre: number }[]).reduce((sum, e) => sum + e.amountOre, 0),
});

/** Dates as text, so a `date` column is never shifted by the process's time zone. */
const COURSE_COLUMNS = `seq, pool_id, municipality_code, course_id, status, reason_codes, target_group, start_date::text AS start_date, end_date::text AS end_date, title, decisions, expenses`;

export async function listCourseReports(db: Queryable, poolId: string, q: CourseReportsQuery, asOf: Date) {
  const w = new Where().add((p) => `pool_id = ${p}`, poolId);
  const at = w.param(asOf);
  w.add((p) => `seq > ${p}`, q.after)
    .add((p) => `municipality_code = ${p}`, q.municipalityCode)
    .add((p) => `status = ${p}`, q.status)
    .add((p) => `reason_codes @> ARRAY[${p}]::text[]`, q.reasonCode)
    .add((p) => `target_group = ${p}`, q.targetGroup)
    .add((p) => `start_date >= ${p}`, q.startFrom)
    .add((p) => `start_date <= ${p}`, q.startTo);
  const { rows } = await db.query(`SELECT ${COURSE_COLUMNS} FROM staff_course_report WHERE ${w} AND ${IN_FORCE(at)} ORDER BY seq LIMIT ${q.limit + 1}`, w.params);
  return paged(rows, q.limit, courseItem);
}

export async function getCourseReport(db: Queryable, poolId: string, municipalityCode: string, courseId: string, asOf: Date) {
  const { rows } = await db.query(`SELECT ${COURSE_COLUMNS} FROM staff_course_report WHERE municipality_code = $1 AND course_id = $2 AND pool_id = $3 AND ${IN_FORCE('$4')}`, [municipalityCode, courseId, poolId, asOf]);
  const row = rows[0];
  if (!row) return undefined;
  const expenses = row['expenses'] as { claimIds: string[] }[];
  const claimIds = [...new Set(expenses.flatMap((e) => e.claimIds))];
  const claims = claimIds.length
    ? (await db.query(`SELECT * FROM staff_claim WHERE pool_id = $1 AND municipality_code = $2 AND claim_id = ANY($3) AND ${IN_FORCE('$4')} ORDER BY seq`, [poolId, municipalityCode, claimIds, asOf])).rows.map(claimItem)
    : [];
  return { ...courseItem(row), poolId, decisions: row['decisions'] as unknown[], expenses, claims };
}

const claimItem = (r: Row) => ({
  poolId: r['pool_id'] as string,
  municipalityCode: r['municipality_code'] as string,
  claimId: r['claim_id'] as string,
  status: r['status'] as 'awaiting-review' | 'awaiting-approval' | 'approved',
  budgetYear: Number(r['budget_year']),
  kind: r['kind'] as 'interim' | 'final',
  eligibleOre: Number(r['eligible_ore']),
  refundBeforeCapOre: Number(r['refund_before_cap_ore']),
  claimedRefundOre: Number(r['claimed_refund_ore']),
  commitmentOre: Number(r['commitment_ore']),
  refundRateBasisPoints: Number(r['refund_rate_basis_points']),
  cap: r['cap'] as 'rate' | 'commitment',
  claimedAt: iso(r['claimed_at'])!,
  reviewedBy: (r['reviewed_by'] as string | null) ?? null,
  reviewedAt: iso(r['reviewed_at']),
  approvedEligibleOre: num(r['approved_eligible_ore']),
  cuts: r['cuts'] as { courseId: string; expenseId: string; amountOre: number; approvedOre: number; reason: string }[],
  approvedBy: (r['approved_by'] as string | null) ?? null,
  approvedRefundOre: num(r['approved_refund_ore']),
});

export async function listClaimsQueue(db: Queryable, q: ClaimsQueueQuery, asOf: Date) {
  const w = new Where().add((p) => `status = ${p}`, q.status);
  const at = w.param(asOf);
  w.add((p) => `seq > ${p}`, q.after).add((p) => `pool_id = ${p}`, q.poolId).add((p) => `municipality_code = ${p}`, q.municipalityCode);
  const { rows } = await db.query(`SELECT * FROM staff_claim WHERE ${w} AND ${IN_FORCE(at)} ORDER BY seq LIMIT ${q.limit + 1}`, w.params);
  return paged(rows, q.limit, claimItem);
}

type Figures = { committedOre: number; claimedOre: number; approvedOre: number; paidOre: number; repaymentDemandedOre: number; repaidOre: number; lapsedOre: number };
const zero = (): Figures => ({ committedOre: 0, claimedOre: 0, approvedOre: 0, paidOre: 0, repaymentDemandedOre: 0, repaidOre: 0, lapsedOre: 0 });

function addFigures(into: Figures, r: Row): Figures {
  into.committedOre += Number(r['committed_ore']);
  // A year's final claim, and its settlement, replace its a conto claims and approvals (docs/domain.md §8).
  into.claimedOre += Number(r['claimed_final_ore'] ?? r['claimed_interim_ore']);
  into.approvedOre += Number(r['approved_settled_ore'] ?? r['approved_interim_ore']);
  into.paidOre += Number(r['paid_ore']);
  into.repaymentDemandedOre += Number(r['repayment_demanded_ore']);
  into.repaidOre += Number(r['repaid_ore']);
  into.lapsedOre += Number(r['lapsed_ore']);
  return into;
}

export async function ledgerSummary(db: Queryable, poolId: string, asOf: Date) {
  const { rows } = await db.query(`SELECT * FROM staff_ledger_year WHERE pool_id = $1 AND ${IN_FORCE('$2')} ORDER BY municipality_code, budget_year`, [poolId, asOf]);
  const total = zero();
  const years = new Map<number, Figures>();
  const municipalities = new Map<string, Figures>();
  for (const r of rows) {
    addFigures(total, r);
    const year = Number(r['budget_year']);
    if (year !== 0) addFigures(years.get(year) ?? years.set(year, zero()).get(year)!, r);
    const code = r['municipality_code'] as string;
    addFigures(municipalities.get(code) ?? municipalities.set(code, zero()).get(code)!, r);
  }
  return {
    poolId,
    asOf: asOf.toISOString(),
    total,
    byBudgetYear: [...years].sort(([a], [b]) => a - b).map(([budgetYear, f]) => ({ budgetYear, ...f })),
    byMunicipality: [...municipalities].map(([municipalityCode, f]) => ({ municipalityCode, ...f })),
    byMonth: await ledgerByMonth(db, poolId, asOf),
  };
}

/**
 * The pool's figures as they stood at the end of each Copenhagen calendar month (the last one at `asOf`), from the
 * month of its first money on: every version of the ledger rows, each month summing those in force at its end.
 */
async function ledgerByMonth(db: Queryable, poolId: string, asOf: Date) {
  const { rows } = await db.query(`SELECT * FROM staff_ledger_year WHERE pool_id = $1 AND valid_from <= $2 ORDER BY valid_from`, [poolId, asOf]);
  if (rows.length === 0) return [];
  const months: { month: string; at: Date }[] = [];
  const last = copenhagenDateOf(asOf).slice(0, 7);
  for (let month = copenhagenDateOf(instant(rows[0]!['valid_from'])).slice(0, 7); month <= last; month = addMonthsClamped(`${month}-01`, 1).slice(0, 7)) {
    const end = copenhagenInstant(addMonthsClamped(`${month}-01`, 1));
    months.push({ month, at: end < asOf ? end : asOf });
  }
  const inForce = (r: Row, at: Date) => instant(r['valid_from']) <= at && (r['valid_to'] === null || instant(r['valid_to']) > at);
  return months.map(({ month, at }) => ({ month, ...rows.filter((r) => inForce(r, at)).reduce(addFigures, zero()) }));
}

export async function listSettlements(db: Queryable, poolId: string, q: SettlementsQuery, asOf: Date) {
  const w = new Where().add((p) => `pool_id = ${p}`, poolId);
  const at = w.param(asOf);
  w.add((p) => `budget_year = ${p}`, q.budgetYear).add((p) => `municipality_code = ${p}`, q.municipalityCode);
  const { rows } = await db.query(`SELECT * FROM staff_settlement WHERE ${w} AND ${IN_FORCE(at)} ORDER BY budget_year, municipality_code`, w.params);
  return {
    items: rows.map((r) => ({
      municipalityCode: r['municipality_code'] as string,
      budgetYear: Number(r['budget_year']),
      claimId: r['claim_id'] as string,
      approvedRefundOre: Number(r['approved_refund_ore']),
      paidOre: Number(r['paid_ore']),
      owedOre: Number(r['owed_ore']),
      repaymentOre: Number(r['repayment_ore']),
      settledAt: iso(r['settled_at'])!,
      demand: { state: r['demand_state'] as 'none' | 'due' | 'demanded' | 'part-received' | 'received', demandedAt: iso(r['demanded_at']), receivedOre: Number(r['received_ore']), receivedAt: iso(r['received_at']) },
    })),
  };
}

export async function listAuditTrail(db: Queryable, q: AuditQuery, asOf: Date) {
  const w = new Where().add((p) => `recorded_at <= ${p}`, asOf);
  w.add((p) => `seq > ${p}`, q.after)
    .add((p) => `pool_id = ${p}`, q.poolId)
    .add((p) => `municipality_code = ${p}`, q.municipalityCode)
    .add((p) => `person = ${p}`, q.person)
    .add((p) => `kind = ${p}`, q.kind);
  const { rows } = await db.query(`SELECT * FROM staff_audit WHERE ${w} ORDER BY seq LIMIT ${q.limit + 1}`, w.params);
  return paged(rows, q.limit, (r) => ({
    seq: String(r['seq']),
    poolId: r['pool_id'] as string,
    municipalityCode: (r['municipality_code'] as string | null) ?? null,
    person: r['person'] as string,
    kind: r['kind'] as string,
    decidedAt: iso(r['decided_at'])!,
    recordedAt: iso(r['recorded_at'])!,
    ruleSet: { version: Number(r['rule_set_version']), amendments: Number(r['rule_set_amendments']) },
    what: r['what'] as Record<string, unknown>,
  }));
}

/** Whether the staff read models know the pool (opened, whenever). */
export async function staffPoolKnown(db: Queryable, poolId: string): Promise<boolean> {
  return (await db.query('SELECT 1 FROM staff_rule_set WHERE pool_id = $1', [poolId])).rows.length > 0;
}
