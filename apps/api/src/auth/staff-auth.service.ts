import { Inject, Injectable } from '@nestjs/common';
import { hash, verify } from '@node-rs/argon2';
import type { DataSource } from 'typeorm';
import { StaffSession, StaffUser } from '@puljeflow/read-models';
import type { Config } from '../config';
import { problems } from '../http/problem';
import { CONFIG, DATA_SOURCE } from '../infrastructure/tokens';
import { newSessionToken, sha256 } from './secrets';
import { type SignInRefusal, SignInThrottle } from './sign-in-throttle';

const REFUSALS: Record<SignInRefusal['reason'], string> = {
  address: 'Too many sign-in attempts from your address',
  locked: 'Too many wrong passwords for this account from your address',
  account: 'Too many wrong passwords for this account',
  busy: 'Too many sign-ins at this moment',
};

/** Local staff accounts: argon2id password hashes, opaque session tokens stored as hashes. */
@Injectable()
export class StaffAuthService {
  /** Verified against when the user does not exist, so an unknown name takes as long as a wrong password. */
  private readonly dummyHash = hash('not-a-password-' + Math.random());
  /** Asked before any hashing (docs/security.md "Staff sign-in"). */
  private readonly throttle: SignInThrottle;

  constructor(
    @Inject(DATA_SOURCE) private readonly db: DataSource,
    @Inject(CONFIG) private readonly config: Config,
  ) {
    this.throttle = new SignInThrottle({
      freeFailures: config.SIGN_IN_FREE_FAILURES,
      lockoutMaxSeconds: config.SIGN_IN_LOCKOUT_MAX_SECONDS,
      addressBurst: config.SIGN_IN_PER_ADDRESS_BURST,
      addressPerMinute: config.SIGN_IN_PER_ADDRESS_PER_MINUTE,
      accountFailuresBurst: config.SIGN_IN_ACCOUNT_FAILURES_BURST,
      accountFailuresPerMinute: config.SIGN_IN_ACCOUNT_FAILURES_PER_MINUTE,
      verifyBurst: config.ARGON2_VERIFY_BURST,
      verifyPerSecond: config.ARGON2_VERIFY_PER_SECOND,
    });
  }

  /** `address` is the client's (request.ip): throttled per account and address before the password is hashed. */
  async signIn(username: string, password: string, address: string) {
    const refusal = this.throttle.admit(username, address);
    if (refusal) throw problems.tooMany(`${REFUSALS[refusal.reason]}; retry after ${refusal.retryAfterSeconds} s.`, refusal.retryAfterSeconds);
    const user = await this.db.getRepository(StaffUser).findOneBy({ username, active: true });
    const ok = await verify(user?.passwordHash ?? (await this.dummyHash), password).catch(() => false);
    if (!user || !ok) {
      this.throttle.failed(username, address);
      throw problems.unauthenticated('Wrong username or password.');
    }
    this.throttle.succeeded(username, address);
    const token = newSessionToken();
    const now = new Date();
    await this.db.getRepository(StaffSession).insert({
      tokenHash: sha256(token),
      username,
      createdAt: now,
      expiresAt: new Date(now.getTime() + this.config.STAFF_SESSION_HOURS * 3600_000),
    });
    return { token, user: { username: user.username, displayName: user.displayName, roles: user.roles } };
  }

  async signOut(token: string) {
    await this.db.getRepository(StaffSession).delete({ tokenHash: sha256(token) });
  }
}
