import { createHmac, createSecretKey, randomBytes, type KeyObject } from 'node:crypto';
import type { Pool, QueryResult, QueryResultRow } from 'pg';
import { normaliseCpr } from './cpr';
import { CitizenErasedError, InvalidPseudonymError } from './errors';
import { redactCpr } from './redaction';
import { openText, sealText, unwrapKey, wrapKey } from './sealing';
import { withTransaction } from '@puljeflow/event-store';

/** A pool, a client, or a transaction (e.g. `EventStoreTransaction`): anything that runs a statement. */
export interface Queryable {
  query<R extends QueryResultRow = QueryResultRow>(text: string, values?: unknown[]): Promise<QueryResult<R>>;
}

export interface CitizenVaultOptions {
  pool: Pool;
  /** The HMAC key behind pseudonyms: at least 32 secret bytes, never changed (every pseudonym depends on it). */
  pseudonymKey: Buffer;
  /** Wraps each citizen's data key (AES-256-GCM): 32 secret bytes. */
  keyEncryptionKey: Buffer;
}

/** What may be stored about a citizen: the pseudonym in clear, everything personal sealed under their data key. */
export interface ProtectedCitizen {
  pseudonym: string;
  cprCiphertext: string;
  nameCiphertext?: string;
}

/** The record of an erasure: who and why, never whom (the pseudonym opens nothing once the key is gone). */
export interface Erasure {
  pseudonym: string;
  erasedAt: Date;
  erasedBy: string;
  reason: string;
}

const PSEUDONYM = /^cit_[A-Za-z0-9_-]{43}$/;

/**
 * Where a CPR number stops (docs/domain.md, Personal data). The rest of the system knows a citizen by a keyed pseudonym;
 * their CPR number and name, where they must be kept, are sealed under a data key of their own, and erasing that
 * key erases the person while every amount recorded against the pseudonym stays as it was.
 *
 * Methods take an optional `db` so a caller can seal inside its own transaction (READ COMMITTED, the default);
 * without it they use the pool. Keys are held as KeyObjects in private fields: they never print or serialize.
 */
export class CitizenVault {
  readonly #pool: Pool;
  readonly #pseudonymKey: KeyObject;
  readonly #keyEncryptionKey: KeyObject;

  constructor({ pool, pseudonymKey, keyEncryptionKey }: CitizenVaultOptions) {
    if (!Buffer.isBuffer(pseudonymKey) || pseudonymKey.length < 32) {
      throw new Error('CitizenVault: pseudonymKey must be at least 32 secret bytes');
    }
    if (!Buffer.isBuffer(keyEncryptionKey) || keyEncryptionKey.length !== 32) {
      throw new Error('CitizenVault: keyEncryptionKey must be exactly 32 secret bytes (AES-256)');
    }
    if (pseudonymKey.equals(keyEncryptionKey)) {
      throw new Error('CitizenVault: pseudonymKey and keyEncryptionKey must be different keys');
    }
    this.#pool = pool;
    this.#pseudonymKey = createSecretKey(Buffer.from(pseudonymKey));
    this.#keyEncryptionKey = createSecretKey(Buffer.from(keyEncryptionKey));
  }

  /**
   * The citizen's pseudonym, `cit_<base64url>`: HMAC-SHA256 of the 10 digits under the pseudonym key. The same CPR
   * number always gives the same pseudonym; without the key no one can reverse it or test a guess.
   */
  pseudonymOf(cpr: string): string {
    const digits = normaliseCpr(cpr);
    return `cit_${createHmac('sha256', this.#pseudonymKey).update(`cpr:${digits}`).digest('base64url')}`;
  }

  /**
   * The citizen's pseudonym with their CPR number (and name, if given) sealed under their data key, which is made
   * on first sight. CitizenErasedError if they were erased: an erased person is not quietly recorded again.
   */
  async protect(cpr: string, { name }: { name?: string } = {}, db: Queryable = this.#pool): Promise<ProtectedCitizen> {
    const digits = normaliseCpr(cpr);
    const pseudonym = this.pseudonymOf(digits);
    const dataKey = await this.#dataKeyFor(pseudonym, db);
    try {
      return {
        pseudonym,
        cprCiphertext: sealText(dataKey, digits, pseudonym),
        ...(name === undefined ? {} : { nameCiphertext: sealText(dataKey, name, pseudonym) }),
      };
    } finally {
      dataKey.fill(0);
    }
  }

