import { randomUUID } from 'node:crypto';
import { addDays, copenhagenDateOf, copenhagenInstant } from '@puljeflow/domain';
import { eventually } from '@puljeflow/test-support';
import { TestSystem } from '../system/system';
import { electricianBalanceCsv, poolOfThisYear, refusedWithNothingRecorded as refused } from './this-year-pool';

jest.setTimeout(300_000);

/**
 * A repayment received through the staff API: a budget year paid beyond its final settlement raises a repayment
 * demand; one finance officer prepares the money received, the same one cannot confirm it (403, nothing recorded),
 * a second one does, and the ledger, the municipality's standing and its feed show it. The marketing line is read back.
 */
describe('repayments received and the marketing line through the API', () => {
  let sys: TestSystem;
  const today = copenhagenDateOf(new Date());
  const year = Number(today.slice(0, 4));
  const tokens: Record<string, string> = {};
  const POOL = 'repayment-pool';
  const staffUrl = `/api/v1/staff/pools/${POOL}`;
  const repayments = `${staffUrl}/ledgers/101/repayments/${year}`;
  let marketingOre = 0;

  const post = (path: string, user: string, body: unknown = {}) => sys.http('POST', path, { bearer: tokens[user], body });
  const get = (path: string, user: string) => sys.http('GET', path, { bearer: tokens[user] });
  const standing = async () => (await sys.http('GET', `/api/v1/municipalities/101/pools/${POOL}`, { bearer: sys.keyOf('101') })).body;
  const submit = async (type: string, data: Record<string, unknown>) => {
    const res = await sys.http('POST', '/api/v1/municipalities/101/events', { bearer: sys.keyOf('101'), body: { events: [{ eventId: randomUUID(), type, occurredAt: new Date().toISOString(), data }] } });
    expect([type, res.body.results[0].status, res.body.results[0].reasons]).toEqual([type, 'accepted', undefined]);
  };
  const ok = async (res: ReturnType<typeof post>) => expect((await res).status).toBe(200);

  const refusedWithNothingRecorded = (request: ReturnType<typeof post>, status: number, code: string | undefined) => refused(sys, () => request, status, code);

  /**
   * A pool of this year and the next with a payout run today; 101 is committed 1,000,000 øre, claims 200,000 øre on an
   * interim claim that is paid, then a final claim whose review cuts the year to 160,000 øre: 40,000 øre is demanded back.
   */
  async function settledWithRepaymentDemand() {
    await ok(sys.http('POST', '/api/v1/staff/reference-data/labour-market-balance', { bearer: tokens['admin'], rawBody: electricianBalanceCsv(year), headers: { 'content-type': 'text/csv' } }));
    const definition = await poolOfThisYear(sys, POOL);
    marketingOre = definition.money.marketingOre;
    expect((await post('/api/v1/staff/pools', 'admin', definition)).status).toBe(201);
    await submit('InterestExpressed', { poolId: POOL, requestedAmountOre: 1_000_000, expectedParticipants: 1, contactEmail: 'jc@example.dk' });
    await sys.passInstant(definition.calendar.interestDeadline);
    await eventually(async () => ((await get(`${staffUrl}/overview`, 'karen')).body.pool?.status === 'allocated' ? true : undefined), { timeoutMs: 60_000 });
    await ok(post(`${staffUrl}/commitments/101/prepare`, 'karen'));
    await ok(post(`${staffUrl}/commitments/101/approve`, 'anders'));
    await submit('CourseStarted', {
      poolId: POOL,
      courseId: 'R-1',
      citizen: { cpr: '0101901234' },
      targetGroup: 'ressourceforloeb',
      employerDeclaration: { cvr: '12345678', employerName: 'El-Service ApS', jobTitle: 'Elektriker', rarArea: 'Hovedstaden', signedOn: today, expectedEmploymentStart: addDays(today, 60), withoutWageSubsidy: true },
      course: { title: 'Autorisation', provider: 'AMU', category: 'opkvalificering', startDate: today, endDate: addDays(today, 30), estimatedCostOre: 500_000 },
    });
    await submit('ExpenseIncurred', { courseId: 'R-1', expenseId: 'E-1', category: 'kursusafgift', amountOre: 250_000, incurredOn: today, invoiceRef: 'F-1' });
    await submit('RefundClaimed', { poolId: POOL, claimId: 'C-1', budgetYear: year, kind: 'interim', upTo: today });
    await ok(post(`${staffUrl}/ledgers/101/claims/C-1/review`, 'karen', { cuts: [] }));
    await ok(post(`${staffUrl}/ledgers/101/claims/C-1/approve`, 'anders'));
    await ok(post(`${staffUrl}/payout-runs/${today}/prepare`, 'frida'));
    await ok(post(`${staffUrl}/payout-runs/${today}/release`, 'fiona'));
    await sys.passInstant(copenhagenInstant(today, '08:00').toISOString());
    await eventually(async () => ((await standing()).paidOre === 200_000 ? true : undefined), { timeoutMs: 60_000, what: 'the payment' });

    await submit('RefundClaimed', { poolId: POOL, claimId: 'F-1', budgetYear: year, kind: 'final', upTo: today, statement: { signedBy: 'Direktør', auditorCertified: true, documentRef: 'REV-1' } });
    await ok(post(`${staffUrl}/ledgers/101/claims/F-1/review`, 'karen', { cuts: [{ courseId: 'R-1', expenseId: 'E-1', approvedOre: 200_000, reason: 'Kun kursusafgiften' }] }));
    await ok(post(`${staffUrl}/ledgers/101/claims/F-1/approve`, 'anders'));
  }

  beforeAll(async () => {
    sys = await TestSystem.start({
      municipalities: ['101'],
      staff: [
        { username: 'admin', password: 'pw', roles: ['admin'] },
        { username: 'karen', password: 'pw', roles: ['caseworker'] },
        { username: 'anders', password: 'pw', roles: ['approver'] },
        { username: 'frida', password: 'pw', roles: ['finance'] },
        { username: 'fiona', password: 'pw', roles: ['finance'] },
        { username: 'aud', password: 'pw', roles: ['auditor'] },
      ],
    });
    for (const user of ['admin', 'karen', 'anders', 'frida', 'fiona', 'aud']) tokens[user] = await sys.signIn(user, 'pw');
    await settledWithRepaymentDemand();
  });

  afterAll(async () => {
    await sys?.stop();
  });

  it('settles the year with 40,000 øre demanded back and nothing repaid yet', async () => {
    const trace = (await get(`${staffUrl}/ledgers/101`, 'aud')).body;
    expect(trace.repaymentDemands).toEqual([expect.objectContaining({ budgetYear: year, amountOre: 40_000, outstandingOre: 40_000, status: 'outstanding' })]);
    expect(trace.figures).toEqual(expect.objectContaining({ paidOre: 200_000, repaymentDemandedOre: 40_000, repaidOre: 0 }));
    expect((await standing()).repaidOre).toBe(0);
  });

  it('refuses a receipt by the wrong role, for no demand, above what is outstanding, and a confirmation with nothing prepared', async () => {
    const receipt = { amountOre: 30_000, receivedOn: today, reference: 'Indbetaling 1' };
    await refusedWithNothingRecorded(post(`${repayments}/prepare`, 'karen', receipt), 403, undefined);
    await refusedWithNothingRecorded(post(`${staffUrl}/ledgers/101/repayments/${year + 1}/prepare`, 'frida', receipt), 404, 'UNKNOWN_REPAYMENT_DEMAND');
    await refusedWithNothingRecorded(post(`${repayments}/prepare`, 'frida', { ...receipt, amountOre: 40_001 }), 422, 'EXCEEDS_OUTSTANDING_REPAYMENT');
    await refusedWithNothingRecorded(post(`${repayments}/prepare`, 'frida', { ...receipt, amountOre: 0 }), 400, undefined);
    await refusedWithNothingRecorded(post(`${staffUrl}/ledgers/101/repayments/last-year/prepare`, 'frida', receipt), 400, undefined);
    await refusedWithNothingRecorded(post(`${repayments}/confirm`, 'fiona'), 409, 'NO_RECEIPT_PREPARED');
  });

  it('records a receipt prepared by one finance officer and confirmed by another; the ledger, the standing and the feed show it', async () => {
    const prepared = await post(`${repayments}/prepare`, 'frida', { amountOre: 30_000, receivedOn: today, reference: 'Indbetaling 1' });
    expect([prepared.status, prepared.body.status]).toEqual([200, 'prepared']);
    await refusedWithNothingRecorded(post(`${repayments}/confirm`, 'frida'), 403, 'FOUR_EYES_REQUIRED');
    expect((await standing()).repaidOre).toBe(0);
    // The ledger shows the receipt waiting for a second officer, and who prepared it (the screens' four-eyes).
    const pending = (await get(`${staffUrl}/ledgers/101`, 'aud')).body.repaymentDemands[0];
    expect([pending.pendingReceipt, pending.receipts]).toEqual([expect.objectContaining({ amountOre: 30_000, receivedOn: today, reference: 'Indbetaling 1', preparedBy: 'frida' }), []]);

    const confirmed = await post(`${repayments}/confirm`, 'fiona');
    expect([confirmed.status, confirmed.body.status]).toEqual([200, 'received']);
    const trace = (await get(`${staffUrl}/ledgers/101`, 'aud')).body;
    expect(trace.figures).toEqual(expect.objectContaining({ repaymentDemandedOre: 40_000, repaidOre: 30_000 }));
    expect(trace.repaymentDemands).toEqual([expect.objectContaining({ budgetYear: year, outstandingOre: 10_000, status: 'outstanding', pendingReceipt: null })]);
    expect(trace.repaymentDemands[0].receipts).toEqual([expect.objectContaining({ amountOre: 30_000, preparedBy: 'frida', confirmedBy: 'fiona' })]);
    expect(await standing()).toEqual(expect.objectContaining({ paidOre: 200_000, repaidOre: 30_000 }));
    const item = await eventually(async () => {
      const page = await sys.http('GET', '/api/v1/municipalities/101/feed', { bearer: sys.keyOf('101') });
      return page.body.items.find((i: { type: string }) => i.type === 'RepaymentReceived');
    }, { timeoutMs: 30_000, what: 'the feed item' });
    expect(item.data).toEqual(expect.objectContaining({ budgetYear: year, amountOre: 30_000, reference: 'Indbetaling 1', preparedBy: 'frida', confirmedBy: 'fiona', outstandingOre: 10_000 }));

    // What is left is now the most a receipt may be; paid in full, the demand is settled and takes no more.
    await refusedWithNothingRecorded(post(`${repayments}/prepare`, 'fiona', { amountOre: 10_001, receivedOn: today, reference: 'Indbetaling 2' }), 422, 'EXCEEDS_OUTSTANDING_REPAYMENT');
    await ok(post(`${repayments}/prepare`, 'fiona', { amountOre: 10_000, receivedOn: today, reference: 'Indbetaling 2' }));
    await ok(post(`${repayments}/confirm`, 'frida'));
    expect((await get(`${staffUrl}/ledgers/101`, 'aud')).body.repaymentDemands).toEqual([expect.objectContaining({ outstandingOre: 0, status: 'settled' })]);
    expect((await standing()).repaidOre).toBe(40_000);
    await refusedWithNothingRecorded(post(`${repayments}/prepare`, 'frida', { amountOre: 1, receivedOn: today, reference: 'Indbetaling 3' }), 409, 'REPAYMENT_ALREADY_SETTLED');
  });

  it('reads the marketing line back, with by whom and when, for every staff role and as it was', async () => {
    const before = new Date().toISOString();
    await new Promise((r) => setTimeout(r, 20));
    expect((await post(`${staffUrl}/marketing-spending`, 'karen', { spendingId: 'M-1', amountOre: 1_500_000, spentOn: today, description: 'Annoncer' })).status).toBe(403);
    await ok(post(`${staffUrl}/marketing-spending`, 'frida', { spendingId: 'M-1', amountOre: 1_500_000, spentOn: today, description: 'Annoncer i fagblade' }));

    const line = await get(`${staffUrl}/marketing`, 'karen');
    expect(line.status).toBe(200);
    expect(line.body).toEqual(expect.objectContaining({ poolId: POOL, limitOre: marketingOre, spentOre: 1_500_000, remainingOre: marketingOre - 1_500_000 }));
    expect(line.body.spendings).toEqual([{ spendingId: 'M-1', amountOre: 1_500_000, spentOn: today, description: 'Annoncer i fagblade', recordedBy: 'frida', recordedAt: expect.any(String) }]);
    expect(Date.parse(line.body.spendings[0].recordedAt)).toBeGreaterThan(Date.parse(before));
    for (const user of ['anders', 'frida', 'aud', 'admin']) expect((await get(`${staffUrl}/marketing`, user)).status).toBe(200);
    const then = (await get(`${staffUrl}/marketing?asOf=${encodeURIComponent(before)}`, 'aud')).body;
    expect([then.spentOre, then.remainingOre, then.spendings]).toEqual([0, marketingOre, []]);
    expect((await get('/api/v1/staff/pools/no-such-pool/marketing', 'aud')).status).toBe(404);
    expect((await get(`${staffUrl}/marketing?asOf=2999-01-01T00:00:00Z`, 'aud')).status).toBe(400);
  });

  it('answered every staff request as the served OpenAPI document describes, and none with a 500', () => {
    expect(sys.contract.checked).toBeGreaterThan(20);
    expect(sys.contract.violations).toEqual([]);
    expect(sys.loggedStatuses().filter((s) => s >= 500)).toEqual([]);
  });
});
