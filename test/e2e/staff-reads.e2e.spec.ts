import { randomUUID } from 'node:crypto';
import { addDays, copenhagenDateOf } from '@puljeflow/domain';
import { ProjectionRunner } from '@puljeflow/event-store';
import { staffReadsProjection } from '@puljeflow/read-models';
import { eventually } from '@puljeflow/test-support';
import { TestSystem } from '../system/system';
import { electricianBalanceCsv, poolOfThisYear } from './this-year-pool';

jest.setTimeout(300_000);

/**
 * The staff reads through HTTP on a pool's run: course reports filtered and paged, one course with its decisions and
 * the versions they were made on, the claims queue with the reviewer's cuts, the pool's ledger summary beside each
 * municipality's ledger, the settlements, and the audit trail of exactly the staff decisions of the run.
 */
describe('staff reads', () => {
  let sys: TestSystem;
  const today = copenhagenDateOf(new Date());
  const year = Number(today.slice(0, 4));
  const tokens: Record<string, string> = {};

  beforeAll(async () => {
    sys = await TestSystem.start({
      municipalities: ['101', '147'],
      staff: [
        { username: 'admin', password: 'pw', roles: ['admin'] },
        { username: 'karen', password: 'pw', roles: ['caseworker'] },
        { username: 'anders', password: 'pw', roles: ['approver'] },
        { username: 'birgit', password: 'pw', roles: ['caseworker', 'approver'] },
        { username: 'frida', password: 'pw', roles: ['finance'] },
        { username: 'fiona', password: 'pw', roles: ['finance'] },
        { username: 'aud', password: 'pw', roles: ['auditor'] },
      ],
    });
    for (const user of ['admin', 'karen', 'anders', 'birgit', 'frida', 'fiona', 'aud']) tokens[user] = await sys.signIn(user, 'pw');
  });

  afterAll(async () => {
    await sys?.stop();
  });

  const get = (path: string, user = 'aud') => sys.http('GET', path, { bearer: tokens[user] });
  const post = async (path: string, user: string, body: unknown = {}) => sys.http('POST', path, { bearer: tokens[user], body });
  const submit = async (code: string, type: string, data: Record<string, unknown>) => {
    const res = await sys.http('POST', `/api/v1/municipalities/${code}/events`, { bearer: sys.keyOf(code), body: { events: [{ eventId: randomUUID(), type, occurredAt: new Date().toISOString(), data }] } });
    return res.body.results[0] as { status: string; reasons?: { code: string }[] };
  };
  const accepted = async (code: string, type: string, data: Record<string, unknown>) => expect([type, (await submit(code, type, data)).status]).toEqual([type, 'accepted']);

  const course = (courseId: string, startDate: string, jobTitle = 'Elektriker', cpr = '0101901234') => ({
    poolId: 'reads-pool',
    courseId,
    citizen: { cpr },
    targetGroup: 'ressourceforloeb',
    employerDeclaration: { cvr: '12345678', employerName: 'El-Service ApS', jobTitle, rarArea: 'Hovedstaden', signedOn: today, expectedEmploymentStart: addDays(today, 60), withoutWageSubsidy: true },
    course: { title: `Kursus ${courseId}`, provider: 'AMU', category: 'opkvalificering', startDate, endDate: addDays(startDate, 30), estimatedCostOre: 500_000 },
  });

  it('serves course reports, the claims queue, the summary and the audit trail of the run', async () => {
    // A dry run previews the import (what it would add) and writes nothing.
    const balancePath = '/api/v1/staff/reference-data/labour-market-balance';
    const versionsBefore = (await get(balancePath)).body.versions.length;
    const preview = await sys.http('POST', `${balancePath}?dryRun=true`, { bearer: tokens['admin'], rawBody: electricianBalanceCsv(year), headers: { 'content-type': 'text/csv' } });
    expect([preview.status, preview.body.unchanged, preview.body.versions[0].created, preview.body.versions[0].diff.added.length > 0]).toEqual([200, false, true, true]);
    expect((await get(balancePath)).body.versions.length).toBe(versionsBefore);
    expect((await sys.http('POST', `${balancePath}?dryRun=maybe`, { bearer: tokens['admin'], rawBody: electricianBalanceCsv(year), headers: { 'content-type': 'text/csv' } })).status).toBe(400);
    expect((await sys.http('POST', '/api/v1/staff/reference-data/labour-market-balance', { bearer: tokens['admin'], rawBody: electricianBalanceCsv(year), headers: { 'content-type': 'text/csv' } })).status).toBe(200);
    const definition = await poolOfThisYear(sys, 'reads-pool');
    expect((await sys.http('POST', '/api/v1/staff/pools', { bearer: tokens['admin'], body: definition })).status).toBe(201);
    for (const code of ['101', '147']) await accepted(code, 'InterestExpressed', { poolId: 'reads-pool', requestedAmountOre: 1_000_000, expectedParticipants: 2, contactEmail: 'jc@example.dk' });
    await sys.passInstant(definition.calendar.interestDeadline);
    await eventually(async () => ((await sys.pool.query("SELECT 1 FROM pool_view WHERE pool_id = 'reads-pool' AND status = 'allocated'")).rows.length ? true : undefined), { timeoutMs: 60_000, what: 'the allocation' });
    for (const code of ['101', '147']) {
      expect((await post(`/api/v1/staff/pools/reads-pool/commitments/${code}/prepare`, 'karen')).status).toBe(200);
      expect((await post(`/api/v1/staff/pools/reads-pool/commitments/${code}/approve`, 'anders')).status).toBe(200);
    }

    const beforeCourses = new Date();
    await accepted('101', 'CourseStarted', course('M-1', today));
    await accepted('101', 'CourseStarted', course('M-2', addDays(today, 10), 'Elektriker', '1502853456'));
    await accepted('147', 'CourseStarted', course('K-1', today, 'Elektriker', '3112795678'));
    const refused = await submit('147', 'CourseStarted', course('K-BAD', today, 'Bager', '1502853456'));
    expect(refused.status).toBe('rejected');
    const reason = refused.reasons![0]!.code;
    await accepted('101', 'ExpenseIncurred', { courseId: 'M-1', expenseId: 'E-1', category: 'kursusafgift', amountOre: 250_001, incurredOn: today, invoiceRef: 'F-1' });
    await accepted('101', 'ExpenseIncurred', { courseId: 'M-1', expenseId: 'E-2', category: 'materialer', amountOre: 10_000, incurredOn: today, invoiceRef: 'F-2' });
    await accepted('147', 'ExpenseIncurred', { courseId: 'K-1', expenseId: 'E-1', category: 'kursusafgift', amountOre: 100_000, incurredOn: today, invoiceRef: 'F-3' });
    await accepted('101', 'RefundClaimed', { poolId: 'reads-pool', claimId: 'C-1', budgetYear: year, kind: 'interim', upTo: today });
    await accepted('147', 'RefundClaimed', { poolId: 'reads-pool', claimId: 'C-9', budgetYear: year, kind: 'interim', upTo: today });

    // 101's claim: reviewed with a cut, birgit may not approve her own review (403, nothing recorded), anders approves.
    const claims101 = '/api/v1/staff/pools/reads-pool/ledgers/101/claims/C-1';
    expect((await post(`${claims101}/review`, 'birgit', { cuts: [{ courseId: 'M-1', expenseId: 'E-2', approvedOre: 5_000, reason: 'Halvdelen er moms' }] })).status).toBe(200);
    expect((await post(`${claims101}/approve`, 'birgit')).status).toBe(403);
    expect((await post(`${claims101}/approve`, 'anders')).status).toBe(200);
    // 147's claim is reviewed and waits for approval.
    expect((await post('/api/v1/staff/pools/reads-pool/ledgers/147/claims/C-9/review', 'karen', { cuts: [] })).status).toBe(200);
    expect((await post(`/api/v1/staff/pools/reads-pool/payout-runs/${today}/prepare`, 'frida')).status).toBe(200);
    expect((await post(`/api/v1/staff/pools/reads-pool/payout-runs/${today}/release`, 'frida')).status).toBe(403);
    expect((await post(`/api/v1/staff/pools/reads-pool/payout-runs/${today}/release`, 'fiona')).status).toBe(200);

    // The audit trail: exactly the staff decisions above, in order, each with its person, instant and rule-set version.
    const audit = await eventually(async () => {
      const res = await get('/api/v1/staff/audit?poolId=reads-pool');
      return res.body.items?.length === 9 ? res.body : undefined;
    }, { timeoutMs: 30_000, what: 'the audit trail' });
    expect(audit.items.map((e: any) => [e.kind, e.person, e.municipalityCode])).toEqual([
      ['CommitmentPrepared', 'karen', '101'],
      ['CommitmentIssued', 'anders', '101'],
      ['CommitmentPrepared', 'karen', '147'],
      ['CommitmentIssued', 'anders', '147'],
      ['ClaimReviewed', 'birgit', '101'],
      ['ClaimApproved', 'anders', '101'],
      ['ClaimReviewed', 'karen', '147'],
      ['RunPrepared', 'frida', null],
      ['RunReleased', 'fiona', null],
    ]);
    for (const entry of audit.items) {
      expect(entry.ruleSet).toEqual({ version: definition.version, amendments: 0 });
      expect(new Date(entry.decidedAt).getTime()).toBeGreaterThan(beforeCourses.getTime() - 600_000);
    }
    expect(audit.next).toBeNull();
    const byAnders = (await get('/api/v1/staff/audit?poolId=reads-pool&person=anders')).body.items;
    expect(byAnders.map((e: any) => e.kind)).toEqual(['CommitmentIssued', 'CommitmentIssued', 'ClaimApproved']);
    expect((await get('/api/v1/staff/audit?poolId=reads-pool&kind=ClaimReviewed&municipalityCode=147')).body.items.map((e: any) => e.person)).toEqual(['karen']);
    const firstTwo = (await get('/api/v1/staff/audit?poolId=reads-pool&limit=2')).body;
    expect(firstTwo.items).toHaveLength(2);
    const rest = (await get(`/api/v1/staff/audit?poolId=reads-pool&after=${firstTwo.next}&limit=100`)).body;
    expect([...firstTwo.items, ...rest.items].map((e: any) => e.seq)).toEqual(audit.items.map((e: any) => e.seq));

    // Course reports: filters and paging.
    const list = (query = '') => get(`/api/v1/staff/pools/reads-pool/course-reports${query}`, 'karen');
    await eventually(async () => ((await list()).body.items?.length === 4 ? true : undefined), { timeoutMs: 30_000, what: 'the course reports' });
    const ids = async (query: string) => (await list(query)).body.items.map((c: any) => c.courseId);
    expect(await ids('')).toEqual(['M-1', 'M-2', 'K-1', 'K-BAD']);
    expect(await ids('?municipalityCode=147')).toEqual(['K-1', 'K-BAD']);
    expect(await ids('?status=rejected')).toEqual(['K-BAD']);
    expect(await ids(`?reasonCode=${reason}`)).toEqual(['K-BAD']);
    expect(await ids('?targetGroup=ressourceforloeb')).toEqual(['M-1', 'M-2', 'K-1']);
    expect(await ids(`?startFrom=${addDays(today, 1)}`)).toEqual(['M-2']);
    expect(await ids(`?startTo=${today}&municipalityCode=101`)).toEqual(['M-1']);
    expect(await ids(`?asOf=${encodeURIComponent(beforeCourses.toISOString())}`)).toEqual([]);
    const paged: string[] = [];
    let after: string | null = null;
    do {
      const page: any = (await list(`?limit=1${after ? `&after=${after}` : ''}`)).body;
      paged.push(...page.items.map((c: any) => c.courseId));
      after = page.next;
    } while (after);
    expect(paged).toEqual(['M-1', 'M-2', 'K-1', 'K-BAD']);
    expect((await list('?status=bogus')).status).toBe(400);
    expect((await list('?limit=0')).status).toBe(400);

    // One course: its decision with the versions it was decided on, its expenses and the claim that covered them.
    const m1 = (await get('/api/v1/staff/pools/reads-pool/course-reports/101/M-1')).body;
    expect(m1.decisions).toEqual([expect.objectContaining({ type: 'CourseStarted', outcome: 'accepted', basis: expect.objectContaining({ poolDefinitionVersion: definition.version, poolAmendments: 0, balanceVersion: expect.any(String) }) })]);
    expect(m1.expenses.map((e: any) => [e.expenseId, e.amountOre, e.claimIds])).toEqual([['E-1', 250_001, ['C-1']], ['E-2', 10_000, ['C-1']]]);
    expect(m1.claims.map((c: any) => [c.claimId, c.status, c.approvedRefundOre])).toEqual([['C-1', 'approved', Math.floor((250_001 + 5_000) * 0.8)]]);
    const bad = (await get('/api/v1/staff/pools/reads-pool/course-reports/147/K-BAD')).body;
    expect(bad.decisions[0]).toEqual(expect.objectContaining({ outcome: 'rejected', reasons: expect.arrayContaining([expect.objectContaining({ code: reason })]) }));
    expect((await get('/api/v1/staff/pools/reads-pool/course-reports/147/nope')).status).toBe(404);

    // The claims queue: what waits for approval, with the computed refund, the cap and the cut; approved ones are not in it.
    const awaiting = (await get('/api/v1/staff/claims?status=awaiting-approval&poolId=reads-pool', 'anders')).body.items;
    expect(awaiting.map((c: any) => [c.municipalityCode, c.claimId, c.claimedRefundOre, c.cap, c.reviewedBy])).toEqual([['147', 'C-9', 80_000, 'rate', 'karen']]);
    expect((await get('/api/v1/staff/claims?status=awaiting-review&poolId=reads-pool')).body.items).toEqual([]);
    const approved = (await get('/api/v1/staff/claims?status=approved&poolId=reads-pool')).body.items;
    expect(approved[0].cuts).toEqual([{ courseId: 'M-1', expenseId: 'E-2', amountOre: 10_000, approvedOre: 5_000, reason: 'Halvdelen er moms' }]);
    expect(approved[0].claimedRefundOre).toBe(Math.floor(260_001 * 0.8));

    // The summary agrees with each municipality's ledger.
    const summary = (await get('/api/v1/staff/pools/reads-pool/ledger-summary', 'frida')).body;
    for (const code of ['101', '147']) {
      const figures = (await get(`/api/v1/staff/pools/reads-pool/ledgers/${code}`)).body.figures;
      const mine = summary.byMunicipality.find((m: any) => m.municipalityCode === code);
      expect([mine.claimedOre, mine.approvedOre, mine.paidOre, mine.repaidOre]).toEqual([figures.claimedRefundOre, figures.approvedRefundOre, figures.paidOre, figures.repaidOre ?? 0]);
      expect(mine.committedOre).toBe(1_000_000);
    }
    expect(summary.total.committedOre).toBe(2_000_000);
    expect(summary.byBudgetYear).toEqual([expect.objectContaining({ budgetYear: year, claimedOre: summary.total.claimedOre, approvedOre: summary.total.approvedOre })]);
    // Month by month, the last month is the total now; as of before the commitments, nothing was committed then.
    expect(summary.byMonth.at(-1)).toEqual({ month: expect.stringMatching(/^\d{4}-\d{2}$/), ...summary.total });
    const firstMonth = summary.byMonth[0];
    expect(firstMonth.month <= summary.byMonth.at(-1).month).toBe(true);
    const early = (await get(`/api/v1/staff/pools/reads-pool/ledger-summary?asOf=${encodeURIComponent(new Date(0).toISOString())}`)).body;
    expect(early.byMonth).toEqual([]);
    expect((await get('/api/v1/staff/pools/reads-pool/settlements')).body.items).toEqual([]);
    expect((await get('/api/v1/staff/pools/nope/ledger-summary')).status).toBe(404);
    expect((await sys.http('GET', '/api/v1/staff/audit', {})).status).toBe(401);

    // Rebuilt from zero, the read models hold the same rows.
    const snapshot = async () => {
      const out: Record<string, unknown[]> = {};
      for (const table of ['staff_course_report', 'staff_claim', 'staff_ledger_year', 'staff_settlement', 'staff_audit', 'staff_rule_set']) {
        const { rows } = await sys.pool.query(`SELECT * FROM ${table}`);
        out[table] = rows.map(({ id: _id, ...row }) => JSON.stringify(row)).sort();
      }
      return out;
    };
    const before = await snapshot();
    expect(before['staff_course_report']!.length).toBeGreaterThan(4);
    const runner = new ProjectionRunner(sys.pool, [staffReadsProjection]);
    expect(await runner.rebuild('staff-reads')).toBeGreaterThan(0);
    expect(await snapshot()).toEqual(before);
  });

  // Every staff response is checked against the served OpenAPI document by the test system (it fails at stop).
  it('answered no request with a 500', () => {
    expect(sys.loggedStatuses().filter((s) => s >= 500)).toEqual([]);
  });
});
