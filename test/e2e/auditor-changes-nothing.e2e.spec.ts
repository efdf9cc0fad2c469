import { apiRoutes } from '@puljeflow/contracts';
import { copenhagenDateOf } from '@puljeflow/domain';
import { TestSystem } from '../system/system';
import { poolOfThisYear } from './this-year-pool';

jest.setTimeout(180_000);

/**
 * An auditor reads everything and changes nothing, on the server: every staff route that records something answers an
 * auditor `403`, whatever the body, and nothing is recorded — no event, no API key, no staff account.
 */
describe('an auditor changes nothing', () => {
  let sys: TestSystem;
  const tokens: Record<string, string> = {};
  const poolId = 'audit-pool';

  beforeAll(async () => {
    sys = await TestSystem.start({
      workers: 0,
      municipalities: ['101'],
      staff: [
        { username: 'admin', password: 'pw', roles: ['admin'] },
        { username: 'aud', password: 'pw', roles: ['auditor'] },
      ],
    });
    for (const user of ['admin', 'aud']) tokens[user] = await sys.signIn(user, 'pw');
    const opened = await sys.http('POST', '/api/v1/staff/pools', { bearer: tokens['admin'], body: await poolOfThisYear(sys, poolId) });
    expect(opened.status).toBe(201);
  });

  afterAll(async () => {
    await sys?.stop();
  });

  /** Every route that changes something and is not for auditors: all but reads and the auditor's own session. */
  const decisions = apiRoutes.filter((r) => r.security === 'staffSession' && r.method !== 'get' && r.roles !== undefined && !r.roles.includes('auditor'));
  const today = copenhagenDateOf(new Date());
  const params: Record<string, string> = { poolId, municipalityCode: '101', claimId: 'claim-1', runDate: today, budgetYear: today.slice(0, 4), id: 'key-1', username: 'admin' };
  const concrete = (path: string) => path.replace(/\{(\w+)\}/g, (_, name: string) => params[name] ?? `unknown-${name}`);

  it('covers every kind of decision: commitments, claims, runs, reductions, repayments, marketing, keys, accounts, pools, imports, erasure', () => {
    const paths = decisions.map((r) => `${r.method.toUpperCase()} ${r.path}`);
    for (const fragment of ['/commitments/', '/claims/', '/payout-runs/', '/reduction/', '/repayments/', '/marketing-spending', '/api-keys', '/users', '/amendments', 'POST /api/v1/staff/pools', 'labour-market-balance', '/erasures']) {
      expect(paths.some((p) => p.includes(fragment))).toBe(true);
    }
  });

  it('answers the auditor 403 on each, and records nothing', async () => {
    const admin = (path: string) => sys.http('GET', path, { bearer: tokens['admin'] });
    const snapshot = async () => ({ events: await sys.countEvents(), keys: (await admin('/api/v1/staff/api-keys')).body, users: (await admin('/api/v1/staff/users')).body });
    const before = await snapshot();
    const answers: string[] = [];
    for (const route of decisions) {
      const res = await sys.http(route.method.toUpperCase(), concrete(route.path), { bearer: tokens['aud'], body: {} });
      answers.push(`${route.method.toUpperCase()} ${route.path} → ${res.status} ${res.headers.get('content-type')?.split(';')[0]}`);
    }
    expect(answers).toEqual(decisions.map((r) => `${r.method.toUpperCase()} ${r.path} → 403 application/problem+json`));
    expect(await snapshot()).toEqual(before);
  });
});
