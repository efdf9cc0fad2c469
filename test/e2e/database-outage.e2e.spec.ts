import { TestSystem } from '../system/system';
import { eventually } from '@puljeflow/test-support';

jest.setTimeout(240_000);

/** PostgreSQL stopped during requests answers 503 with Retry-After, never 500, and recovers by itself. */
describe('database outage', () => {
  let sys: TestSystem;

  beforeAll(async () => {
    sys = await TestSystem.start({ ownPostgres: true, municipalities: ['101'], staff: [{ username: 'admin', password: 'pw', roles: ['admin'] }] });
  });

  afterAll(async () => {
    await sys?.stop();
  });

  const paths = () => [
    () => sys.http('GET', '/api/v1/pools'),
    () => sys.http('GET', '/api/v1/municipalities/101/pools/none', { bearer: sys.keyOf('101') }),
    () => sys.http('POST', '/api/v1/municipalities/101/events', { bearer: sys.keyOf('101'), body: { events: [{ eventId: crypto.randomUUID(), type: 'InterestWithdrawn', occurredAt: new Date().toISOString(), data: { poolId: 'none' } }] } }),
    () => sys.http('POST', '/api/v1/staff/session', { body: { username: 'admin', password: 'pw' } }),
    () => sys.http('GET', '/api/health'),
  ];

  it('answers 503 with Retry-After while the database is down, and serves again once it is back', async () => {
    expect((await sys.http('GET', '/api/v1/pools')).status).toBe(200);
    await sys.database!.down();
    for (let round = 0; round < 3; round++) {
      for (const call of paths()) {
        const res = await call();
        expect([res.status, res.headers.get('content-type')?.split(';')[0]]).toEqual([503, 'application/problem+json']);
        expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(0);
      }
    }
    await sys.database!.up();
    await eventually(async () => ((await sys.http('GET', '/api/health')).status === 200 ? true : undefined), { timeoutMs: 60_000, what: 'recovery' });
    for (const call of paths().slice(0, 2)) expect([200, 404]).toContain((await call()).status);
    expect(sys.loggedStatuses().filter((s) => s === 500)).toEqual([]);
    // Neither the api nor the worker (projections, Temporal activities) died of it.
    expect(sys.exited()).toEqual([]);
  });
});
