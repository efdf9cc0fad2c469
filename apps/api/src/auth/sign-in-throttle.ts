import { RateLimiter } from './rate-limiter';

export interface SignInPolicy {
  /** Wrong passwords free per (account, address) before a lockout. */
  freeFailures: number;
  /** The lockout doubles from 1 s with each further failure, up to this; a pair's failures are forgotten this long after its lock. */
  lockoutMaxSeconds: number;
  addressBurst: number;
  addressPerMinute: number;
  /** Wrong passwords for one account from addresses it has not signed in from, across addresses. */
  accountFailuresBurst: number;
  accountFailuresPerMinute: number;
  /** argon2 verifications of the process. */
  verifyBurst: number;
  verifyPerSecond: number;
}

/** Why an attempt was refused before any hashing: its address, its (account, address) lockout, the account, or the process. */
export type SignInRefusal = { reason: 'address' | 'locked' | 'account' | 'busy'; retryAfterSeconds: number };

/** Pairs and known addresses kept at most (an attacker cycling names or addresses must not grow memory without end). */
const MAX_ENTRIES = 100_000;
/** Addresses remembered per account as ones it signed in from. */
const KNOWN_ADDRESSES_PER_ACCOUNT = 20;

/**
 * The staff sign-in throttle (docs/security.md "Staff sign-in"), asked before a password is hashed:
 * - per (account, address): `freeFailures` wrong passwords, then a lockout of 1 s, 2 s, 4 s … up to
 *   `lockoutMaxSeconds`; a right password ends it, and it is forgotten `lockoutMaxSeconds` after the lock ends — an
 *   attacker elsewhere never locks the owner's own address, and no lock of it lasts longer than that time;
 * - per address: a token bucket of attempts, whatever the account, given back for a right password (so an office
 *   behind one address where everyone signs in at nine is not held back);
 * - per account: a bucket of wrong passwords across addresses, asked only of addresses the account has not signed
 *   in from (so many addresses guessing at one account are slowed, and its owner at a known address is not);
 * - per process: a bucket of argon2 verifications, asked last, so the hashing work per second is bounded.
 * Pure: time comes from `now`.
 */
export class SignInThrottle {
  private readonly addresses: RateLimiter;
  private readonly accounts: RateLimiter;
  private readonly verifications: RateLimiter;
  private readonly pairs = new Map<string, { failures: number; lastFailureAt: number; lockedUntil: number }>();
  private readonly known = new Map<string, string[]>();

  constructor(
    private readonly policy: SignInPolicy,
    private readonly now: () => number = Date.now,
  ) {
    this.addresses = new RateLimiter(policy.addressBurst, policy.addressPerMinute / 60, now);
    this.accounts = new RateLimiter(policy.accountFailuresBurst, policy.accountFailuresPerMinute / 60, now);
    this.verifications = new RateLimiter(policy.verifyBurst, policy.verifyPerSecond, now);
  }

  /** Null when the attempt may verify its password (and one verification is taken), else why not and for how long. */
  admit(account: string, address: string): SignInRefusal | null {
    const byAddress = this.addresses.take(address);
    if (byAddress > 0) return { reason: 'address', retryAfterSeconds: byAddress };
    const pair = this.pair(account, address);
    if (pair && pair.lockedUntil > this.now()) return { reason: 'locked', retryAfterSeconds: Math.ceil((pair.lockedUntil - this.now()) / 1000) };
    // Taken now (so attempts in flight together cannot pass it) and given back if the password is right.
    const unknownAddress = !this.isKnown(account, address);
    if (unknownAddress) {
      const byAccount = this.accounts.take(account);
      if (byAccount > 0) return { reason: 'account', retryAfterSeconds: byAccount };
    }
    const busy = this.verifications.take('argon2');
    if (busy > 0) {
      if (unknownAddress) this.accounts.refund(account);
      return { reason: 'busy', retryAfterSeconds: busy };
    }
    return null;
  }

  failed(account: string, address: string): void {
    const t = this.now();
    const key = pairKey(account, address);
    const pair = this.pair(account, address) ?? { failures: 0, lastFailureAt: t, lockedUntil: 0 };
    pair.failures += 1;
    pair.lastFailureAt = t;
    const over = pair.failures - this.policy.freeFailures;
    if (over > 0) pair.lockedUntil = t + Math.min(this.policy.lockoutMaxSeconds, 2 ** Math.min(over - 1, 30)) * 1000;
    bounded(this.pairs, key, pair);
  }

  succeeded(account: string, address: string): void {
    this.addresses.refund(address);
    if (!this.isKnown(account, address)) this.accounts.refund(account);
    this.pairs.delete(pairKey(account, address));
    const addresses = (this.known.get(account) ?? []).filter((a) => a !== address);
    bounded(this.known, account, [address, ...addresses].slice(0, KNOWN_ADDRESSES_PER_ACCOUNT));
  }

  /** The pair's record, unless the longest lockout has passed since its last failure and its lock (then it is forgotten). */
  private pair(account: string, address: string) {
    const key = pairKey(account, address);
    const pair = this.pairs.get(key);
    if (pair && this.now() - Math.max(pair.lastFailureAt, pair.lockedUntil) >= this.policy.lockoutMaxSeconds * 1000) {
      this.pairs.delete(key);
      return undefined;
    }
    return pair;
  }

  private isKnown(account: string, address: string): boolean {
    return this.known.get(account)?.includes(address) ?? false;
  }
}

const pairKey = (account: string, address: string) => `${account}\u0000${address}`;

/** Sets a key as the most recent one, dropping the oldest beyond MAX_ENTRIES. */
function bounded<V>(map: Map<string, V>, key: string, value: V) {
  map.delete(key);
  map.set(key, value);
  if (map.size > MAX_ENTRIES) map.delete(map.keys().next().value!);
}
