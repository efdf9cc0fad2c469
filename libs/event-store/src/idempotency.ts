import type { Pool } from 'pg';
import { retryOnConflict } from './errors';
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