  /**
   * The plaintext sealed for this citizen by `protect`, or null once they are erased. CiphertextError if the
   * ciphertext was altered or belongs to another citizen.
   */
  async reveal(pseudonym: string, ciphertext: string, db: Queryable = this.#pool): Promise<string | null> {
    assertPseudonym(pseudonym);
    const { rows } = await db.query<{ wrapped_key: Buffer }>(
      'SELECT wrapped_key FROM citizen_keys WHERE pseudonym = $1',
      [pseudonym],
    );
    const wrapped = rows[0]?.wrapped_key;
    // An empty key is erase()'s placeholder, seen only when erase runs outside a transaction: erased all the same.
    if (!wrapped || wrapped.length === 0) return null;
    const dataKey = unwrapKey(this.#keyEncryptionKey, wrapped, pseudonym);
    try {
      return openText(dataKey, ciphertext, pseudonym);
    } finally {
      dataKey.fill(0);
    }
  }

  /**
   * Erases the citizen by deleting their data key (crypto-shredding) and records who did it and why; `by` and
   * `reason` must not name the person (CPR-shaped numbers in them are redacted regardless). Erasing again changes
   * nothing and returns the first record. A `db` given must be inside a transaction.
   */
  async erase(pseudonym: string, { by, reason }: { by: string; reason: string }, db?: Queryable): Promise<Erasure> {
    assertPseudonym(pseudonym);
    if (!by?.trim() || !reason?.trim()) throw new Error('An erasure needs who (`by`) and why (`reason`)');
    const run = async (q: Queryable): Promise<Erasure> => {
      await q.query(
        `INSERT INTO citizen_erasures (pseudonym, erased_by, reason) VALUES ($1, $2, $3)
         ON CONFLICT (pseudonym) DO NOTHING`,
        [pseudonym, redactCpr(by), redactCpr(reason)],
      );
      // A protect() in flight may be inserting this citizen's key in a transaction not yet committed, invisible to
      // the DELETE. Inserting on the same key waits for that transaction; the DELETE then sees its row (and this
      // placeholder, if there was none). A protect() that waits on us in turn sees the erasure and backs out.
      await q.query(
        `INSERT INTO citizen_keys (pseudonym, wrapped_key) VALUES ($1, ''::bytea) ON CONFLICT (pseudonym) DO NOTHING`,
        [pseudonym],
      );
      await q.query('DELETE FROM citizen_keys WHERE pseudonym = $1', [pseudonym]);
      const { rows } = await q.query<{ erased_at: Date; erased_by: string; reason: string }>(
        'SELECT erased_at, erased_by, reason FROM citizen_erasures WHERE pseudonym = $1',
        [pseudonym],
      );
      const row = rows[0]!;
      return { pseudonym, erasedAt: row.erased_at, erasedBy: row.erased_by, reason: row.reason };
    };
    return db ? run(db) : withTransaction(this.#pool, run);
  }

  /** The citizen's data key, made and stored wrapped if they have none; race-safe, and refusing the erased. */
  async #dataKeyFor(pseudonym: string, db: Queryable): Promise<Buffer> {
    const candidate = randomBytes(32);
    const wrappedCandidate = wrapKey(this.#keyEncryptionKey, candidate, pseudonym);
    candidate.fill(0);
    await db.query(
      `INSERT INTO citizen_keys (pseudonym, wrapped_key)
       SELECT $1::text, $2::bytea WHERE NOT EXISTS (SELECT 1 FROM citizen_erasures WHERE pseudonym = $1::text)
       ON CONFLICT (pseudonym) DO NOTHING`,
      [pseudonym, wrappedCandidate],
    );
    // A statement of its own, so a fresh snapshot: it sees an erasure that committed while the INSERT waited.
    const { rows } = await db.query<{ wrapped_key: Buffer | null; erased: boolean }>(
      `SELECT k.wrapped_key, EXISTS (SELECT 1 FROM citizen_erasures e WHERE e.pseudonym = $1) AS erased
       FROM (SELECT 1) AS one LEFT JOIN citizen_keys k ON k.pseudonym = $1`,
      [pseudonym],
    );
    const { wrapped_key: wrapped, erased } = rows[0]!;
    if (erased) {
      // The erasure won a race with our INSERT: take back the key it made, so the erased stay erased.
      if (wrapped?.length) await db.query('DELETE FROM citizen_keys WHERE pseudonym = $1', [pseudonym]);
      throw new CitizenErasedError(pseudonym);
    }
    if (!wrapped?.length) throw new Error(`The data key of citizen ${pseudonym} vanished while it was made; try again`);
    return unwrapKey(this.#keyEncryptionKey, wrapped, pseudonym);
  }
}

function assertPseudonym(pseudonym: string): void {
  if (typeof pseudonym !== 'string' || !PSEUDONYM.test(pseudonym)) throw new InvalidPseudonymError();
}
