import { Pool } from 'pg';
import { runMigrations, staffReadsProjection } from '@puljeflow/read-models';
import { mangelpulje2019 } from '@puljeflow/domain';
import { EventStore, ProjectionRunner } from '@puljeflow/event-store';
import { createFreshDatabase, type FreshDatabase } from '@puljeflow/test-support';

import { ledgerSummary, listAuditTrail, listClaimsQueue, listCourseReports } from './staff-reads';

const POOL = mangelpulje2019.poolId;
const basis = { poolDefinitionVersion: mangelpulje2019.version, poolAmendments: 0, balanceVersion: 'b1', balanceHalfYear: '2019H2', shortageStatus: 'mangel' };
const page = { limit: 50 } as const;

describe('staff reads projection', () => {
  let db: FreshDatabase;
  let pool: Pool;
  let store: EventStore;
  let runner: ProjectionRunner;
  beforeEach(async () => {
    db = await createFreshDatabase('staff_reads');
    await runMigrations(db.url);
    pool = new Pool({ connectionString: db.url, max: 4 });
    store = new EventStore(pool);
    runner = new ProjectionRunner(pool, [staffReadsProjection]);
  });
  afterEach(async () => {
    await pool.end();
    await db.drop();
  });

  const append = (stream: string, type: string, data: Record<string, unknown>) => store.append(stream, [{ type, data }], { expectedVersion: 'any' });
  const instant = async () => (await pool.query<{ now: Date }>('SELECT clock_timestamp() AS now')).rows[0]!.now;

  it('keeps each version of a row, so a read as of an instant shows the state then; the audit holds staff decisions only', async () => {
    await append(`pool-${POOL}`, 'PoolOpened', { poolId: POOL, definition: mangelpulje2019 });
    await append(`commitment-${POOL}-101`, 'CommitmentPrepared', { poolId: POOL, municipalityCode: '101', amountOre: 1_000_000, preparedBy: 'karen', preparedAt: '2020-01-02T09:00:00.000Z' });
    await append(`commitment-${POOL}-101`, 'CommitmentIssued', { poolId: POOL, municipalityCode: '101', amountOre: 1_000_000, preparedBy: 'karen', approvedBy: 'anders', issuedAt: '2020-01-03T09:00:00.000Z' });
    await append('course-101-K-1', 'CourseStarted', {
      poolId: POOL, municipalityCode: '101', courseId: 'K-1', citizen: { pseudonym: 'p' }, targetGroup: 'ledig', employerDeclaration: {},
      course: { title: 'AMU', provider: 'AMU', category: 'opkvalificering', startDate: '2020-02-03', endDate: '2020-03-03', estimatedCostOre: 1 }, decidedAt: '2020-02-01T09:00:00.000Z', basis,
    });
    await append(`ledger-${POOL}-101`, 'ExpenseIncurred', { poolId: POOL, municipalityCode: '101', courseId: 'K-1', expenseId: 'E-1', category: 'kursusafgift', amountOre: 100_000, incurredOn: '2020-02-03', invoiceRef: 'F', budgetYear: 2020, decidedAt: '2020-02-04T09:00:00.000Z' });
    await append(`ledger-${POOL}-101`, 'RefundClaimed', {
      poolId: POOL, municipalityCode: '101', claimId: 'C-1', budgetYear: 2020, kind: 'interim', upTo: '2020-02-29', expenses: [{ courseId: 'K-1', expenseId: 'E-1', amountOre: 100_000 }],
      eligibleOre: 100_000, refundBeforeCapOre: 80_000, claimedRefundOre: 80_000, commitmentOre: 1_000_000, refundRateBasisPoints: 8000, claimedAt: '2020-03-01T09:00:00.000Z',
    });
    await runner.catchUp();
    const beforeReview = await instant();
    // Reads as of an instant take what was recorded within its millisecond: the review must come a millisecond later.
    while ((await instant()).getTime() <= beforeReview.getTime() + 1);
    await append(`ledger-${POOL}-101`, 'ClaimReviewed', { poolId: POOL, municipalityCode: '101', claimId: 'C-1', reviewedBy: 'karen', cuts: [{ courseId: 'K-1', expenseId: 'E-1', amountOre: 100_000, approvedOre: 90_000, reason: 'moms' }], approvedEligibleOre: 90_000, reviewedAt: '2020-03-02T09:00:00.000Z' });
    await append('course-101-K-1', 'CourseCancelled', { poolId: POOL, municipalityCode: '101', courseId: 'K-1', cancelledOn: '2020-03-01', reason: 'syg', decidedAt: '2020-03-03T09:00:00.000Z' });
    await runner.catchUp();
    const now = new Date(Date.now() + 1000);

    expect((await listClaimsQueue(pool, { ...page, status: 'awaiting-review' }, beforeReview)).items.map((c) => c.claimId)).toEqual(['C-1']);
    expect((await listClaimsQueue(pool, { ...page, status: 'awaiting-review' }, now)).items).toEqual([]);
    const reviewed = (await listClaimsQueue(pool, { ...page, status: 'awaiting-approval' }, now)).items;
    expect(reviewed.map((c) => [c.claimId, c.reviewedBy, c.cuts[0]?.reason, c.cap])).toEqual([['C-1', 'karen', 'moms', 'rate']]);
    expect((await listCourseReports(pool, POOL, { ...page, status: 'started' }, beforeReview)).items.map((c) => c.courseId)).toEqual(['K-1']);
    expect((await listCourseReports(pool, POOL, { ...page, status: 'cancelled' }, now)).items.map((c) => [c.courseId, c.expensesOre])).toEqual([['K-1', 100_000]]);
    expect((await ledgerSummary(pool, POOL, now)).total).toEqual(expect.objectContaining({ committedOre: 1_000_000, claimedOre: 80_000, approvedOre: 0 }));

    const audit = (await listAuditTrail(pool, page, now)).items;
    expect(audit.map((e) => [e.kind, e.person, e.decidedAt, e.ruleSet.version])).toEqual([
      ['CommitmentPrepared', 'karen', '2020-01-02T09:00:00.000Z', mangelpulje2019.version],
      ['CommitmentIssued', 'anders', '2020-01-03T09:00:00.000Z', mangelpulje2019.version],
      ['ClaimReviewed', 'karen', '2020-03-02T09:00:00.000Z', mangelpulje2019.version],
    ]);
    expect((await listAuditTrail(pool, { ...page, person: 'anders' }, now)).items.map((e) => e.kind)).toEqual(['CommitmentIssued']);
    expect((await listAuditTrail(pool, page, beforeReview)).items).toHaveLength(2);

    const rows = async () => (await pool.query('SELECT municipality_code, course_id, status, valid_from, valid_to, expenses FROM staff_course_report ORDER BY valid_from, id')).rows;
    const before = await rows();
    await runner.rebuild('staff-reads');
    expect(await rows()).toEqual(before);
  });
});
