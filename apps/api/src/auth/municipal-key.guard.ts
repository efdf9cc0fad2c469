import { type CanActivate, type ExecutionContext, Inject, Injectable } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import type { Pool } from 'pg';
import type { Config } from '../config';
import { ProblemError, problems } from '../http/problem';
import { RateLimiter } from './rate-limiter';
import { CONFIG, PG_POOL } from '../infrastructure/tokens';
import { KeyLookup } from './key-lookup';
import { bearerToken } from './principals';
import { sha256 } from './secrets';

/**
 * Municipal paths: a valid, unrevoked key (401 otherwise) that belongs to the municipality in the path (403 otherwise).
 * The key is looked up on every request, so a revoked key fails at once on every api process.
 */
@Injectable()
export class MunicipalKeyGuard implements CanActivate {
  private readonly limiter: RateLimiter;
  private readonly keys: KeyLookup;

  constructor(@Inject(PG_POOL) db: Pool, @Inject(CONFIG) config: Config) {
    this.keys = new KeyLookup(db);
    this.limiter = new RateLimiter(config.RATE_LIMIT_BURST, config.RATE_LIMIT_PER_SECOND);
  }

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<FastifyRequest<{ Params: { municipalityCode?: string } }>>();
    const token = bearerToken(request.headers.authorization);
    if (!token) throw problems.unauthenticated('Send the municipality API key as `Authorization: Bearer <key>`.');
    // Read after the request arrived (never cached): a key revoked a moment ago on another api process is refused.
    const key = await this.keys.find(sha256(token));
    if (!key || key.revoked) throw problems.unauthenticated('The API key is unknown or revoked.');
    const wanted = request.params.municipalityCode;
    if (wanted !== key.municipalityCode) {
      throw problems.forbidden(`This API key belongs to municipality ${key.municipalityCode}; it cannot be used for ${wanted ?? 'this path'}.`);
    }
    const wait = this.limiter.take(key.municipalityCode);
    if (wait > 0) {
      throw new ProblemError(429, 'rate-limited', 'Too many requests', `Municipality ${key.municipalityCode} sent too many requests; retry after ${wait} s, or send events in batches.`, {}, { 'Retry-After': String(wait) });
    }
    request.municipality = { kind: 'municipality', municipalityCode: key.municipalityCode, keyId: key.id };
    return true;
  }
}
