import { TestSystem } from '../system/system';

jest.setTimeout(180_000);

const SESSION_HOURS = 0.002; // 7.2 s, so the expiry shows in a test; 12 h by default (docs/security.md "Sessions")

/** A staff session ends when its lifetime is over, on sign-out, and when the account is disabled: then 401 on every api process. */
describe('staff sessions end', () => {
  let sys: TestSystem;

  beforeAll(async () => {
    sys = await TestSystem.start({
      apis: 2,
      staff: [
        { username: 'admin', password: 'admins passphrase', roles: ['admin'] },
        { username: 'karin', password: 'karins passphrase', roles: ['caseworker'] },
      ],
      apiEnv: { STAFF_SESSION_HOURS: String(SESSION_HOURS) },
    });
  });

  afterAll(async () => {
    await sys?.stop();
  });

  const me = (token: string, apiIndex: number) => sys.http('GET', '/api/v1/staff/session', { bearer: token, apiIndex });
  const statusOnBoth = async (token: string) => [(await me(token, 0)).status, (await me(token, 1)).status];

  it('expires a session after its lifetime: 401 problem+json on both processes', async () => {
    const signedInAt = Date.now();
    const token = await sys.signIn('karin', 'karins passphrase');
    expect(await statusOnBoth(token)).toEqual([200, 200]);
    await new Promise((r) => setTimeout(r, signedInAt + SESSION_HOURS * 3600_000 + 500 - Date.now()));
    const expired = await me(token, 0);
    expect([expired.status, expired.headers.get('content-type'), expired.headers.get('www-authenticate')]).toEqual([401, 'application/problem+json; charset=utf-8', 'Bearer']);
    expect(expired.body.detail).toMatch(/expired/);
    expect((await me(token, 1)).status).toBe(401);
    expect((await sys.http('DELETE', '/api/v1/staff/session', { bearer: token })).status).toBe(401);
  });

  it('ends a session on sign-out on every process, and only that one', async () => {
    const [first, second] = [await sys.signIn('karin', 'karins passphrase'), await sys.signIn('karin', 'karins passphrase')];
    expect((await sys.http('DELETE', '/api/v1/staff/session', { bearer: first, apiIndex: 0 })).status).toBe(204);
    expect(await statusOnBoth(first)).toEqual([401, 401]);
    expect((await sys.http('DELETE', '/api/v1/staff/session', { bearer: first, apiIndex: 1 })).status).toBe(401);
    expect(await statusOnBoth(second)).toEqual([200, 200]);
  });

  it('ends every session of an account when it is disabled, and lets none start until it is enabled again', async () => {
    const sessions = [await sys.signIn('karin', 'karins passphrase'), await sys.signIn('karin', 'karins passphrase')];
    const admin = await sys.signIn('admin', 'admins passphrase');
    for (const token of sessions) expect(await statusOnBoth(token)).toEqual([200, 200]);
    expect((await sys.http('PATCH', '/api/v1/staff/users/karin', { bearer: admin, body: { active: false } })).status).toBe(200);
    for (const token of sessions) expect(await statusOnBoth(token)).toEqual([401, 401]);
    expect((await sys.http('POST', '/api/v1/staff/session', { body: { username: 'karin', password: 'karins passphrase' } })).status).toBe(401);
    expect((await sys.http('PATCH', '/api/v1/staff/users/karin', { bearer: admin, body: { active: true } })).status).toBe(200);
    const again = await sys.signIn('karin', 'karins passphrase');
    expect(await statusOnBoth(again)).toEqual([200, 200]);
    for (const token of sessions) expect(await statusOnBoth(token)).toEqual([401, 401]);
  });

  it('answered every staff request as the served OpenAPI document describes, and none with a 500', () => {
    expect(sys.contract.violations).toEqual([]);
    expect(sys.loggedStatuses().filter((s) => s >= 500)).toEqual([]);
  });
});
