import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import { hash, verify } from '@node-rs/argon2';
import { TestSystem } from '../system/system';

jest.setTimeout(300_000);

/** CPU seconds a process has used (user + system, all its threads), from /proc. */
const CLOCK_TICKS = Number(execFileSync('getconf', ['CLK_TCK']).toString().trim());
function cpuSeconds(pid: number): number {
  const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS;
}

/** CPU seconds one argon2 verification takes on this machine, with the parameters the api hashes with. */
async function verificationCpuSeconds(): Promise<number> {
  const stored = await hash('the right password');
  await verify(stored, 'warm-up');
  const start = process.cpuUsage();
  for (let i = 0; i < 10; i++) await verify(stored, `wrong ${i}`);
  const used = process.cpuUsage(start);
  return (used.user + used.system) / 1e6 / 10;
}

// The documented bound (docs/security.md "Staff sign-in"): argon2 verifications allowed × the cost of one, plus the
// handling of each refused request.
const VERIFY_BURST = 8;
const VERIFY_PER_SECOND = 4;
const CPU_PER_REQUEST_SECONDS = 0.005;
const LOCKOUT_MAX_SECONDS = 5;
const ADDRESS_PER_MINUTE = 60;

describe('staff sign-in under a password-guessing attack', () => {
  let sys: TestSystem;
  let pid: number;
  let verifyCpu: number;

  beforeAll(async () => {
    sys = await TestSystem.start({
      staff: [{ username: 'karin', password: 'karins passphrase', roles: ['caseworker'] }],
      // Short lockouts and a quick address refill, so "the documented time" fits a test; the defaults are in docs.
      apiEnv: {
        TRUSTED_PROXIES: '127.0.0.1',
        SIGN_IN_LOCKOUT_MAX_SECONDS: String(LOCKOUT_MAX_SECONDS),
        SIGN_IN_PER_ADDRESS_PER_MINUTE: String(ADDRESS_PER_MINUTE),
        ARGON2_VERIFY_BURST: String(VERIFY_BURST),
        ARGON2_VERIFY_PER_SECOND: String(VERIFY_PER_SECOND),
      },
    });
    pid = sys.pidOf('api-0')!;
    verifyCpu = await verificationCpuSeconds();
  });

  afterAll(async () => {
    await sys?.stop();
  });

  const signIn = (password: string, address: string) => sys.http('POST', '/api/v1/staff/session', { body: { username: 'karin', password }, headers: { 'x-forwarded-for': address } });
  /** The attack's own requests, straight to the api (not through the contract recorder, which would slow them). */
  const guess = (password: string, address: string) =>
    fetch(`${sys.baseUrl()}/api/v1/staff/session`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-forwarded-for': address }, body: JSON.stringify({ username: 'karin', password }) });

  /** Sends `count` wrong passwords for karin, 10 at a time, from `addressOf(i)`; the statuses, what the api's CPU did, and the bound. */
  async function attack(count: number, addressOf: (i: number) => string) {
    const statuses: number[] = [];
    const refusals: { retryAfter: string | null; type: string }[] = [];
    const cpuBefore = cpuSeconds(pid);
    const started = Date.now();
    let next = 0;
    await Promise.all(
      Array.from({ length: 10 }, async () => {
        for (let i = next++; i < count; i = next++) {
          const res = await guess(`guess ${i}`, addressOf(i));
          await res.text();
          statuses.push(res.status);
          if (res.status === 429) refusals.push({ retryAfter: res.headers.get('retry-after'), type: res.headers.get('content-type') ?? '' });
        }
      }),
    );
    const seconds = (Date.now() - started) / 1000;
    await new Promise((r) => setTimeout(r, 500)); // the last log lines and hashing finish
    const cpu = cpuSeconds(pid) - cpuBefore;
    const verificationsAllowed = Math.min(count, VERIFY_BURST + VERIFY_PER_SECOND * seconds);
    const bound = verificationsAllowed * verifyCpu + count * CPU_PER_REQUEST_SECONDS;
    console.log(JSON.stringify({ count, seconds, cpu, bound, verifyCpu, verificationsAllowed, wrong: statuses.filter((s) => s === 401).length, refused: statuses.filter((s) => s === 429).length }));
    return { statuses, refusals, seconds, cpu, bound };
  }

  it('throttles 1,000 wrong passwords from one address, within the CPU bound; the owner gets in from her own address at once and from the attacker\'s after the documented time', async () => {
    expect((await signIn('karins passphrase', '198.51.100.7')).status).toBe(200);
    const { statuses, refusals, seconds, cpu, bound } = await attack(1000, () => '203.0.113.9');
    expect(seconds).toBeLessThan(60);
    expect(new Set(statuses)).toEqual(new Set([401, 429]));
    // A few more get through than the free failures: a lockout that ends lets the attempts then in flight verify.
    expect(statuses.filter((s) => s === 429).length).toBeGreaterThanOrEqual(950);
    expect(refusals.every((r) => Number(r.retryAfter) >= 1 && r.type.startsWith('application/problem+json'))).toBe(true);
    expect(cpu).toBeLessThanOrEqual(bound);
    // Without the throttle every attempt would hash: beyond the bound.
    expect(1000 * verifyCpu).toBeGreaterThan(bound);

    expect((await signIn('karins passphrase', '198.51.100.7')).status).toBe(200);
    // The attack's last word (its lock may have run out while the rest were refused): the pair is locked after it.
    expect([401, 429]).toContain((await signIn('one more guess', '203.0.113.9')).status);
    expect((await signIn('karins passphrase', '203.0.113.9')).status).toBe(429);
    // The documented time: the longest lockout, and the address's bucket giving a token back.
    await new Promise((r) => setTimeout(r, 1000 * Math.max(LOCKOUT_MAX_SECONDS, 60 / ADDRESS_PER_MINUTE)));
    expect((await signIn('karins passphrase', '203.0.113.9')).status).toBe(200);
  });

  it('throttles 1,000 wrong passwords from 1,000 addresses by the account and the hashing budget, within the CPU bound; the owner still gets in', async () => {
    const { statuses, cpu, bound } = await attack(1000, (i) => `10.1.${Math.floor(i / 250)}.${i % 250}`);
    expect(statuses.filter((s) => s === 429).length).toBeGreaterThanOrEqual(950);
    expect(cpu).toBeLessThanOrEqual(bound);
    expect(1000 * verifyCpu).toBeGreaterThan(bound);
    expect((await signIn('karins passphrase', '198.51.100.7')).status).toBe(200);
  });

  it('answered none with a 500', () => {
    expect(sys.loggedStatuses().filter((s) => s >= 500)).toEqual([]);
  });
});
