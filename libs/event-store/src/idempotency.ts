import type { Pool, QueryResult, QueryResultRow } from 'pg';
import { IdempotencyKeyTakenError, retryOnConflict } from './errors';
import type { EventStore, EventStoreTransaction } from './event-store';

export interface IdempotencyKey {
  /** Whose key space, e.g. a municipality code. */
  scope: string;
  /** Unique within the scope, e.g. the eventId of a municipal submission. */
  key: string;
  /** A hash of the request body: tells a retry of the same request from a different request reusing the key. */
  bodyHash: string;
}

export type IdempotentResult<O> =
  | { kind: 'new'; outcome: O }
  | { kind: 'duplicate'; outcome: O }
  | { kind: 'key_reused'; outcome: O };

// A decision that lost a race for its stream is simply taken again on the fresher stream.
const CONFLICT_ATTEMPTS = 5;

/**
 * Runs `fn` and records its JSON outcome under (scope, key) in one transaction, unless the key is already
 * recorded: then nothing runs and the recorded outcome is returned, as 'duplicate' if the body hash matches and
 * 'key_reused' if it does not. A StreamVersionConflictError from `fn` retries the whole transaction.
 */
export function idempotent<O>(
  store: EventStore,
  { scope, key, bodyHash }: IdempotencyKey,
  fn: (tx: EventStoreTransaction) => Promise<O>,
): Promise<IdempotentResult<O>> {
  const once = () =>
    store.transaction(async (tx): Promise<IdempotentResult<O>> => {
      // Claim the key before doing anything. Someone claiming it at the same moment waits on the primary key until
      // we commit (and then finds our row) or roll back (and then claims it for itself): exactly one runs `fn`.
      const claim = await tx.query(
        'INSERT INTO idempotency_keys (scope, key, body_hash) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING',
        [scope, key, bodyHash],
      );
      if (claim.rowCount === 0) {
        // A new statement sees the committed claim (READ COMMITTED); keys are never deleted.
        const stored = await tx.query<{ body_hash: string; outcome: O }>(
          'SELECT body_hash, outcome FROM idempotency_keys WHERE scope = $1 AND key = $2',
          [scope, key],
        );
        const row = stored.rows[0]!;
        return { kind: row.body_hash === bodyHash ? 'duplicate' : 'key_reused', outcome: row.outcome };
      }
      const outcome = await fn(tx);
      // Answer with the stored JSON, not the object in hand, so the first answer and every duplicate are alike.
      const saved = await tx.query<{ outcome: O }>(
        'UPDATE idempotency_keys SET outcome = $3 WHERE scope = $1 AND key = $2 RETURNING outcome',
        [scope, key, JSON.stringify(outcome ?? null)],
      );
      return { kind: 'new', outcome: saved.rows[0]!.outcome };
    });
  return retryOnConflict(once, { attempts: CONFLICT_ATTEMPTS });
}

/** The outcome recorded under (scope, key), or null if the key has not been used. */
export async function lookupIdempotencyKey<O>(pool: Pool, scope: string, key: string): Promise<O | null> {
  const r = await pool.query<{ outcome: O }>('SELECT outcome FROM idempotency_keys WHERE scope = $1 AND key = $2', [
    scope,
    key,
  ]);
  return r.rows[0]?.outcome ?? null;
}

type Queryable = { query<R extends QueryResultRow>(sql: string, params?: unknown[]): Promise<QueryResult<R>> };

/** A key and its stored outcome, for the batch path (`findOutcomes` before deciding, `recordOutcomes` with the writes). */
export interface RecordedOutcome<O> {
  scope: string;
  key: string;
  bodyHash: string;
  outcome: O;
}

export const outcomeKey = (scope: string, key: string) => `${scope}\u0000${key}`;

/** The outcomes already recorded under any of `keys`, by `outcomeKey(scope, key)`. */
export async function findOutcomes<O>(db: Queryable, keys: { scope: string; key: string }[]): Promise<Map<string, RecordedOutcome<O>>> {
  const found = new Map<string, RecordedOutcome<O>>();
  if (keys.length === 0) return found;
  const { rows } = await db.query<{ scope: string; key: string; body_hash: string; outcome: O }>(
    `SELECT k.scope, k.key, k.body_hash, k.outcome FROM idempotency_keys k
      JOIN unnest($1::text[], $2::text[]) AS wanted(scope, key) ON k.scope = wanted.scope AND k.key = wanted.key`,
    [keys.map((k) => k.scope), keys.map((k) => k.key)],
  );
  for (const r of rows) found.set(outcomeKey(r.scope, r.key), { scope: r.scope, key: r.key, bodyHash: r.body_hash, outcome: r.outcome });
  return found;
}

/**
 * Records the outcomes of keys that `findOutcomes` did not find, in the caller's transaction, with the events they
 * decided. A concurrent transaction that decided one of the same keys makes this wait for it; if it committed, the
 * batch has decided that key twice: IdempotencyKeyTakenError, and the caller rolls back and decides again (and then
 * finds the other's outcome). So exactly one decision per key is ever committed.
 */
export async function recordOutcomes<O>(db: Queryable, outcomes: RecordedOutcome<O>[]): Promise<void> {
  if (outcomes.length === 0) return;
  // In key order, so two batches wait for each other's keys in one direction only.
  const sorted = [...outcomes].sort((a, b) => (a.scope === b.scope ? (a.key < b.key ? -1 : 1) : a.scope < b.scope ? -1 : 1));
  const { rowCount } = await db.query(
    `INSERT INTO idempotency_keys (scope, key, body_hash, outcome)
     SELECT o.scope, o.key, o."bodyHash", o.outcome
       FROM jsonb_to_recordset($1::jsonb) AS o(scope text, key text, "bodyHash" text, outcome jsonb)
     ON CONFLICT DO NOTHING`,
    [JSON.stringify(sorted)],
  );
  if ((rowCount ?? 0) < outcomes.length) throw new IdempotencyKeyTakenError(outcomes.length - (rowCount ?? 0));
}
