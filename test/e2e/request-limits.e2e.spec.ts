import { createHash, randomUUID } from 'node:crypto';
import { EVENTS_BODY_LIMIT_BYTES, MAX_IMPORT_LINES } from '@puljeflow/contracts';
import { postStreaming, rawGet, type RawAnswer } from '@puljeflow/test-support';
import { TestSystem } from '../system/system';

jest.setTimeout(240_000);

const MB = 1024 * 1024;
const IMPORT_MAX_BYTES = 2 * MB;

/**
 * Limits (docs/security.md "Limits"): each route's body limit, refused 413 before the body is read; JSON depth;
 * header size; requests without a valid credential per client address; security headers on every answer.
 */
describe('request limits and security headers', () => {
  let sys: TestSystem;
  let api: string;
  const answers: { what: string; status: number; headers: Record<string, string | string[] | undefined> }[] = [];
  const keep = <A extends { status: number; headers: Headers | Record<string, string | string[] | undefined> }>(what: string, a: A): A => {
    const headers = a.headers instanceof Headers ? Object.fromEntries(a.headers.entries()) : a.headers;
    answers.push({ what, status: a.status, headers });
    return a;
  };

  beforeAll(async () => {
    sys = await TestSystem.start({
      municipalities: ['101'],
      staff: [{ username: 'admin', password: 'a long passphrase', roles: ['admin'] }],
      // The test names client addresses in X-Forwarded-For, as a trusted proxy in front would.
      apiEnv: { TRUSTED_PROXIES: '127.0.0.1', UNAUTHENTICATED_BURST: '10', UNAUTHENTICATED_PER_SECOND: '0.1', IMPORT_MAX_BYTES: String(IMPORT_MAX_BYTES) },
    });
    api = sys.baseUrl();
  });

  afterAll(async () => {
    await sys?.stop();
  });

  const eventsUrl = () => `${api}/api/v1/municipalities/101/events`;
  const keyHeaders = (): Record<string, string> => ({ authorization: `Bearer ${sys.keyOf('101')}`, 'content-type': 'application/json' });
  const problem = (a: RawAnswer) => {
    expect(a.headers['content-type']).toMatch(/^application\/problem\+json/);
    return JSON.parse(a.body) as { status: number; type: string; detail: string };
  };
  const interest = () => ({ eventId: randomUUID(), type: 'InterestExpressed', occurredAt: new Date().toISOString(), data: { poolId: 'no-such-pool', requestedAmountOre: 100, expectedParticipants: 1, contactEmail: 'a@b.dk' } });

  it('answers a 10 MB body to the events endpoint 413 before reading it: the answer comes with 1 kB of it sent', async () => {
    const before = await sys.countEvents();
    const answer = keep('413 events', await postStreaming(eventsUrl(), { headers: keyHeaders(), declaredLength: 10 * MB, piece: Buffer.alloc(1024, 0x20), total: 1024 }));
    expect(answer.status).toBe(413);
    expect(answer.bytesSent).toBe(1024);
    expect(problem(answer)).toMatchObject({ status: 413, type: expect.stringMatching(/too-large$/) });
    expect(answer.headers['connection']).toBe('close');
    expect(await sys.countEvents()).toBe(before);
  });

  /** 413s the api logged, once the log lines of earlier answers have arrived. */
  const logged413 = async () => {
    await new Promise((r) => setTimeout(r, 300));
    return sys.loggedStatuses().filter((s) => s === 413).length;
  };
  /** A chunked body is refused where it passes the limit; the answer may be lost as the server closes the connection. */
  async function expectCutOff(answer: RawAnswer, before: number, limit: number) {
    if (answer.cutOff) expect(answer.status).toBe(0);
    else expect(problem(answer).status).toBe(413);
    expect(await logged413()).toBe(before + 1);
    // The limit plus what the sockets' buffers held when the server stopped reading: far from the 64 MB offered.
    expect(answer.bytesSent).toBeGreaterThan(limit);
    expect(answer.bytesSent).toBeLessThan(limit + 16 * MB);
  }

  it('cuts a chunked body of no declared length as soon as it passes the limit, long before its end', async () => {
    const before = await logged413();
    const answer = await postStreaming(eventsUrl(), { headers: keyHeaders(), first: Buffer.from('{"events":['), piece: Buffer.alloc(64 * 1024, 0x20), total: 64 * MB });
    await expectCutOff(answer, before, EVENTS_BODY_LIMIT_BYTES);
  });

  it('takes a body of 500 events up to the computed limit, to the byte', async () => {
    const request = JSON.stringify({ events: Array.from({ length: 500 }, interest) });
    // JSON allows any amount of whitespace: padded to the limit, then one byte more.
    const padded = (bytes: number) => Buffer.from(request.slice(0, -1) + ' '.repeat(bytes - Buffer.byteLength(request)) + '}');
    const atLimit = await postStreaming(eventsUrl(), { headers: keyHeaders(), declaredLength: EVENTS_BODY_LIMIT_BYTES, piece: padded(EVENTS_BODY_LIMIT_BYTES), total: EVENTS_BODY_LIMIT_BYTES });
    expect(atLimit.status).toBe(200);
    expect(JSON.parse(atLimit.body).results).toHaveLength(500);
    // One byte more is refused from its Content-Length (the first kB of it sent, so the answer is not lost to a closed socket).
    const over = await postStreaming(eventsUrl(), { headers: keyHeaders(), declaredLength: EVENTS_BODY_LIMIT_BYTES + 1, piece: padded(EVENTS_BODY_LIMIT_BYTES + 1), total: 1024 });
    expect(over.status).toBe(413);
  });

  it('keeps other routes to the default limit (a sign-in of 300 kB is refused 413 before any password is checked)', async () => {
    const body = Buffer.from(JSON.stringify({ username: 'admin', password: 'x'.repeat(300 * 1024) }));
    const answer = keep('413 sign-in', await postStreaming(`${api}/api/v1/staff/session`, { headers: { 'content-type': 'application/json' }, declaredLength: body.length, piece: body, total: body.length }));
    expect([answer.status, problem(answer).status]).toEqual([413, 413]);
  });

  it('refuses JSON nested deeper than 32 levels as 400 before parsing it, and never with a 500', async () => {
    const deep = '{"events":' + '['.repeat(100_000) + ']'.repeat(100_000) + '}';
    const res = keep('400 deep', await sys.http('POST', '/api/v1/municipalities/101/events', { bearer: sys.keyOf('101'), rawBody: deep }));
    expect(res.status).toBe(400);
    expect(res.body.detail).toMatch(/deeper than 32 levels/);
    const shallow = await sys.http('POST', '/api/v1/municipalities/101/events', { bearer: sys.keyOf('101'), rawBody: '{"events":' + '['.repeat(30) + ']'.repeat(30) + '}' });
    expect(shallow.status).toBe(400);
    expect(shallow.body.detail).not.toMatch(/deeper/);
  });

  describe('bulk files, read as a stream with their own limits', () => {
    const importsUrl = () => `${api}/api/v1/municipalities/101/imports`;
    const ndjson = () => ({ authorization: `Bearer ${sys.keyOf('101')}`, 'content-type': 'application/x-ndjson' });

    it('refuses a file over the byte limit at once from its length, and a chunked one where it passes the limit', async () => {
      const declared = await postStreaming(importsUrl(), { headers: ndjson(), declaredLength: IMPORT_MAX_BYTES + 1, piece: Buffer.from('{}\n'), total: 3 });
      expect([declared.status, declared.bytesSent]).toEqual([413, 3]);
      const line = Buffer.from(JSON.stringify(interest()).padEnd(1023, ' ') + '\n');
      const before = await logged413();
      const chunked = await postStreaming(importsUrl(), { headers: ndjson(), piece: Buffer.concat(Array.from({ length: 64 }, () => line)), total: 64 * MB });
      await expectCutOff(chunked, before, IMPORT_MAX_BYTES);
      if (!chunked.cutOff) expect(problem(chunked).detail).toMatch(/bytes/);
    });

    it('refuses a file of more than 100,000 lines as it reads it, at its 100,002nd line break', async () => {
      const lines = Buffer.from('{}\n'.repeat(10_000));
      const answer = await postStreaming(importsUrl(), { headers: ndjson(), piece: lines, total: 40 * lines.length });
      expect(answer.status).toBe(413);
      // "has more": counted on the stream, not after the whole file was read.
      expect(problem(answer).detail).toMatch(new RegExp(`at most ${MAX_IMPORT_LINES} lines; this one has more`));
    });

    it('takes a file within both limits', async () => {
      const file = Array.from({ length: 3 }, () => JSON.stringify(interest())).join('\n') + '\n';
      const res = await sys.http('POST', '/api/v1/municipalities/101/imports', { bearer: sys.keyOf('101'), rawBody: file, headers: { 'content-type': 'application/x-ndjson' } });
      expect(res.status).toBe(202);
    });
  });

  it('refuses headers over the limit with 431 problem+json, and takes large ones under it', async () => {
    const big = keep('431', await rawGet(`${api}/api/health`, { 'x-padding': 'x'.repeat(9 * 1024) }));
    expect(big.status).toBe(431);
    expect(problem(big)).toMatchObject({ status: 431 });
    expect((await rawGet(`${api}/api/health`, { 'x-padding': 'x'.repeat(6 * 1024) })).status).toBe(200);
  });

  it('limits requests without a valid credential per client address: 401, then 429 with Retry-After; a valid key still works', async () => {
    const from = (address: string, bearer?: string) => sys.http('POST', '/api/v1/municipalities/101/events', { ...(bearer ? { bearer } : {}), body: { events: [interest()] }, headers: { 'x-forwarded-for': address } });
    const statuses: number[] = [];
    for (let i = 0; i < 15; i++) statuses.push(keep('unauthenticated', await from('192.0.2.1', i % 2 ? 'pfk_101_not-a-key' : undefined)).status);
    expect(statuses).toEqual([...Array(10).fill(401), ...Array(5).fill(429)]);
    const limited = await from('192.0.2.1');
    expect([limited.status, limited.headers.get('content-type')]).toEqual([429, 'application/problem+json; charset=utf-8']);
    // A token comes back every 10 s: the wait is at most that.
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect(Number(limited.headers.get('retry-after'))).toBeLessThanOrEqual(10);
    const staff = keep('429 staff', await sys.http('GET', '/api/v1/staff/session', { headers: { 'x-forwarded-for': '192.0.2.1' } }));
    expect(staff.status).toBe(429);
    expect((await from('192.0.2.2')).status).toBe(401);
    expect((await from('192.0.2.1', sys.keyOf('101'))).status).toBe(200);
  });

  it('puts the security headers on every api answer', async () => {
    keep('health', await sys.http('GET', '/api/health'));
    keep('openapi', await sys.http('GET', '/api/v1/openapi.json'));
    keep('404', await sys.http('GET', '/api/v1/nothing-here'));
    keep('401', await sys.http('GET', '/api/v1/staff/users'));
    const token = await sys.signIn('admin', 'a long passphrase');
    keep('staff 200', await sys.http('GET', '/api/v1/staff/users', { bearer: token }));
    for (const a of answers) {
      const h = a.headers;
      expect([a.what, h['content-security-policy']]).toEqual([a.what, expect.stringContaining("default-src 'none'")]);
      expect([a.what, h['x-content-type-options']]).toEqual([a.what, 'nosniff']);
      expect([a.what, h['cache-control']]).toEqual([a.what, 'no-store']);
      if (a.status === 431) continue;
      expect([a.what, h['strict-transport-security'], h['referrer-policy'], h['x-frame-options'], h['cross-origin-resource-policy']]).toEqual([a.what, expect.stringMatching(/^max-age=\d+/), 'no-referrer', 'SAMEORIGIN', 'same-origin']);
    }
    expect(answers.map((a) => a.status)).toEqual(expect.arrayContaining([200, 400, 401, 404, 413, 429, 431]));
  });

  it("lets the docs page run only its own scripts: the inline one by its hash", async () => {
    const res = await fetch(`${api}/api/docs`);
    const html = await res.text();
    const inline = /<script>([\s\S]*?)<\/script>/.exec(html)![1]!;
    const policy = res.headers.get('content-security-policy')!;
    expect(policy).toContain(`script-src 'self' 'sha256-${createHash('sha256').update(inline).digest('base64')}'`);
    expect(policy).not.toMatch(/script-src[^;]*unsafe-inline/);
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
  });

  it('answered none with a 500', () => {
    expect(sys.loggedStatuses().filter((s) => s >= 500)).toEqual([]);
  });
});
