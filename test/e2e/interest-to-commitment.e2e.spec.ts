import { randomUUID } from 'node:crypto';
import { eventually } from '@puljeflow/test-support';
import { TestSystem } from '../system/system';

jest.setTimeout(240_000);

/**
 * One slice through every real part: api and worker processes, real PostgreSQL, the real time-skipping
 * Temporal server. Three municipalities ask for more than the pool; the deadline passes; the allocation sums to the
 * pool; a caseworker prepares and an approver issues; each municipality reads its committed amount.
 */
describe('interest → allocation → commitment, end to end', () => {
  let sys: TestSystem;
  const staff = [
    { username: 'admin', password: 'pw-admin', roles: ['admin'] },
    { username: 'karen', password: 'pw-karen', roles: ['caseworker'] },
    { username: 'anders', password: 'pw-anders', roles: ['approver'] },
    { username: 'birgit', password: 'pw-birgit', roles: ['caseworker', 'approver'] },
  ];

  beforeAll(async () => {
    // Two api and two worker processes, as in production: requests alternate between the apis.
    sys = await TestSystem.start({ apis: 2, workers: 2, municipalities: ['101', '751', '461', '147'], staff });
  });

  afterAll(async () => {
    await sys?.stop();
  });

  const interest = (poolId: string, requestedAmountOre: number) => ({
    eventId: randomUUID(),
    type: 'InterestExpressed',
    occurredAt: new Date().toISOString(),
    data: { poolId, requestedAmountOre, expectedParticipants: 10, contactEmail: 'jobcenter@example.dk' },
  });

  it('allocates pro rata at the deadline, commits with four eyes, and shows each municipality only its own standing', async () => {
    const definition = await sys.presentDayPool('e2e-pool', 1_000_000);
    const admin = await sys.signIn('admin', 'pw-admin');
    const opened = await sys.http('POST', '/api/v1/staff/pools', { bearer: admin, body: definition });
    expect(opened.status).toBe(201);

    const requests: Record<string, number> = { '101': 600_000, '751': 500_000, '461': 400_000 };
    for (const [code, amount] of Object.entries(requests)) {
      const res = await sys.http('POST', `/api/v1/municipalities/${code}/events`, { bearer: sys.keyOf(code), body: { events: [interest('e2e-pool', amount)] } });
      expect(res.status).toBe(200);
      expect(res.body.results[0].status).toBe('accepted');
    }

    // Time passes the interest deadline on the Temporal server; the pool's workflow runs the allocation.
    await sys.passInstant(definition.calendar.interestDeadline);
    const admin2 = await sys.signIn('karen', 'pw-karen');
    const overview = await eventually(
      async () => {
        const res = await sys.http('GET', '/api/v1/staff/pools/e2e-pool/overview', { bearer: admin2 });
        return res.body.pool?.status === 'allocated' && res.body.municipalities.every((m: any) => m.allocatedOre !== null) ? res.body : undefined;
      },
      { timeoutMs: 60_000, what: 'the allocation to appear' },
    );
    const allocated = Object.fromEntries(overview.municipalities.map((m: any) => [m.municipalityCode, m.allocatedOre]));
    // 1,000,000 shared 6:5:4 — floors 400,000 + 333,333 + 266,666 = 999,999; the largest remainder (461: .67) gets the last øre.
    expect(allocated).toEqual({ '101': 400_000, '751': 333_333, '461': 266_667 });
    expect(Object.values(allocated).reduce((a: number, b) => a + (b as number), 0)).toBe(1_000_000);

    const karen = admin2;
    const anders = await sys.signIn('anders', 'pw-anders');
    for (const code of Object.keys(requests)) {
      const prepared = await sys.http('POST', `/api/v1/staff/pools/e2e-pool/commitments/${code}/prepare`, { bearer: karen, body: {} });
      expect(prepared.status).toBe(200);
    }
    // A caseworker cannot issue; an approver can.
    const notApprover = await sys.http('POST', '/api/v1/staff/pools/e2e-pool/commitments/101/approve', { bearer: karen, body: {} });
    expect(notApprover.status).toBe(403);
    expect(notApprover.headers.get('content-type')).toMatch(/application\/problem\+json/);
    for (const code of Object.keys(requests)) {
      const issued = await sys.http('POST', `/api/v1/staff/pools/e2e-pool/commitments/${code}/approve`, { bearer: anders, body: {} });
      expect(issued.status).toBe(200);
    }

    for (const [code, amount] of Object.entries(allocated)) {
      const standing = await eventually(
        async () => {
          const res = await sys.http('GET', `/api/v1/municipalities/${code}/pools/e2e-pool`, { bearer: sys.keyOf(code) });
          return res.status === 200 && res.body.committedOre === amount ? res.body : undefined;
        },
        { what: `committedOre of ${code}` },
      );
      expect(standing.requestedOre).toBe(requests[code]);
      expect(standing.remainingCommitmentOre).toBe(amount);
    }

    // Another municipality's key on 101's path: 403, and nothing of 101's is shown.
    const foreign = await sys.http('GET', '/api/v1/municipalities/101/pools/e2e-pool', { bearer: sys.keyOf('147') });
    expect(foreign.status).toBe(403);
    expect(JSON.stringify(foreign.body)).not.toContain('committedOre');
  });

  it('refuses the same person preparing and approving (four-eyes): 403 and nothing changes', async () => {
    const definition = await sys.presentDayPool('e2e-four-eyes', 50_000);
    const admin = await sys.signIn('admin', 'pw-admin');
    expect((await sys.http('POST', '/api/v1/staff/pools', { bearer: admin, body: definition })).status).toBe(201);
    expect((await sys.http('POST', '/api/v1/municipalities/147/events', { bearer: sys.keyOf('147'), body: { events: [interest('e2e-four-eyes', 10_000)] } })).status).toBe(200);
    await sys.passInstant(definition.calendar.interestDeadline);
    const birgit = await sys.signIn('birgit', 'pw-birgit');
    await eventually(async () => ((await sys.http('GET', '/api/v1/staff/pools/e2e-four-eyes/overview', { bearer: birgit })).body.pool?.status === 'allocated' ? true : undefined), {
      timeoutMs: 60_000,
      what: 'allocation',
    });
    expect((await sys.http('POST', '/api/v1/staff/pools/e2e-four-eyes/commitments/147/prepare', { bearer: birgit, body: {} })).status).toBe(200);
    const before = await sys.countEvents();
    const sameHands = await sys.http('POST', '/api/v1/staff/pools/e2e-four-eyes/commitments/147/approve', { bearer: birgit, body: {} });
    expect(sameHands.status).toBe(403);
    expect(sameHands.body.reasons[0].code).toBe('FOUR_EYES_REQUIRED');
    expect(await sys.countEvents()).toBe(before);
  });

  it('records one event sent by 16 clients at once to two api processes exactly once', async () => {
    const definition = await sys.presentDayPool('e2e-race', 100_000);
    const admin = await sys.signIn('admin', 'pw-admin');
    expect((await sys.http('POST', '/api/v1/staff/pools', { bearer: admin, body: definition })).status).toBe(201);
    const event = interest('e2e-race', 5_000);
    const before = await sys.countEvents();
    const results = await Promise.all(
      Array.from({ length: 16 }, (_, i) => sys.http('POST', '/api/v1/municipalities/751/events', { bearer: sys.keyOf('751'), body: { events: [event] }, apiIndex: i % 2 })),
    );
    const statuses = results.map((r) => r.body.results[0].status);
    expect(statuses.filter((s) => s === 'accepted')).toHaveLength(1);
    expect(statuses.filter((s) => s === 'duplicate')).toHaveLength(15);
    expect(new Set(results.map((r) => r.body.results[0].position)).size).toBe(1);
    expect(await sys.countEvents()).toBe(before + 1);
  });

  it('answered no request with a 500', () => {
    const statuses = sys.loggedStatuses();
    expect(statuses.length).toBeGreaterThan(10);
    expect(statuses.filter((s) => s >= 500)).toEqual([]);
  });
});
