import { Inject, Injectable } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import type { Config } from '../config';
import { type ProblemError, problems } from '../http/problem';
import { CONFIG } from '../infrastructure/tokens';
import { RateLimiter } from './rate-limiter';

/**
 * Requests without a valid credential, per client address and api process (docs/security.md): each takes a token;
 * past the burst the address is answered 429 with Retry-After instead of 401. A valid credential is never held back.
 */
@Injectable()
export class UnauthenticatedLimiter {
  private readonly limiter: RateLimiter;

  constructor(@Inject(CONFIG) config: Config) {
    this.limiter = new RateLimiter(config.UNAUTHENTICATED_BURST, config.UNAUTHENTICATED_PER_SECOND);
  }

  /** The error to answer a request whose credential is missing or not valid: 401, or 429 when its address sent too many. */
  refusal(request: FastifyRequest, detail: string): ProblemError {
    const wait = this.limiter.take(request.ip);
    if (wait > 0) return problems.tooMany(`Too many requests without a valid credential from your address; retry after ${wait} s.`, wait);
    return problems.unauthenticated(detail);
  }
}
