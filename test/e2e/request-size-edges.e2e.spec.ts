import { randomUUID } from 'node:crypto';
import { MAX_EVENTS_PER_REQUEST, MAX_IMPORT_LINES } from '@puljeflow/contracts';
import { demoPoolDefinition } from '@puljeflow/domain';
import { TestSystem } from '../system/system';

jest.setTimeout(240_000);

/**
 * The edges of what one request may carry (docs/municipal-api.md): exactly 500 events is one request, decided event by
 * event; an import of exactly 100,000 lines is received; one line more is refused 413 with nothing recorded.
 */
describe('request size edges', () => {
  let sys: TestSystem;
  const poolId = 'edges-pool';

  beforeAll(async () => {
    // No worker: an accepted import is received and waits, so the test measures the api alone.
    sys = await TestSystem.start({ workers: 0, municipalities: ['101'], staff: [{ username: 'admin', password: 'pw', roles: ['admin'] }] });
    const admin = await sys.signIn('admin', 'pw');
    const base = demoPoolDefinition(new Date(), { interestInMinutes: 60 });
    expect((await sys.http('POST', '/api/v1/staff/pools', { bearer: admin, body: { ...base, poolId } })).status).toBe(201);
  });

  afterAll(async () => {
    await sys?.stop();
  });

  const interest = () => ({
    eventId: randomUUID(),
    type: 'InterestExpressed',
    occurredAt: new Date().toISOString(),
    data: { poolId, requestedAmountOre: 1_000_000, expectedParticipants: 5, contactEmail: 'jobcenter@kommune.example.dk' },
  });

  it('takes exactly 500 events in one request and answers each', async () => {
    expect(MAX_EVENTS_PER_REQUEST).toBe(500);
    const events = Array.from({ length: MAX_EVENTS_PER_REQUEST }, interest);
    const res = await sys.http('POST', '/api/v1/municipalities/101/events', { bearer: sys.keyOf('101'), body: { events } });
    expect(res.status).toBe(200);
    expect(res.body.results.map((r: { eventId: string }) => r.eventId)).toEqual(events.map((e) => e.eventId));
    // One interest a municipality stands; the later ones revise it: every one is decided, none lost.
    expect(res.body.results.every((r: { status: string }) => r.status === 'accepted' || r.status === 'rejected')).toBe(true);
  });

  const ndjson = (lines: number) => `${Array.from({ length: lines }, () => JSON.stringify(interest())).join('\n')}\n`;
  const importFile = (body: string) => sys.http('POST', '/api/v1/municipalities/101/imports', { bearer: sys.keyOf('101'), rawBody: body, headers: { 'content-type': 'application/x-ndjson' } });

  it('refuses an import of 100,001 lines with 413 and records nothing', async () => {
    expect(MAX_IMPORT_LINES).toBe(100_000);
    const before = await sys.countEvents();
    const res = await importFile(ndjson(MAX_IMPORT_LINES + 1));
    expect([res.status, res.headers.get('content-type')]).toEqual([413, expect.stringContaining('application/problem+json')]);
    expect(res.body.detail).toContain(String(MAX_IMPORT_LINES));
    expect(await sys.countEvents()).toBe(before);
  });

  it('receives an import of exactly 100,000 lines', async () => {
    const res = await importFile(ndjson(MAX_IMPORT_LINES));
    expect(res.status).toBe(202);
    const progress = await sys.http('GET', `/api/v1/municipalities/101/imports/${res.body.importId}`, { bearer: sys.keyOf('101') });
    // Received, waiting for a worker to decide it (none runs here), nothing refused on its size.
    expect([progress.status, progress.body.importId, progress.body.rejected]).toEqual([200, res.body.importId, 0]);
  });
});
