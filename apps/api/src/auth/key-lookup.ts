import type { NamedStatement } from '@puljeflow/event-store';
import type { Pool } from 'pg';

/** The API keys of `$1` (ids) that are not revoked: run in the transaction that decides a request's events. */
export const ACTIVE_API_KEYS: NamedStatement = {
  name: 'active-api-keys',
  text: 'SELECT id::text AS id FROM api_keys WHERE id = ANY($1::uuid[]) AND revoked_at IS NULL',
};

/** ACTIVE_API_KEYS for a write decided ahead: fails its transaction unless every key of `$1` is still unrevoked. */
export const ACTIVE_API_KEYS_REQUIRED: NamedStatement = {
  name: 'active-api-keys-required',
  text: `SELECT event_store_require(count(*) = cardinality($1::uuid[]), 'the API keys are unrevoked')
           FROM api_keys WHERE id = ANY($1::uuid[]) AND revoked_at IS NULL`,
};

export interface StoredKey {
  id: string;
  municipalityCode: string;
  revoked: boolean;
}

type Waiting = { hash: string; resolve: (key: StoredKey | undefined) => void; reject: (error: unknown) => void };

/**
 * API keys by hash, read from the database for every request — never from a cache, so a key revoked on any api
 * process fails here at once. Lookups that arrive while one query runs wait for the next, which reads all of them
 * with one statement: every lookup still reads after its request arrived, but busy processes send far fewer
 * statements (the same gathering as the submissions' group commit).
 */
export class KeyLookup {
  private waiting: Waiting[] = [];
  private running = false;

  constructor(private readonly db: Pool) {}

  find(hash: string): Promise<StoredKey | undefined> {
    return new Promise((resolve, reject) => {
      this.waiting.push({ hash, resolve, reject });
      void this.next();
    });
  }

  private async next(): Promise<void> {
    if (this.running || this.waiting.length === 0) return;
    this.running = true;
    const batch = this.waiting;
    this.waiting = [];
    try {
      const { rows } = await this.db.query<{ key_hash: string; id: string; municipality_code: string; revoked: boolean }>({
        name: 'municipal-keys',
        text: 'SELECT key_hash, id, municipality_code, revoked_at IS NOT NULL AS revoked FROM api_keys WHERE key_hash = ANY($1::text[])',
        values: [[...new Set(batch.map((w) => w.hash))]],
      });
      const byHash = new Map(rows.map((r) => [r.key_hash, { id: r.id, municipalityCode: r.municipality_code, revoked: r.revoked }]));
      for (const w of batch) w.resolve(byHash.get(w.hash));
    } catch (error) {
      for (const w of batch) w.reject(error);
    } finally {
      this.running = false;
      void this.next();
    }
  }
}
