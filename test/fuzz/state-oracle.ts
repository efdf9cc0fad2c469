import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Pool } from 'pg';

/** The application_name each process kind connects with (PGAPPNAME), so the oracle knows who appended an event. */
export const API_APP_NAME = 'puljeflow-api';
export const WORKER_APP_NAME = 'puljeflow-worker';

/**
 * What a refused request must leave as it was. Events are counted by who appended them (a trigger of the fuzz
 * database notes each event's writer): a request is answered by an api process, so a refused one may add no event
 * of the api's; the worker's own events (a pool's deadline firing, an import being decided) go on meanwhile. The
 * feeds are compared after the feed projection has caught up, whole when no event came in between, else up to the
 * position before the request. Tables the api writes outside the event store (accounts, sessions, keys, idempotency
 * records, imports received, reference data, erasures) are compared whole.
 */
export interface Snapshot {
  apiEvents: number;
  allEvents: number;
  lastPosition: string;
  tables: Record<string, string>;
  /** md5 of the feed rows up to lastPosition. */
  feed: string;
}

export interface OracleCounts {
  requests: number;
  byStatus: Record<string, number>;
  refused: number;
  /** Refused requests during which the worker appended events: the feed was compared up to the position before. */
  refusedBesideWorker: number;
  violations: string[];
}

const TABLES: Record<string, string> = {
  staffUsers: `SELECT md5(coalesce(string_agg(username || ':' || display_name || ':' || array_to_string(roles, ',') || ':' || active || ':' || password_hash, ';' ORDER BY username), '')) FROM staff_users`,
  staffSessions: `SELECT md5(coalesce(string_agg(token_hash || ':' || username, ';' ORDER BY token_hash), '')) FROM staff_sessions`,
  apiKeys: `SELECT md5(coalesce(string_agg(id::text || ':' || municipality_code || ':' || key_hash || ':' || coalesce(revoked_at::text, ''), ';' ORDER BY id), '')) FROM api_keys`,
  idempotencyKeys: `SELECT count(*)::text FROM idempotency_keys`,
  imports: `SELECT md5(coalesce(string_agg(id || ':' || municipality_code || ':' || md5(body), ';' ORDER BY id), '')) FROM import_jobs`,
  balanceVersions: `SELECT md5(coalesce(string_agg(version || ':' || checksum, ';' ORDER BY version), '')) FROM balance_versions`,
  citizenKeys: `SELECT count(*)::text FROM citizen_keys`,
  citizenErasures: `SELECT md5(coalesce(string_agg(pseudonym, ';' ORDER BY pseudonym), '')) FROM citizen_erasures`,
};

const LAST_CURSOR = `SELECT lpad(transaction_id::text, 20, '0') || '-' || lpad(global_position::text, 19, '0') AS cursor FROM events ORDER BY transaction_id DESC, global_position DESC LIMIT 1`;

/** One statement (one snapshot of the database): the event counts, every table above and the feed. */
const SNAPSHOT = `WITH head AS (SELECT coalesce(max(global_position), 0) AS position, count(*) AS events FROM events)
  SELECT (SELECT count(*) FROM fuzz_event_writers WHERE writer = $1)::text AS api_events, head.events::text AS all_events, head.position::text AS last_position,
    ${Object.entries(TABLES).map(([name, sql]) => `(${sql}) AS "${name}"`).join(',\n    ')},
    (SELECT md5(coalesce(string_agg(municipality_code || ':' || event_id || ':' || global_position || ':' || type || ':' || data::text, ';' ORDER BY id), '')) FROM municipal_feed WHERE global_position <= head.position) AS feed
  FROM head`;

const FEED_UP_TO = `SELECT md5(coalesce(string_agg(municipality_code || ':' || event_id || ':' || global_position || ':' || type || ':' || data::text, ';' ORDER BY id), '')) AS feed
  FROM municipal_feed WHERE global_position <= $1`;

export class StateOracle {
  readonly counts: OracleCounts = { requests: 0, byStatus: {}, refused: 0, refusedBesideWorker: 0, violations: [] };
  private readonly before = new Map<string, Snapshot>();
  private server: http.Server | undefined;

  constructor(
    private readonly pool: Pool,
    /** Signs a throwaway account in, for a request that ends the session it is sent with. */
    private readonly freshSession: () => Promise<string>,
  ) {}

