import { Inject, Injectable } from '@nestjs/common';
import { hash, verify } from '@node-rs/argon2';
import type { DataSource } from 'typeorm';
import { StaffSession, StaffUser } from '@puljeflow/read-models';
import type { Config } from '../config';
import { problems } from '../http/problem';
import { CONFIG, DATA_SOURCE } from '../infrastructure/tokens';
import { newSessionToken, sha256 } from './secrets';

/** Local staff accounts: argon2id password hashes, opaque session tokens stored as hashes. */
@Injectable()
export class StaffAuthService {
  /** Verified against when the user does not exist, so an unknown name takes as long as a wrong password. */
  private readonly dummyHash = hash('not-a-password-' + Math.random());

  constructor(
    @Inject(DATA_SOURCE) private readonly db: DataSource,
    @Inject(CONFIG) private readonly config: Config,
  ) {}

  async signIn(username: string, password: string) {
    const user = await this.db.getRepository(StaffUser).findOneBy({ username, active: true });
    const ok = await verify(user?.passwordHash ?? (await this.dummyHash), password).catch(() => false);
    if (!user || !ok) throw problems.unauthenticated('Wrong username or password.');
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
