import { randomUUID } from 'node:crypto';
import { addDays, copenhagenDateOf } from '@puljeflow/domain';
import { eventually } from '@puljeflow/test-support';
import { TestSystem } from '../system/system';
import { electricianBalanceCsv, poolOfThisYear, refusedWithNothingRecorded as refused } from './this-year-pool';

jest.setTimeout(300_000);

/**
 * Staff decisions through HTTP, each by role and four-eyes: a commitment reduced (never below the refunds approved),
 * a payout run and the API keys read back as they were, and every staff response checked against the served document.
 */
describe('staff decisions through the API', () => {
  let sys: TestSystem;
  const today = copenhagenDateOf(new Date());
  const year = Number(today.slice(0, 4));
  const tokens: Record<string, string> = {};
  const POOL = 'decisions-pool';
  const staffUrl = `/api/v1/staff/pools/${POOL}`;

  beforeAll(async () => {
    sys = await TestSystem.start({
      municipalities: ['101'],
      staff: [
        { username: 'admin', password: 'pw', roles: ['admin'] },
        { username: 'karen', password: 'pw', roles: ['caseworker'] },
        { username: 'anders', password: 'pw', roles: ['approver'] },
        { username: 'birgit', password: 'pw', roles: ['caseworker', 'approver'] },
        { username: 'frida', password: 'pw', roles: ['finance'] },
        { username: 'aud', password: 'pw', roles: ['auditor'] },
      ],
    });
    for (const user of ['admin', 'karen', 'anders', 'birgit', 'frida', 'aud']) tokens[user] = await sys.signIn(user, 'pw');
    await committedWithApprovedRefund();
  });

  afterAll(async () => {
    await sys?.stop();
  });

  const post = (path: string, user: string, body: unknown = {}) => sys.http('POST', path, { bearer: tokens[user], body });
  const get = (path: string, user: string) => sys.http('GET', path, { bearer: tokens[user] });
  const standing = async () => (await sys.http('GET', `/api/v1/municipalities/101/pools/${POOL}`, { bearer: sys.keyOf('101') })).body;

  const submit = async (type: string, data: Record<string, unknown>) => {
    const res = await sys.http('POST', '/api/v1/municipalities/101/events', { bearer: sys.keyOf('101'), body: { events: [{ eventId: randomUUID(), type, occurredAt: new Date().toISOString(), data }] } });
    expect([type, res.body.results[0].status, res.body.results[0].reasons]).toEqual([type, 'accepted', undefined]);
  };

  /** A pool of this year and the next (so today's expenses book), 1,000,000 øre committed to 101 and 200,000 øre of refunds approved. */
  async function committedWithApprovedRefund() {
    expect((await sys.http('POST', '/api/v1/staff/reference-data/labour-market-balance', { bearer: tokens['admin'], rawBody: electricianBalanceCsv(year), headers: { 'content-type': 'text/csv' } })).status).toBe(200);
    const definition = await poolOfThisYear(sys, POOL);
    expect((await post('/api/v1/staff/pools', 'admin', definition)).status).toBe(201);
    await submit('InterestExpressed', { poolId: POOL, requestedAmountOre: 1_000_000, expectedParticipants: 2, contactEmail: 'jc@example.dk' });
    await sys.passInstant(definition.calendar.interestDeadline);
    await eventually(async () => ((await get(`${staffUrl}/overview`, 'karen')).body.pool?.status === 'allocated' ? true : undefined), { timeoutMs: 60_000 });
    expect((await post(`${staffUrl}/commitments/101/prepare`, 'karen')).status).toBe(200);
    expect((await post(`${staffUrl}/commitments/101/approve`, 'anders')).status).toBe(200);
    await submit('CourseStarted', {
      poolId: POOL,
      courseId: 'D-1',
      citizen: { cpr: '0101901234' },
      targetGroup: 'ressourceforloeb',
      employerDeclaration: { cvr: '12345678', employerName: 'El-Service ApS', jobTitle: 'Elektriker', rarArea: 'Hovedstaden', signedOn: today, expectedEmploymentStart: addDays(today, 60), withoutWageSubsidy: true },
      course: { title: 'Autorisation', provider: 'AMU', category: 'opkvalificering', startDate: today, endDate: addDays(today, 30), estimatedCostOre: 500_000 },
    });
    await submit('ExpenseIncurred', { courseId: 'D-1', expenseId: 'E-1', category: 'kursusafgift', amountOre: 250_001, incurredOn: today, invoiceRef: 'F-1' });
    await submit('RefundClaimed', { poolId: POOL, claimId: 'C-1', budgetYear: year, kind: 'interim', upTo: today });
    expect((await post(`${staffUrl}/ledgers/101/claims/C-1/review`, 'karen', { cuts: [] })).status).toBe(200);
    expect((await post(`${staffUrl}/ledgers/101/claims/C-1/approve`, 'anders')).status).toBe(200);
    expect(await standing()).toEqual(expect.objectContaining({ committedOre: 1_000_000, approvedRefundOre: 200_000, remainingCommitmentOre: 800_000 }));
  }

  const refusedWithNothingRecorded = (request: () => ReturnType<typeof post>, status: number, code: string | undefined) => refused(sys, request, status, code);

  it('reduces a commitment with two people, never raises it and never below the refunds approved', async () => {
    const prepare = (user: string, body: unknown) => () => post(`${staffUrl}/commitments/101/reduction/prepare`, user, body);
    const approve = (user: string) => () => post(`${staffUrl}/commitments/101/reduction/approve`, user);

    await refusedWithNothingRecorded(prepare('frida', { newAmountOre: 600_000, reason: 'Færre forløb' }), 403, undefined);
    await refusedWithNothingRecorded(prepare('karen', { newAmountOre: 150_000, reason: 'Færre forløb' }), 409, 'REFUND_EXCEEDS_COMMITMENT');
    await refusedWithNothingRecorded(prepare('karen', { newAmountOre: 1_200_000, reason: 'Flere forløb' }), 422, 'COMMITMENT_CANNOT_BE_RAISED');
    await refusedWithNothingRecorded(prepare('karen', { newAmountOre: -1, reason: 'x' }), 400, undefined);
    await refusedWithNothingRecorded(approve('anders'), 409, 'NO_REDUCTION_PREPARED');

    const prepared = await post(`${staffUrl}/commitments/101/reduction/prepare`, 'birgit', { newAmountOre: 600_000, reason: 'Færre forløb end ventet' });
    expect([prepared.status, prepared.body.status]).toEqual([200, 'prepared']);
    // birgit holds both roles, but may not approve what she prepared; and a caseworker alone may not approve at all.
    await refusedWithNothingRecorded(approve('birgit'), 403, 'FOUR_EYES_REQUIRED');
    await refusedWithNothingRecorded(approve('karen'), 403, undefined);
    expect(await standing()).toEqual(expect.objectContaining({ committedOre: 1_000_000, remainingCommitmentOre: 800_000 }));

    const beforeReduction = new Date().toISOString();
    const reduced = await post(`${staffUrl}/commitments/101/reduction/approve`, 'anders');
    expect([reduced.status, reduced.body.status]).toEqual([200, 'reduced']);
    expect(await standing()).toEqual(expect.objectContaining({ committedOre: 600_000, approvedRefundOre: 200_000, remainingCommitmentOre: 400_000 }));
    await eventually(async () => ((await get(`${staffUrl}/overview`, 'aud')).body.municipalities?.[0]?.committedOre === 600_000 ? true : undefined), { timeoutMs: 30_000, what: 'the overview' });
    const feed = await eventually(async () => {
      const page = await sys.http('GET', '/api/v1/municipalities/101/feed', { bearer: sys.keyOf('101') });
      return page.body.items.find((i: { type: string }) => i.type === 'CommitmentReduced');
    }, { timeoutMs: 30_000, what: 'the feed item' });
    expect(feed.data).toEqual(expect.objectContaining({ previousAmountOre: 1_000_000, newAmountOre: 600_000 }));
    expect((await get(`${staffUrl}/ledgers/101`, 'aud')).body.committedOre).toBe(600_000);
    const then = (await get(`${staffUrl}/ledgers/101?asOf=${encodeURIComponent(beforeReduction)}`, 'aud')).body;
    expect([then.committedOre, then.figures.approvedRefundOre, then.claims.map((c: { claimId: string }) => c.claimId)]).toEqual([1_000_000, 200_000, ['C-1']]);
  });

  it('reads a payout run and the API keys as they were at an instant', async () => {
    const before = new Date();
    await new Promise((r) => setTimeout(r, 20));
    expect((await post(`${staffUrl}/payout-runs/${today}/prepare`, 'karen')).status).toBe(403);
    const prepared = await post(`${staffUrl}/payout-runs/${today}/prepare`, 'frida');
    expect([prepared.status, prepared.body.status, prepared.body.totalOre]).toEqual([200, 'prepared', 200_000]);
    const run = await get(`${staffUrl}/payout-runs/${today}`, 'aud');
    expect(run.body).toEqual(expect.objectContaining({ status: 'prepared', preparedBy: 'frida', releasedBy: null, lines: [expect.objectContaining({ municipalityCode: '101', amountOre: 200_000, claimIds: ['C-1'], paidAt: null })] }));
    const then = await get(`${staffUrl}/payout-runs/${today}?asOf=${encodeURIComponent(before.toISOString())}`, 'aud');
    expect([then.status, then.body.status, then.body.lines]).toEqual([200, 'none', []]);
    expect((await get(`${staffUrl}/payout-runs/${today}?asOf=2999-01-01T00:00:00Z`, 'aud')).status).toBe(400);

    const issued = await post('/api/v1/staff/api-keys', 'admin', { municipalityCode: '101', name: 'fagsystem' });
    expect(issued.status).toBe(201);
    expect((await post('/api/v1/staff/api-keys', 'karen', { municipalityCode: '101', name: 'x' })).status).toBe(403);
    const keys = async (query: string) => (await get(`/api/v1/staff/api-keys${query}`, 'aud')).body.keys.map((k: { id: string }) => k.id);
    expect(await keys('')).toContain(issued.body.id);
    expect(await keys(`?asOf=${encodeURIComponent(before.toISOString())}`)).not.toContain(issued.body.id);
    expect((await get('/api/v1/staff/api-keys', 'karen')).status).toBe(403);
  });

  it('serves the whole public definition of a pool, without a key, now and as it was', async () => {
    const pool = await sys.http('GET', `/api/v1/pools/${POOL}`);
    expect(pool.status).toBe(200);
    expect(pool.body).toEqual(expect.objectContaining({ poolId: POOL, status: 'allocated', commitmentsOre: 5_000_000, amendments: 0 }));
    expect(pool.body.definition).toEqual(
      expect.objectContaining({
        poolId: POOL,
        budgetYears: [year, year + 1],
        refundRateBasisPoints: 8000,
        commitmentCaps: 'refund',
        targetGroups: expect.arrayContaining([expect.objectContaining({ code: 'dagpenge', unemploymentRule: expect.any(Object) }), expect.objectContaining({ code: 'ressourceforloeb' })]),
        calendar: expect.objectContaining({ payoutRunDates: [today, `${year + 1}-06-30`] }),
      }),
    );
    expect(pool.body.calendar).toEqual(pool.body.definition.calendar);
    const before = await sys.http('GET', `/api/v1/pools/${POOL}?asOf=${encodeURIComponent('2020-01-01T00:00:00+01:00')}`);
    expect(before.status).toBe(404);
    expect((await sys.http('GET', '/api/v1/pools/no-such-pool')).status).toBe(404);
  });

  it('answered every staff request as the served OpenAPI document describes, and none with a 500', () => {
    expect(sys.contract.checked).toBeGreaterThan(20);
    expect(sys.contract.violations).toEqual([]);
    expect(sys.loggedStatuses().filter((s) => s >= 500)).toEqual([]);
  });
});