  /** Notes the writer of every event from now on (a trigger on the fuzz database only). */
  async install(): Promise<void> {
    await this.pool.query(`CREATE TABLE IF NOT EXISTS fuzz_event_writers (global_position bigint PRIMARY KEY, writer text NOT NULL)`);
    await this.pool.query(`CREATE OR REPLACE FUNCTION fuzz_note_event_writer() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        INSERT INTO fuzz_event_writers (global_position, writer) VALUES (NEW.global_position, current_setting('application_name'));
        RETURN NULL;
      END $$`);
    await this.pool.query(`CREATE OR REPLACE TRIGGER fuzz_note_event_writer AFTER INSERT ON events FOR EACH ROW EXECUTE FUNCTION fuzz_note_event_writer()`);
  }

  async snapshot(): Promise<Snapshot> {
    const cursor = (await this.pool.query<{ cursor: string | null }>(LAST_CURSOR)).rows[0]?.cursor;
    if (cursor) await this.feedCaughtUp(cursor);
    const row = (await this.pool.query<Record<string, string>>(SNAPSHOT, [API_APP_NAME])).rows[0]!;
    const { api_events, all_events, last_position, feed, ...tables } = row;
    return { apiEvents: Number(api_events), allEvents: Number(all_events), lastPosition: last_position!, tables, feed: feed! };
  }

  /** Waits until the feed projection has applied everything up to `cursor` (the last event when the snapshot began). */
  private async feedCaughtUp(cursor: string): Promise<void> {
    for (let i = 0; i < 500; i++) {
      const row = (await this.pool.query<{ cursor: string | null }>(`SELECT cursor FROM projection_checkpoints WHERE name = 'municipal-feed'`)).rows[0];
      if (row?.cursor && row.cursor >= cursor) return;
      await new Promise((r) => setTimeout(r, 10));
    }
    throw new Error(`the feed projection did not reach ${cursor} in 5 s`);
  }

  /** What differs between a snapshot before a refused request and the state after it; empty when nothing does. */
  async differences(before: Snapshot): Promise<string[]> {
    const after = await this.snapshot();
    const out: string[] = [];
    if (after.apiEvents !== before.apiEvents) out.push(`${after.apiEvents - before.apiEvents} event(s) appended by the api`);
    for (const [name, value] of Object.entries(before.tables)) if (after.tables[name] !== value) out.push(`${name} changed`);
    const workerMeanwhile = after.allEvents !== before.allEvents;
    const feedThen = workerMeanwhile ? (await this.pool.query<{ feed: string }>(FEED_UP_TO, [before.lastPosition])).rows[0]!.feed : after.feed;
    if (feedThen !== before.feed) out.push(workerMeanwhile ? 'the feed up to the last event before the request changed' : 'the feed changed');
    if (workerMeanwhile) this.counts.refusedBesideWorker += 1;
    return out;
  }

  private async handle(path: string, body: Record<string, unknown>): Promise<unknown> {
    if (path === '/fresh-session') return { token: await this.freshSession() };
    const requestId = String(body['requestId']);
    if (path === '/before') {
      this.counts.requests += 1;
      this.before.set(requestId, await this.snapshot());
      return {};
    }
    if (path === '/after') {
      const before = this.before.get(requestId);
      this.before.delete(requestId);
      if (!before) return { changed: false };
      const status = Number(body['status']);
      this.counts.byStatus[status] = (this.counts.byStatus[status] ?? 0) + 1;
      if (status < 400 || status >= 500) return { changed: false };
      this.counts.refused += 1;
      const differences = await this.differences(before);
      if (differences.length === 0) return { changed: false };
      const detail = `${String(body['method'])} ${String(body['path'])} ${status}: ${differences.join('; ')}`;
      this.counts.violations.push(detail);
      return { changed: true, detail };
    }
    throw new Error(`no oracle route ${path}`);
  }

  /** Serves /before, /after and /fresh-session on a free local port; resolves to its URL. */
  async listen(): Promise<string> {
    this.server = http.createServer((req, res) => {
      let raw = '';
      req.on('data', (chunk: Buffer) => (raw += chunk.toString()));
      req.on('end', () => {
        this.handle(req.url ?? '', raw ? (JSON.parse(raw) as Record<string, unknown>) : {}).then(
          (answer) => res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(answer)),
          (err: unknown) => res.writeHead(500, { 'content-type': 'text/plain' }).end(err instanceof Error ? err.message : String(err)),
        );
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  async close(): Promise<void> {
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }
}
