import { TestSystem } from '../system/system';

jest.setTimeout(180_000);

/**
 * What the fuzzer (docs/fuzzing.md) found in paths: a path parameter past fastify's router limit was answered 414 as
 * fastify's own JSON (neither documented nor problem+json), and a malformed municipality code in a staff ledger path
 * was read as an empty one and answered 200; a bulk file sent with no body at all was answered 415, which the
 * contract does not name; a reason holding U+0000 reached PostgreSQL and was answered 500. Each is now a 400 problem+json that reaches no handler and records nothing.
 */
describe('malformed paths and bodies', () => {
  let sys: TestSystem;
  let auditor: string;
  let admin: string;

  beforeAll(async () => {
    sys = await TestSystem.start({ municipalities: ['101'], staff: [{ username: 'aud', password: 'pw', roles: ['auditor'] }, { username: 'admin', password: 'pw', roles: ['admin'] }] });
    auditor = await sys.signIn('aud', 'pw');
    admin = await sys.signIn('admin', 'pw');
  });

  afterAll(async () => {
    await sys?.stop();
  });

  function expectValidationProblem(res: { status: number; headers: Headers; body: any }) {
    expect(res.status).toBe(400);
    expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(res.body).toEqual(expect.objectContaining({ status: 400, title: expect.any(String), detail: expect.any(String) }));
  }

  it('a course id of 600 characters → 400 problem+json, not the router’s 414', async () => {
    const res = await sys.http('GET', `/api/v1/municipalities/101/courses/${'0'.repeat(600)}`, { bearer: sys.keyOf('101') });
    expectValidationProblem(res);
    expect(res.body.detail).toMatch(/longer than 512/);
  });

  it('a course id of 101 characters (within the router’s limit, past the contract’s) → 400 naming courseId', async () => {
    const res = await sys.http('GET', `/api/v1/municipalities/101/courses/${'c'.repeat(101)}`, { bearer: sys.keyOf('101') });
    expectValidationProblem(res);
    expect(res.body.errors).toEqual([expect.objectContaining({ path: 'courseId' })]);
  });

  it('a URL that is not valid percent-encoding → 400 problem+json', async () => {
    const res = await sys.http('GET', '/api/v1/municipalities/101/courses/%E0%A4%A', { bearer: sys.keyOf('101') });
    expectValidationProblem(res);
  });

  it('a staff ledger of municipality "\\u0084" → 400 naming municipalityCode, not a ledger of ""', async () => {
    const res = await sys.http('GET', '/api/v1/staff/pools/any-pool/ledgers/%C2%84', { bearer: auditor });
    expectValidationProblem(res);
    expect(res.body.errors).toEqual([expect.objectContaining({ path: 'municipalityCode' })]);
  });

  it('a malformed query is refused the same way (a feed limit that is not a number)', async () => {
    const res = await sys.http('GET', '/api/v1/municipalities/101/feed?limit=many', { bearer: sys.keyOf('101') });
    expectValidationProblem(res);
  });

  it('a bulk file sent with no body and no content type → 400 problem+json (was an undocumented 415), nothing recorded', async () => {
    const before = await sys.countEvents();
    const res = await sys.http('POST', '/api/v1/municipalities/101/imports?type=InterestExpressed', { bearer: sys.keyOf('101') });
    expectValidationProblem(res);
    expect(await sys.countEvents()).toBe(before);
    expect(Number((await sys.pool.query('SELECT count(*) AS n FROM import_jobs')).rows[0].n)).toBe(0);
  });

  it('text holding U+0000 (which PostgreSQL cannot store) → 400 naming the field, not a 500', async () => {
    const res = await sys.http('POST', '/api/v1/staff/pools/any-pool/amendments', { bearer: admin, body: { instant: 'reportingGraceEnds', newValue: '2026-12-18T12:46:46.850+01:00', reason: 'a\u0000b' } });
    expectValidationProblem(res);
    expect(res.body.errors).toEqual([expect.objectContaining({ path: 'reason' })]);
  });

  it('credentials are still checked first: no key → 401, whatever the path', async () => {
    const res = await sys.http('GET', `/api/v1/municipalities/101/courses/${'c'.repeat(101)}`);
    expect(res.status).toBe(401);
  });
});
