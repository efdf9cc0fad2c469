import { Controller, Get, Inject, Param, Query, UseGuards } from '@nestjs/common';
import type { Pool } from 'pg';
import { FeedQuerySchema, validationErrors } from '@puljeflow/contracts';
import type { EventStore } from '@puljeflow/event-store';
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
    const { rows } = await this.pool.query<{ id: string; type: string; recorded_at: Date; data: Record<string, unknown>; submission_event_id: string | null }>(
      `SELECT id, type, recorded_at, data, submission_event_id FROM municipal_feed
        WHERE municipality_code = $1 AND id > $2 AND ($4::timestamptz IS NULL OR recorded_at < $4::timestamptz + interval '1 millisecond')
        ORDER BY id LIMIT $3`,
      [municipalityCode, parsed.data.after ?? '0', parsed.data.limit, given ? asOf : null],
    );
    const items = rows.map((r) => ({ cursor: String(r.id), type: r.type, recordedAt: r.recorded_at.toISOString(), ...(r.submission_event_id ? { eventId: r.submission_event_id } : {}), data: r.data }));
    return { items, nextCursor: items.at(-1)?.cursor ?? parsed.data.after ?? null };
  }
}
