/** What a query of a read model needs of its connection: a pool or a client. */
export interface Queryable {
  query<R = unknown>(sql: string, params?: unknown[]): Promise<{ rows: R[] }>;
}

export interface FeedItem {
  cursor: string;
  type: string;
  recordedAt: string;
  /** The municipality's own eventId, on the decision of one of its submissions. */
  eventId?: string;
  data: Record<string, unknown>;
}

export interface FeedPage {
  items: FeedItem[];
  /** The last item's cursor, or the one asked after when the page is empty: read on from it. */
  nextCursor: string | null;
}

/**
 * One page of a municipality's feed (feed.projection.ts), oldest first, after `after` (a cursor of this feed) and, with
 * `asOf`, only what was recorded by that instant. The caller has settled the store for `asOf`.
 */
export async function readFeedPage(db: Queryable, query: { municipalityCode: string; after?: string; limit: number; asOf?: Date }): Promise<FeedPage> {
  const { rows } = await db.query<{ id: string; type: string; recorded_at: Date; data: Record<string, unknown>; submission_event_id: string | null }>(
    `SELECT id, type, recorded_at, data, submission_event_id FROM municipal_feed
      WHERE municipality_code = $1 AND id > $2 AND ($4::timestamptz IS NULL OR recorded_at < $4::timestamptz + interval '1 millisecond')
      ORDER BY id LIMIT $3`,
    [query.municipalityCode, query.after ?? '0', query.limit, query.asOf ?? null],
  );
  const items = rows.map((r) => ({ cursor: String(r.id), type: r.type, recordedAt: r.recorded_at.toISOString(), ...(r.submission_event_id ? { eventId: r.submission_event_id } : {}), data: r.data }));
  return { items, nextCursor: items.at(-1)?.cursor ?? query.after ?? null };
}
