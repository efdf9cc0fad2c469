import type { Pool } from 'pg';

/**
 * The outcome recorded under (scope, key) by a WriteBatch flush, or null if the key has not been used. Keys are
 * written with the events they decided (write-batch.ts) and never deleted.
 */
export async function lookupIdempotencyKey<O>(pool: Pool, scope: string, key: string): Promise<O | null> {
  const r = await pool.query<{ outcome: O }>('SELECT outcome FROM idempotency_keys WHERE scope = $1 AND key = $2', [scope, key]);
  return r.rows[0]?.outcome ?? null;
}
