import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { addDays, copenhagenDateOf, copenhagenInstant, mangelpulje2019 } from '@puljeflow/domain';
import { eventually } from '@puljeflow/test-support';
import { TestSystem } from '../system/system';
import { electricianBalanceCsv, poolOfThisYear } from './this-year-pool';

jest.setTimeout(300_000);

/**
 * Four-eyes through the staff API: one person cannot both review and approve a refund claim, nor prepare and release a
 * payout run — 403 and nothing changes — and with a second person the released run is paid by its workflow.
 */
describe('money decisions need two people', () => {
  let sys: TestSystem;
  const paymentsDir = fs.mkdtempSync(path.join(os.tmpdir(), 'puljeflow-pain001-'));
  const today = copenhagenDateOf(new Date());
  const year = Number(today.slice(0, 4));
  const tokens: Record<string, string> = {};

  beforeAll(async () => {
    sys = await TestSystem.start({
      municipalities: ['101'],
      workerEnv: { PAYMENT_FILES_DIR: paymentsDir },
      staff: [
        { username: 'admin', password: 'pw', roles: ['admin'] },
        { username: 'karen', password: 'pw', roles: ['caseworker'] },
        { username: 'anders', password: 'pw', roles: ['approver'] },
        { username: 'birgit', password: 'pw', roles: ['caseworker', 'approver'] },
        { username: 'frida', password: 'pw', roles: ['finance'] },
        { username: 'fiona', password: 'pw', roles: ['finance'] },
      ],
    });
    for (const user of ['admin', 'karen', 'anders', 'birgit', 'frida', 'fiona']) tokens[user] = await sys.signIn(user, 'pw');
  });

  afterAll(async () => {
    await sys?.stop();
    fs.rmSync(paymentsDir, { recursive: true, force: true });
  });

  const submit = async (type: string, data: Record<string, unknown>) => {
    const res = await sys.http('POST', '/api/v1/municipalities/101/events', { bearer: sys.keyOf('101'), body: { events: [{ eventId: randomUUID(), type, occurredAt: new Date().toISOString(), data }] } });
    expect([type, res.body.results[0].status, res.body.results[0].reasons]).toEqual([type, 'accepted', undefined]);
  };

  it('refuses review+approval and prepare+release by one person, and pays once a second person releases', async () => {
    expect(mangelpulje2019.refundRateBasisPoints).toBe(8000);
    expect((await sys.http('POST', '/api/v1/staff/reference-data/labour-market-balance', { bearer: tokens['admin'], rawBody: electricianBalanceCsv(year), headers: { 'content-type': 'text/csv' } })).status).toBe(200);
    const definition = await poolOfThisYear(sys, 'money-pool');
    expect((await sys.http('POST', '/api/v1/staff/pools', { bearer: tokens['admin'], body: definition })).status).toBe(201);
    await submit('InterestExpressed', { poolId: 'money-pool', requestedAmountOre: 1_000_000, expectedParticipants: 2, contactEmail: 'jc@example.dk' });
    await sys.passInstant(definition.calendar.interestDeadline);
    await eventually(async () => ((await sys.http('GET', '/api/v1/staff/pools/money-pool/overview', { bearer: tokens['karen'] })).body.pool?.status === 'allocated' ? true : undefined), { timeoutMs: 60_000 });
    expect((await sys.http('POST', '/api/v1/staff/pools/money-pool/commitments/101/prepare', { bearer: tokens['karen'], body: {} })).status).toBe(200);
    expect((await sys.http('POST', '/api/v1/staff/pools/money-pool/commitments/101/approve', { bearer: tokens['anders'], body: {} })).status).toBe(200);

    await submit('CourseStarted', {
      poolId: 'money-pool',
      courseId: 'M-1',
      citizen: { cpr: '0101901234' },
      targetGroup: 'ressourceforloeb',
      employerDeclaration: { cvr: '12345678', employerName: 'El-Service ApS', jobTitle: 'Elektriker', rarArea: 'Hovedstaden', signedOn: today, expectedEmploymentStart: addDays(today, 60), withoutWageSubsidy: true },
      course: { title: 'Autorisation', provider: 'AMU', category: 'opkvalificering', startDate: today, endDate: addDays(today, 30), estimatedCostOre: 500_000 },
    });
    await submit('ExpenseIncurred', { courseId: 'M-1', expenseId: 'E-1', category: 'kursusafgift', amountOre: 250_001, incurredOn: today, invoiceRef: 'F-1001' });
    await submit('RefundClaimed', { poolId: 'money-pool', claimId: 'C-1', budgetYear: year, kind: 'interim', upTo: today });

    const ledger = () => sys.http('GET', '/api/v1/staff/pools/money-pool/ledgers/101', { bearer: tokens['karen'] });
    const eventsBefore = await sys.countEvents();
    // birgit holds both roles, but may not approve what she reviewed.
    expect((await sys.http('POST', '/api/v1/staff/pools/money-pool/ledgers/101/claims/C-1/review', { bearer: tokens['birgit'], body: { cuts: [] } })).status).toBe(200);
    const sameHands = await sys.http('POST', '/api/v1/staff/pools/money-pool/ledgers/101/claims/C-1/approve', { bearer: tokens['birgit'] });
    expect([sameHands.status, sameHands.body.reasons?.[0]?.code]).toEqual([403, 'FOUR_EYES_REQUIRED']);
    expect(await sys.countEvents()).toBe(eventsBefore + 1);
    expect((await ledger()).body.claims[0].status).toBe('reviewed');
    expect((await sys.http('POST', '/api/v1/staff/pools/money-pool/ledgers/101/claims/C-1/approve', { bearer: tokens['anders'] })).status).toBe(200);
    // 80 % of 250,001 øre, rounded down.
    expect((await ledger()).body.claims[0].approvedRefundOre).toBe(200_000);

    const prepared = await sys.http('POST', `/api/v1/staff/pools/money-pool/payout-runs/${today}/prepare`, { bearer: tokens['frida'] });
    expect(prepared.status).toBe(200);
    expect(prepared.body.lines).toEqual([expect.objectContaining({ municipalityCode: '101', amountOre: 200_000 })]);
    const beforeRelease = await sys.countEvents();
    const selfRelease = await sys.http('POST', `/api/v1/staff/pools/money-pool/payout-runs/${today}/release`, { bearer: tokens['frida'] });
    expect([selfRelease.status, selfRelease.body.reasons?.[0]?.code]).toEqual([403, 'FOUR_EYES_REQUIRED']);
    expect(await sys.countEvents()).toBe(beforeRelease);
    expect((await sys.http('GET', `/api/v1/staff/pools/money-pool/payout-runs/${today}`, { bearer: tokens['frida'] })).body.status).toBe('prepared');
    expect((await sys.http('POST', `/api/v1/staff/pools/money-pool/payout-runs/${today}/release`, { bearer: tokens['fiona'] })).status).toBe(200);

    // The run's workflow opens at 08:00 on its date (Temporal's clock) and, finding the run released, pays it once;
    // the standing and the pain.001 file show it.
    await sys.passInstant(copenhagenInstant(today, '08:00').toISOString());
    const standing = await eventually(async () => {
      const res = await sys.http('GET', '/api/v1/municipalities/101/pools/money-pool', { bearer: sys.keyOf('101') });
      return res.body.paidOre === 200_000 ? res.body : undefined;
    }, { timeoutMs: 60_000, what: 'the payment' }).catch(async (err) => {
      const run = await sys.http('GET', `/api/v1/staff/pools/money-pool/payout-runs/${today}`, { bearer: tokens['frida'] });
      const handle = sys.temporal.client.workflow.getHandle(`payout-money-pool-${today}`);
      const described = await handle.describe().then((d) => `${d.status.name}`, (e: Error) => `describe failed: ${e.message}`);
      const history = await handle.fetchHistory().then((h) => (h.events ?? []).map((e) => `${e.eventType}${e.activityTaskFailedEventAttributes ? ' ' + JSON.stringify(e.activityTaskFailedEventAttributes.failure?.message) : ''}`).join(', '), (e: Error) => e.message);
      const pool = await sys.temporal.client.workflow.getHandle('pool-money-pool').fetchHistory().then((h) => (h.events ?? []).map((e) => String(e.eventType)).join(', '), (e: Error) => e.message);
      throw new Error(`${err.message}\nchild: ${described}\nhistory: ${history}\npool: ${pool}\nrun: ${JSON.stringify(run.body)}\nledger: ${JSON.stringify((await ledger()).body.figures)}\nworker: ${sys.output('worker-0').slice(-3000)}`);
    });
    expect(standing).toEqual(expect.objectContaining({ expensesOre: 250_001, approvedRefundOre: 200_000, paidOre: 200_000, remainingCommitmentOre: 800_000 }));
    const files = fs.readdirSync(paymentsDir).filter((f) => f.endsWith('.xml'));
    expect(files).toHaveLength(1);
    const xml = fs.readFileSync(path.join(paymentsDir, files[0]!), 'utf8');
    expect(xml.match(/<EndToEndId>/g)).toHaveLength(1);
    expect(xml).toContain('<InstdAmt Ccy="DKK">2000.00</InstdAmt>');
    const trace = (await ledger()).body;
    expect(trace.payments[0].claims).toEqual([{ claimId: 'C-1', amountOre: 200_000 }]);
    expect(trace.claims[0].expenses[0].course.employerDeclaration.cvr).toBe('12345678');
  });

  it('answered no request with a 500', () => {
    expect(sys.loggedStatuses().filter((s) => s >= 500)).toEqual([]);
  });
});
