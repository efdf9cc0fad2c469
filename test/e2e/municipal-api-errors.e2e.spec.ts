import { randomUUID } from 'node:crypto';
import { demoPoolDefinition } from '@puljeflow/domain';
import { TestSystem } from '../system/system';

jest.setTimeout(180_000);

/** Malformed requests get their documented 4xx as problem+json and record nothing; never a 500. */
describe('municipal events endpoint: bad input', () => {
  let sys: TestSystem;

  beforeAll(async () => {
    sys = await TestSystem.start({
      municipalities: ['101', '147', '151'],
      staff: [{ username: 'admin', password: 'pw', roles: ['admin'] }],
      // A small bucket, so the limit shows: 151 is the municipality the rate-limit test spends it on.
      apiEnv: { RATE_LIMIT_BURST: '60', RATE_LIMIT_PER_SECOND: '1' },
    });
    const base = demoPoolDefinition(new Date(), { interestInMinutes: 60 });
    const admin = await sys.signIn('admin', 'pw');
    expect((await sys.http('POST', '/api/v1/staff/pools', { bearer: admin, body: { ...base, poolId: 'errors-pool' } })).status).toBe(201);
  });

  afterAll(async () => {
    await sys?.stop();
  });

  const good = () => ({
    eventId: randomUUID(),
    type: 'InterestExpressed',
    occurredAt: '2026-11-24T10:00:00+01:00',
    data: { poolId: 'errors-pool', requestedAmountOre: 1000, expectedParticipants: 1, contactEmail: 'a@example.dk' },
  });

  async function expectProblem(res: { status: number; headers: Headers; body: any }, status: number) {
    expect(res.status).toBe(status);
    expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(res.body).toEqual(expect.objectContaining({ type: expect.any(String), title: expect.any(String), status, detail: expect.any(String) }));
  }

  const cases: [string, number, () => Parameters<TestSystem['http']>[2]][] = [
    ['malformed JSON', 400, () => ({ rawBody: '{"events": [', bearer: sys.keyOf('101') })],
    ['a body that is not the envelope', 400, () => ({ body: { event: good() }, bearer: sys.keyOf('101') })],
    ['an event without eventId', 400, () => ({ body: { events: [{ ...good(), eventId: undefined }] }, bearer: sys.keyOf('101') })],
    ['an empty events list', 400, () => ({ body: { events: [] }, bearer: sys.keyOf('101') })],
    ['an unknown event type', 400, () => ({ body: { events: [{ ...good(), type: 'MoneyPlease' }] }, bearer: sys.keyOf('101') })],
    ['501 events', 413, () => ({ body: { events: Array.from({ length: 501 }, good) }, bearer: sys.keyOf('101') })],
    ['no key', 401, () => ({ body: { events: [good()] } })],
    ['an unknown key', 401, () => ({ body: { events: [good()] }, bearer: 'pfk_101_not-a-key' })],
    ["another municipality's key", 403, () => ({ body: { events: [good()] }, bearer: sys.keyOf('147') })],
  ];

  it.each(cases)('%s → %i, nothing recorded', async (_name, status, request) => {
    const before = await sys.countEvents();
    const res = await sys.http('POST', '/api/v1/municipalities/101/events', request());
    await expectProblem(res, status);
    expect(await sys.countEvents()).toBe(before);
  });

  it('a validation problem lists errors with path, code and message', async () => {
    const res = await sys.http('POST', '/api/v1/municipalities/101/events', { body: { events: [{ ...good(), occurredAt: 'yesterday' }] }, bearer: sys.keyOf('101') });
    await expectProblem(res, 400);
    expect(res.body.errors).toEqual(expect.arrayContaining([expect.objectContaining({ path: 'events.0.occurredAt', code: expect.any(String), message: expect.any(String) })]));
  });

  it('a revoked key fails at once with 401', async () => {
    const ok = await sys.http('POST', '/api/v1/municipalities/147/events', { body: { events: [good()] }, bearer: sys.keyOf('147') });
    expect(ok.status).toBe(200);
    await sys.pool.query("UPDATE api_keys SET revoked_at = now() WHERE municipality_code = '147'");
    const before = await sys.countEvents();
    await expectProblem(await sys.http('POST', '/api/v1/municipalities/147/events', { body: { events: [good()] }, bearer: sys.keyOf('147') }), 401);
    expect(await sys.countEvents()).toBe(before);
  });

  it('per-event results in order: accepted, rejected with reasons, duplicate; a reused eventId with another body is rejected', async () => {
    const first = good();
    const bad = { ...good(), data: { ...good().data, requestedAmountOre: -5 } };
    const unknownPool = { ...good(), data: { ...good().data, poolId: 'no-such-pool' } };
    const res = await sys.http('POST', '/api/v1/municipalities/101/events', { body: { events: [first, bad, unknownPool, first] }, bearer: sys.keyOf('101') });
    expect(res.status).toBe(200);
    expect(res.body.results.map((r: any) => r.status)).toEqual(['accepted', 'rejected', 'rejected', 'duplicate']);
    expect(res.body.results[1].reasons[0].code).toBe('SCHEMA_INVALID');
    expect(res.body.results[2].reasons[0].code).toBe('UNKNOWN_POOL');
    expect(res.body.results[3].position).toBe(res.body.results[0].position);
    const reused = await sys.http('POST', '/api/v1/municipalities/101/events', { body: { events: [{ ...first, data: { ...first.data, requestedAmountOre: 2000 } }] }, bearer: sys.keyOf('101') });
    expect(reused.body.results[0]).toEqual(expect.objectContaining({ status: 'rejected', reasons: [expect.objectContaining({ code: 'IDEMPOTENCY_KEY_REUSED' })] }));
  });

  it('reads back the recorded outcome of one submission, and 404 for an eventId never sent', async () => {
    const sent = good();
    const res = await sys.http('POST', '/api/v1/municipalities/101/events', { body: { events: [sent] }, bearer: sys.keyOf('101') });
    const outcome = await sys.http('GET', `/api/v1/municipalities/101/events/${sent.eventId}`, { bearer: sys.keyOf('101') });
    expect(outcome.status).toBe(200);
    expect(outcome.body).toEqual({ eventId: sent.eventId, status: 'accepted', position: res.body.results[0].position, recordedAt: expect.any(String) });
    await expectProblem(await sys.http('GET', `/api/v1/municipalities/101/events/${randomUUID()}`, { bearer: sys.keyOf('101') }), 404);
    await expectProblem(await sys.http('GET', `/api/v1/municipalities/101/events/${sent.eventId}`, { bearer: sys.keyOf('151') }), 403);
  });

  it('answers 429 with Retry-After when a municipality exceeds its rate, without touching the others', async () => {
    const statuses: number[] = [];
    let limited: Awaited<ReturnType<TestSystem['http']>> | undefined;
    for (let i = 0; i < 80 && !limited; i++) {
      const res = await sys.http('GET', '/api/v1/municipalities/151/pools/errors-pool', { bearer: sys.keyOf('151') });
      statuses.push(res.status);
      if (res.status === 429) limited = res;
    }
    expect(limited).toBeDefined();
    await expectProblem(limited!, 429);
    expect(Number(limited!.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect(statuses.filter((s) => s === 200).length).toBeGreaterThanOrEqual(59);
    expect((await sys.http('GET', '/api/v1/municipalities/101/pools/errors-pool', { bearer: sys.keyOf('101') })).status).toBe(200);
  });

  it('echoes X-Request-Id and sets one when none is sent', async () => {
    const echoed = await sys.http('GET', '/api/v1/pools', { headers: { 'x-request-id': 'trace-123' } });
    expect(echoed.headers.get('x-request-id')).toBe('trace-123');
    const made = await sys.http('GET', '/api/v1/pools');
    expect(made.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('answered no request with a 500', () => {
    expect(sys.loggedStatuses().filter((s) => s >= 500)).toEqual([]);
  });
});

describe('published description', () => {
  let sys: TestSystem;
  beforeAll(async () => {
    sys = await TestSystem.start({});
  });
  afterAll(async () => {
    await sys?.stop();
  });

  it('serves OpenAPI 3.1 at /api/v1/openapi.json and a browsable page at /api/docs with its assets from the package', async () => {
    const doc = await sys.http('GET', '/api/v1/openapi.json');
    expect(doc.status).toBe(200);
    expect(doc.body.openapi).toBe('3.1.0');
    expect(Object.keys(doc.body.paths)).toEqual(expect.arrayContaining(['/api/v1/municipalities/{municipalityCode}/events', '/api/v1/pools']));
    const page = await sys.http('GET', '/api/docs');
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toMatch(/text\/html/);
    const script = /src="(\/api\/docs\/assets\/[^"]+\.js)"/.exec(String(page.body))?.[1];
    expect(script).toBeDefined();
    expect((await sys.http('GET', script!)).status).toBe(200);
    expect((await sys.http('GET', '/api/docs/assets/..%2F..%2Fpackage.json')).status).toBe(404);
  });
});
