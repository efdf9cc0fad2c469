import { type CanActivate, type ExecutionContext, Inject, Injectable, SetMetadata } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { FastifyRequest } from 'fastify';
import type { Pool } from 'pg';
import type { Config } from '../config';
import { problems } from '../http/problem';
import { RateLimiter } from './rate-limiter';
import { CONFIG, PG_POOL } from '../infrastructure/tokens';
import { KeyLookup, type StoredKey } from './key-lookup';
import { bearerToken } from './principals';
import { sha256 } from './secrets';
import { UnauthenticatedLimiter } from './unauthenticated-limiter';

const CHECKED_WITH_THE_WRITE = 'puljeflow:key-revocation-checked-with-the-write';

/**
 * On a handler whose work checks in its own transaction that the request's key is still unrevoked (and does nothing
 * otherwise): the guard may then take the key from its cache instead of reading it, saving a statement a request.
 */
export const KeyRevocationCheckedWithTheWrite = () => SetMetadata(CHECKED_WITH_THE_WRITE, true);

/** Keys kept in memory at most (98 municipalities hold a few each); past it the cache starts over. */
const CACHED_KEYS = 10_000;

/**
 * Municipal paths: a valid, unrevoked key (401 otherwise) that belongs to the municipality in the path (403 otherwise).
 * The key is read from the database on every request — a key revoked on any api process fails at once — except on
 * handlers marked KeyRevocationCheckedWithTheWrite: there a key this process has seen valid is taken from memory
 * (its id and municipality never change), and the handler's transaction refuses it if it has been revoked since.
 */
@Injectable()
export class MunicipalKeyGuard implements CanActivate {
  private readonly limiter: RateLimiter;
  private readonly keys: KeyLookup;
  /** Keys seen unrevoked, by hash: only for handlers that check revocation themselves. */
  private readonly seen = new Map<string, StoredKey>();

  constructor(
    @Inject(PG_POOL) db: Pool,
    @Inject(CONFIG) config: Config,
    @Inject(Reflector) private readonly reflector: Reflector,
    @Inject(UnauthenticatedLimiter) private readonly unauthenticated: UnauthenticatedLimiter,
  ) {
    this.keys = new KeyLookup(db);
    this.limiter = new RateLimiter(config.RATE_LIMIT_BURST, config.RATE_LIMIT_PER_SECOND);
  }

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<FastifyRequest<{ Params: { municipalityCode?: string } }>>();
    const token = bearerToken(request.headers.authorization);
    if (!token) throw this.unauthenticated.refusal(request, 'Send the municipality API key as `Authorization: Bearer <key>`.');
    const key = await this.find(sha256(token), this.reflector.get<boolean>(CHECKED_WITH_THE_WRITE, context.getHandler()) === true);
    if (!key || key.revoked) throw this.unauthenticated.refusal(request, 'The API key is unknown or revoked.');
    const wanted = request.params.municipalityCode;
    if (wanted !== key.municipalityCode) {
      throw problems.forbidden(`This API key belongs to municipality ${key.municipalityCode}; it cannot be used for ${wanted ?? 'this path'}.`);
    }
    const wait = this.limiter.take(key.municipalityCode);
    if (wait > 0) {
      throw problems.tooMany(`Municipality ${key.municipalityCode} sent too many requests; retry after ${wait} s, or send events in batches.`, wait);
    }
    request.municipality = { kind: 'municipality', municipalityCode: key.municipalityCode, keyId: key.id };
    return true;
  }

  private async find(hash: string, revocationCheckedLater: boolean): Promise<StoredKey | undefined> {
    if (revocationCheckedLater) {
      const known = this.seen.get(hash);
      if (known) return known;
    }
    // Read after the request arrived: a key revoked a moment ago on another api process is refused.
    const key = await this.keys.find(hash);
    if (key && !key.revoked) {
      if (this.seen.size >= CACHED_KEYS) this.seen.clear();
      this.seen.set(hash, key);
    } else {
      this.seen.delete(hash);
    }
    return key;
  }
}
