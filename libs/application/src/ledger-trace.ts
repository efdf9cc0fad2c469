import {
  commitmentStreamId,
  courseStreamId,
  evolveCommitment,
  evolveCourse,
  evolveLedger,
  initialCommitmentState,
  initialCourseState,
  initialLedgerState,
  ledgerFigures,
  ledgerStreamId,
  type CommitmentEvent,
  type CommitmentState,
  type CourseEvent,
  type CourseState,
  type LedgerEvent,
  type LedgerFigures,
  type LedgerState,
} from '@puljeflow/domain';
import type { EventStore } from '@puljeflow/event-store';
import { loadCommitment, loadCourse, loadLedger } from './loaders';
import { foldAsOf } from './staff/as-of';

/** The streams the trace reads: now (through the fold cache), or as they were at `asOf`. */
const readers = (store: EventStore, asOf: Date | undefined) => ({
  ledger: (poolId: string, code: string): Promise<LedgerState> =>
    asOf ? foldAsOf<LedgerState, LedgerEvent>(store, ledgerStreamId(poolId, code), evolveLedger, initialLedgerState, asOf) : loadLedger(store, poolId, code).then((r) => r.state),
  commitment: (poolId: string, code: string): Promise<CommitmentState> =>
    asOf ? foldAsOf<CommitmentState, CommitmentEvent>(store, commitmentStreamId(poolId, code), evolveCommitment, initialCommitmentState, asOf) : loadCommitment(store, poolId, code).then((r) => r.state),
  course: (code: string, courseId: string): Promise<CourseState> =>
    asOf ? foldAsOf<CourseState, CourseEvent>(store, courseStreamId(code, courseId), evolveCourse, initialCourseState, asOf) : loadCourse(store, code, courseId).then((r) => r.state),
});

/**
 * Every payout line leads to its claim, the claim to its expenses, each expense to its course and the course to its
 * employer declaration: one municipality's money in one pool, traced end to end.
 */
export async function ledgerTrace(store: EventStore, poolId: string, municipalityCode: string, asOf?: Date) {
  const read = readers(store, asOf);
  const [state, commitment] = await Promise.all([read.ledger(poolId, municipalityCode), read.commitment(poolId, municipalityCode)]);
  const committedOre = commitment.status === 'issued' ? commitment.amountOre : 0;
  const courseIds = [...new Set(state.expenses.map((e) => e.courseId))];
  const courses = new Map(
    await Promise.all(
      courseIds.map(async (id) => {
        const c = await read.course(municipalityCode, id);
        return [id, c.status === 'none' ? null : { courseId: id, status: c.status, title: c.start.course.title, startDate: c.start.course.startDate, employerDeclaration: c.start.employerDeclaration }] as const;
      }),
    ),
  );
  const expenseOf = (courseId: string, expenseId: string) => state.expenses.find((e) => e.courseId === courseId && e.expenseId === expenseId);
  const figures: LedgerFigures = ledgerFigures(state, committedOre);
  return {
    poolId,
    municipalityCode,
    status: state.status,
    committedOre,
    figures,
    payments: state.payments.map((p) => ({ reference: p.reference, runDate: p.runDate, amountOre: p.amountOre, paidAt: p.paidAt.toISOString(), claims: p.claims })),
    claims: state.claims.map((claim) => ({
      claimId: claim.claimId,
      budgetYear: claim.budgetYear,
      kind: claim.kind,
      status: claim.status,
      upTo: claim.upTo,
      claimedRefundOre: claim.claimedRefundOre,
      approvedRefundOre: claim.approval?.approvedRefundOre ?? null,
      paidOre: claim.paidOre,
      expenses: claim.expenses.map((ce) => {
        const e = expenseOf(ce.courseId, ce.expenseId);
        return {
          courseId: ce.courseId,
          expenseId: ce.expenseId,
          amountOre: ce.amountOre,
          approvedOre: e?.approvedOre ?? null,
          cutReason: e?.cutReason ?? null,
          category: e?.category ?? null,
          incurredOn: e?.incurredOn ?? null,
          invoiceRef: e?.invoiceRef ?? null,
          course: courses.get(ce.courseId) ?? null,
        };
      }),
    })),
    settlements: state.settlements.map((s) => ({ ...s, settledAt: s.settledAt.toISOString() })),
    repaymentDemands: state.repaymentDemands,
    lapse: state.lapse ?? null,
  };
}
