import { TestSystem } from '../system/system';

jest.setTimeout(180_000);

/** Admins manage staff accounts over the API: create, change roles, disable (which ends the account's sessions at once). */
describe('staff accounts through the API', () => {
  let sys: TestSystem;
  const tokens: Record<string, string> = {};

  beforeAll(async () => {
    sys = await TestSystem.start({
      municipalities: ['101'],
      staff: [
        { username: 'admin', password: 'pw', roles: ['admin'] },
        { username: 'karen', password: 'pw', roles: ['caseworker'] },
        { username: 'aud', password: 'pw', roles: ['auditor'] },
      ],
    });
    for (const user of ['admin', 'karen', 'aud']) tokens[user] = await sys.signIn(user, 'pw');
  });

  afterAll(async () => {
    await sys?.stop();
  });

  const as = (user: string, method: string, path: string, body?: unknown) => sys.http(method, path, { bearer: tokens[user], ...(body !== undefined ? { body } : {}) });
  const signIn = (username: string, password: string) => sys.http('POST', '/api/v1/staff/session', { body: { username, password } });
  const nina = { username: 'nina', displayName: 'Nina Nielsen', password: 'a long passphrase', roles: ['caseworker'] };

  it('lets an admin create an account that can then sign in, and nobody else', async () => {
    expect((await as('karen', 'POST', '/api/v1/staff/users', nina)).status).toBe(403);
    expect((await as('admin', 'POST', '/api/v1/staff/users', { ...nina, password: 'short' })).status).toBe(400);
    const created = await as('admin', 'POST', '/api/v1/staff/users', nina);
    expect([created.status, created.body]).toEqual([201, { username: 'nina', displayName: 'Nina Nielsen', roles: ['caseworker'], active: true }]);
    expect((await as('admin', 'POST', '/api/v1/staff/users', nina)).status).toBe(409);
    const session = await signIn('nina', nina.password);
    expect([session.status, session.body.user.roles]).toEqual([200, ['caseworker']]);
    tokens['nina'] = session.body.token;
    expect((await as('aud', 'GET', '/api/v1/staff/users')).body.users.map((u: { username: string }) => u.username)).toEqual(['admin', 'aud', 'karen', 'nina']);
    expect((await as('karen', 'GET', '/api/v1/staff/users')).status).toBe(403);
    expect((await as('aud', 'GET', `/api/v1/staff/users?asOf=${encodeURIComponent(new Date(Date.now() - 60_000).toISOString())}`)).status).toBe(400);
  });

  it('changes roles at once and disables an account, ending its sessions', async () => {
    expect((await as('karen', 'PATCH', '/api/v1/staff/users/nina', { roles: ['approver'] })).status).toBe(403);
    const changed = await as('admin', 'PATCH', '/api/v1/staff/users/nina', { roles: ['caseworker', 'approver'] });
    expect([changed.status, changed.body.roles]).toEqual([200, ['caseworker', 'approver']]);
    expect((await as('nina', 'GET', '/api/v1/staff/session')).body.user.roles).toEqual(['caseworker', 'approver']);

    const disabled = await as('admin', 'PATCH', '/api/v1/staff/users/nina', { active: false });
    expect([disabled.status, disabled.body.active]).toEqual([200, false]);
    expect((await as('nina', 'GET', '/api/v1/staff/session')).status).toBe(401);
    expect((await signIn('nina', nina.password)).status).toBe(401);
    expect((await as('admin', 'PATCH', '/api/v1/staff/users/nobody', { active: false })).status).toBe(404);
    expect((await as('admin', 'PATCH', '/api/v1/staff/users/nina', {})).status).toBe(400);
  });

  it('does not let an admin lock themselves out', async () => {
    expect((await as('admin', 'PATCH', '/api/v1/staff/users/admin', { active: false })).status).toBe(409);
    expect((await as('admin', 'PATCH', '/api/v1/staff/users/admin', { roles: ['auditor'] })).status).toBe(409);
    expect((await as('admin', 'GET', '/api/v1/staff/session')).body.user.roles).toEqual(['admin']);
  });

  it('answered every staff request as the served OpenAPI document describes, and none with a 500', () => {
    expect(sys.contract.checked).toBeGreaterThan(15);
    expect(sys.contract.violations).toEqual([]);
    expect(sys.loggedStatuses().filter((s) => s >= 500)).toEqual([]);
  });
});
