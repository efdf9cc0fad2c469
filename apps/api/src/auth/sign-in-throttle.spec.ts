import { type SignInPolicy, SignInThrottle } from './sign-in-throttle';

const policy: SignInPolicy = {
  freeFailures: 3,
  lockoutMaxSeconds: 60,
  addressBurst: 1000,
  addressPerMinute: 60,
  accountFailuresBurst: 1000,
  accountFailuresPerMinute: 60,
  verifyBurst: 1000,
  verifyPerSecond: 100,
};

function clock() {
  let t = 1_000_000;
  return { now: () => t, advance: (seconds: number) => (t += seconds * 1000) };
}

/** Tries until a refusal, each admitted attempt a wrong password; returns the refusal. */
function failUntilRefused(throttle: SignInThrottle, account: string, address: string) {
  for (let i = 0; i < 10_000; i++) {
    const refusal = throttle.admit(account, address);
    if (refusal) return refusal;
    throttle.failed(account, address);
  }
  throw new Error('never refused');
}

describe('the staff sign-in throttle', () => {
  it('given free failures, when one more fails, then the pair is locked for 1 s, then 2 s, 4 s … up to the maximum', () => {
    const c = clock();
    const throttle = new SignInThrottle(policy, c.now);
    for (let i = 0; i < 3; i++) {
      expect(throttle.admit('karin', 'A')).toBeNull();
      throttle.failed('karin', 'A');
    }
    const waits: number[] = [];
    for (let i = 0; i < 9; i++) {
      expect(throttle.admit('karin', 'A')).toBeNull();
      throttle.failed('karin', 'A');
      const refusal = throttle.admit('karin', 'A');
      expect(refusal?.reason).toBe('locked');
      waits.push(refusal!.retryAfterSeconds);
      c.advance(refusal!.retryAfterSeconds);
    }
    expect(waits).toEqual([1, 2, 4, 8, 16, 32, 60, 60, 60]);
  });

  it('never locks the owner out at another address, and frees the same address after the longest lockout', () => {
    const c = clock();
    const throttle = new SignInThrottle(policy, c.now);
    let admitted = 0;
    for (let second = 0; second < 1800; second++) {
      if (!throttle.admit('karin', 'attacker')) {
        admitted++;
        throttle.failed('karin', 'attacker');
      }
      expect(throttle.admit('karin', 'office')).toBeNull();
      c.advance(1);
    }
    expect(admitted).toBeLessThanOrEqual(3 + 6 + 1800 / 60);
    throttle.succeeded('karin', 'office');
    c.advance(policy.lockoutMaxSeconds);
    expect(throttle.admit('karin', 'attacker')).toBeNull();
  });

  it('ends a lockout with the right password', () => {
    const c = clock();
    const throttle = new SignInThrottle(policy, c.now);
    const refusal = failUntilRefused(throttle, 'karin', 'A');
    c.advance(refusal.retryAfterSeconds);
    expect(throttle.admit('karin', 'A')).toBeNull();
    throttle.succeeded('karin', 'A');
    expect(throttle.admit('karin', 'A')).toBeNull();
    throttle.failed('karin', 'A');
    expect(throttle.admit('karin', 'A')).toBeNull();
  });

  it('limits every attempt per address, whichever account it names', () => {
    const c = clock();
    const throttle = new SignInThrottle({ ...policy, addressBurst: 5, addressPerMinute: 6 }, c.now);
    for (let i = 0; i < 5; i++) expect(throttle.admit(`user-${i}`, 'A')).toBeNull();
    expect(throttle.admit('user-5', 'A')).toEqual({ reason: 'address', retryAfterSeconds: 10 });
    expect(throttle.admit('user-5', 'B')).toBeNull();
    c.advance(10);
    expect(throttle.admit('user-5', 'A')).toBeNull();
  });

  it('lets an office behind one address sign everyone in: right passwords give the address its token back', () => {
    const throttle = new SignInThrottle({ ...policy, addressBurst: 5, addressPerMinute: 1 }, clock().now);
    for (let i = 0; i < 100; i++) {
      expect(throttle.admit(`user-${i}`, 'office')).toBeNull();
      throttle.succeeded(`user-${i}`, 'office');
    }
  });

  it('slows many addresses guessing at one account, but not the owner at an address they signed in from', () => {
    const c = clock();
    const throttle = new SignInThrottle({ ...policy, accountFailuresBurst: 10, accountFailuresPerMinute: 6 }, c.now);
    expect(throttle.admit('karin', 'office')).toBeNull();
    throttle.succeeded('karin', 'office');
    let admitted = 0;
    for (let i = 0; i < 1000; i++) {
      const refusal = throttle.admit('karin', `bot-${i}`);
      if (refusal) expect(refusal).toEqual({ reason: 'account', retryAfterSeconds: 10 });
      else {
        admitted++;
        throttle.failed('karin', `bot-${i}`);
      }
    }
    expect(admitted).toBe(10);
    expect(throttle.admit('karin', 'office')).toBeNull();
    expect(throttle.admit('anders', 'bot-1')).toBeNull();
    c.advance(10);
    expect(throttle.admit('karin', 'home')).toBeNull();
  });

  it('counts attempts in flight together against the account, and gives a right password its token back', () => {
    const c = clock();
    const throttle = new SignInThrottle({ ...policy, accountFailuresBurst: 3, accountFailuresPerMinute: 1 }, c.now);
    const inFlight = Array.from({ length: 10 }, (_, i) => throttle.admit('karin', `bot-${i}`));
    expect(inFlight.filter((r) => r === null)).toHaveLength(3);
    throttle.succeeded('karin', 'bot-0');
    expect(throttle.admit('karin', 'home')).toBeNull();
    expect(throttle.admit('karin', 'elsewhere')?.reason).toBe('account');
  });

  it('bounds argon2 verifications per second across all accounts and addresses', () => {
    const c = clock();
    const throttle = new SignInThrottle({ ...policy, verifyBurst: 4, verifyPerSecond: 2 }, c.now);
    const admitted = (n: number) => Array.from({ length: n }, (_, i) => throttle.admit(`user-${i}`, `10.0.0.${i}`)).filter((r) => r === null).length;
    expect(admitted(100)).toBe(4);
    expect(throttle.admit('x', 'y')).toEqual({ reason: 'busy', retryAfterSeconds: 1 });
    c.advance(10);
    expect(admitted(100)).toBe(4);
    c.advance(1);
    expect(admitted(100)).toBe(2);
  });
});
