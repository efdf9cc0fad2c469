import { Controller, Get, Inject, Param, Query, UseGuards } from '@nestjs/common';
import type { Pool } from 'pg';
import { FeedQuerySchema, validationErrors } from '@puljeflow/contracts';
import type { EventStore } from '@puljeflow/event-store';
import { readFeedPage } from '@puljeflow/read-models';
import { MunicipalKeyGuard } from '../auth/municipal-key.guard';
import { parseAsOf } from '../http/as-of';
import { problems } from '../http/problem';
import { EVENT_STORE, PG_POOL } from '../infrastructure/tokens';

/**
 * docs/municipal-api.md: `GET …/feed?after={cursor}&limit={n}` — everything decided about this municipality, oldest first.
 * Cursors are the feed's own sequence, taken in commit order (see feed.projection.ts): keep the last one, miss nothing.
 */
@Controller('api/v1/municipalities/:municipalityCode/feed')
@UseGuards(MunicipalKeyGuard)
export class FeedController {
  constructor(
    @Inject(PG_POOL) private readonly pool: Pool,
    @Inject(EVENT_STORE) private readonly store: EventStore,
  ) {}

  @Get()
  async page(@Param('municipalityCode') municipalityCode: string, @Query() query: Record<string, unknown>) {
    const parsed = FeedQuerySchema.safeParse(query);
    if (!parsed.success) throw problems.validation('Query: after (a cursor from an earlier page), limit (1–1000), asOf (RFC 3339).', validationErrors(parsed.error));
    if (parsed.data.after !== undefined && !/^\d{1,18}$/.test(parsed.data.after)) {
      throw problems.validation('after must be a cursor from an earlier page of this feed.', [{ path: 'after', code: 'invalid_cursor', message: 'not a cursor of this feed' }]);
    }
    const { asOf, given } = parseAsOf(parsed.data.asOf);
    if (given) await this.store.settle(asOf);
    return readFeedPage(this.pool, { municipalityCode, after: parsed.data.after, limit: parsed.data.limit, ...(given ? { asOf } : {}) });
  }
}
