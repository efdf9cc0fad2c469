import { randomBytes } from 'node:crypto';
import { inspect } from 'node:util';
import { Client, Pool } from 'pg';
import { CitizenVault, type Queryable } from './citizen-vault';
import { InvalidCprError } from './cpr';
import { CiphertextError, CitizenErasedError, InvalidPseudonymError } from './errors';
import { migratePersonalData } from './schema';
import { createFreshDatabase, sleep } from './test/support';

const CIPHERTEXT = /^v1\.[A-Za-z0-9_-]{16}\.[A-Za-z0-9_-]{22}\.[A-Za-z0-9_-]+$/;

// A fresh, valid CPR number per call (15 March 19YY, 7th digit 1: the 1900s), so tests do not share citizens.
let sequence = 0;
function nextCpr(): string {
  sequence++;
  return `1503${String(40 + sequence).padStart(2, '0')}1${String(sequence).padStart(3, '0')}`;
}
const dashed = (cpr: string) => `${cpr.slice(0, 6)}-${cpr.slice(6)}`;

describe('CitizenVault', () => {
  let db: { url: string; drop(): Promise<void> };
  let pool: Pool;
  let vault: CitizenVault;
  const pseudonymKey = randomBytes(32);
  const keyEncryptionKey = randomBytes(32);

  beforeAll(async () => {
    db = await createFreshDatabase('personal_data');
    pool = new Pool({ connectionString: db.url, max: 10 });
    await migratePersonalData(pool);
    vault = new CitizenVault({ pool, pseudonymKey, keyEncryptionKey });
  });
  afterAll(async () => {
    await pool.end();
    await db.drop();
  });

  const keyRows = async (pseudonym: string) =>
    (await pool.query('SELECT wrapped_key FROM citizen_keys WHERE pseudonym = $1', [pseudonym])).rows;

  describe('pseudonymOf', () => {
    it('gives the same pseudonym for the same CPR number, however it is written', () => {
      const cpr = nextCpr();
      const pseudonym = vault.pseudonymOf(cpr);
      expect(pseudonym).toMatch(/^cit_[A-Za-z0-9_-]{43}$/);
      expect(vault.pseudonymOf(dashed(cpr))).toBe(pseudonym);
      expect(vault.pseudonymOf(` ${cpr}\n`)).toBe(pseudonym);
      expect(new CitizenVault({ pool, pseudonymKey, keyEncryptionKey: randomBytes(32) }).pseudonymOf(cpr)).toBe(
        pseudonym,
      );
    });

    it('gives another pseudonym for another CPR number, and under another secret', () => {
      const cpr = nextCpr();
      const other = new CitizenVault({ pool, pseudonymKey: randomBytes(32), keyEncryptionKey });
      expect(vault.pseudonymOf(nextCpr())).not.toBe(vault.pseudonymOf(cpr));
      expect(other.pseudonymOf(cpr)).not.toBe(vault.pseudonymOf(cpr));
    });

    it('refuses an invalid CPR number without echoing it', () => {
      expect(() => vault.pseudonymOf('3102901234')).toThrow(InvalidCprError);
      expect(() => vault.pseudonymOf('3102901234')).not.toThrow(/310290|1234/);
    });
  });

  it('refuses short, missing or shared keys', () => {
    expect(() => new CitizenVault({ pool, pseudonymKey: randomBytes(16), keyEncryptionKey })).toThrow('pseudonymKey');
    expect(() => new CitizenVault({ pool, pseudonymKey, keyEncryptionKey: randomBytes(31) })).toThrow(
      'keyEncryptionKey',
    );
    expect(() => new CitizenVault({ pool, pseudonymKey: keyEncryptionKey, keyEncryptionKey })).toThrow('different');
  });

  it('keeps its keys out of inspection and JSON', () => {
    const shown = `${JSON.stringify(vault)} ${inspect(vault, { showHidden: true, depth: 5 })}`;
    expect(shown).not.toContain(pseudonymKey.toString('hex'));
    expect(shown).not.toContain(pseudonymKey.toString('base64'));
    expect(shown).not.toContain(keyEncryptionKey.toString('base64'));
  });

  describe('protect and reveal', () => {
    it('seals the CPR number and name, and reveals them again', async () => {
      const cpr = nextCpr();
      const sealed = await vault.protect(dashed(cpr), { name: 'Søren Ærø Ågård' });
      expect(sealed).toEqual({
        pseudonym: vault.pseudonymOf(cpr),
        cprCiphertext: expect.stringMatching(CIPHERTEXT),
        nameCiphertext: expect.stringMatching(CIPHERTEXT),
      });
      expect(await vault.reveal(sealed.pseudonym, sealed.cprCiphertext)).toBe(cpr);
      expect(await vault.reveal(sealed.pseudonym, sealed.nameCiphertext!)).toBe('Søren Ærø Ågård');
    });

    it('omits the name without one, and makes one key per citizen however often it is called', async () => {
      const cpr = nextCpr();
      const first = await vault.protect(cpr);
      const second = await vault.protect(cpr);
      expect(first).not.toHaveProperty('nameCiphertext');
      expect(second.pseudonym).toBe(first.pseudonym);
      expect(second.cprCiphertext).not.toBe(first.cprCiphertext); // a fresh IV each time
      expect(await vault.reveal(first.pseudonym, first.cprCiphertext)).toBe(cpr);
      expect(await keyRows(first.pseudonym)).toHaveLength(1);
    });

    it('stores the data key wrapped: another key-encryption key cannot open it', async () => {
      const sealed = await vault.protect(nextCpr());
      const [row] = await keyRows(sealed.pseudonym);
      expect(row.wrapped_key).toHaveLength(1 + 12 + 16 + 32);
      const stranger = new CitizenVault({ pool, pseudonymKey, keyEncryptionKey: randomBytes(32) });
      await expect(stranger.reveal(sealed.pseudonym, sealed.cprCiphertext)).rejects.toThrow(CiphertextError);
    });

    it('refuses a wrapped key moved to another citizen', async () => {
      const a = await vault.protect(nextCpr());
      const b = await vault.protect(nextCpr());
      await pool.query(
        `UPDATE citizen_keys SET wrapped_key = (SELECT wrapped_key FROM citizen_keys WHERE pseudonym = $1)
         WHERE pseudonym = $2`,
        [a.pseudonym, b.pseudonym],
      );
      await expect(vault.reveal(b.pseudonym, b.cprCiphertext)).rejects.toThrow(CiphertextError);
    });

    it.each([
      ['the ciphertext', 3],
      ['the tag', 2],
      ['the IV', 1],
    ])('refuses a ciphertext whose %s was altered', async (_, part) => {
      const cpr = nextCpr();
      const sealed = await vault.protect(cpr);
      const parts = sealed.cprCiphertext.split('.');
      const bytes = Buffer.from(parts[part]!, 'base64url');
      bytes[0]! ^= 0x01;
      parts[part] = bytes.toString('base64url');
      const error = await vault.reveal(sealed.pseudonym, parts.join('.')).catch((e: Error) => e);
      expect(error).toBeInstanceOf(CiphertextError);
      expect((error as Error).message).not.toContain(cpr);
    });

    it("refuses one citizen's ciphertext under another's pseudonym (the pseudonym is authenticated)", async () => {
      const a = await vault.protect(nextCpr());
      const b = await vault.protect(nextCpr());
      await expect(vault.reveal(b.pseudonym, a.cprCiphertext)).rejects.toThrow(CiphertextError);
    });

    it.each(['', 'v2.a.b.c', 'v1.only.three', 'v1.!!!.###.$$$', 'plain text'])(
      'refuses the malformed ciphertext %j',
      async (ciphertext) => {
        const sealed = await vault.protect(nextCpr());
        await expect(vault.reveal(sealed.pseudonym, ciphertext)).rejects.toThrow(CiphertextError);
      },
    );

    it('refuses what is not a pseudonym, without echoing it', async () => {
      const cpr = nextCpr();
      const error = await vault.reveal(cpr, 'v1.a.b.c').catch((e: Error) => e);
      expect(error).toBeInstanceOf(InvalidPseudonymError);
      expect((error as Error).message).not.toContain(cpr);
    });

    it('never sends the CPR number or the name to the database', async () => {
      const cpr = nextCpr();
      const sent: string[] = [];
      const recording: Queryable = {
        query: (text, values) => {
          sent.push(text, ...(values ?? []).map((v) => (Buffer.isBuffer(v) ? v.toString('hex') : String(v))));
          return pool.query(text, values);
        },
      };
      const sealed = await vault.protect(cpr, { name: 'Karen Blixen' }, recording);
      await vault.reveal(sealed.pseudonym, sealed.cprCiphertext, recording);
      const all = sent.join('\n');
      expect(all).not.toContain(cpr);
      expect(all).not.toContain(Buffer.from(cpr).toString('hex'));
      expect(all).not.toContain('Karen');
    });

    it("seals inside the caller's transaction: a rollback leaves no key behind", async () => {
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        const sealed = await vault.protect(nextCpr(), {}, client);
        expect(await vault.reveal(sealed.pseudonym, sealed.cprCiphertext, client)).not.toBeNull();
        await client.query('ROLLBACK');
        expect(await keyRows(sealed.pseudonym)).toHaveLength(0);
      } finally {
        client.release();
      }
    });
  });

  it('makes exactly one key when 8 connections protect the same citizen at once', async () => {
    const cpr = nextCpr();
    const clients = await Promise.all(
      Array.from({ length: 8 }, async () => {
        const client = new Client({ connectionString: db.url });
        await client.connect();
        return client;
      }),
    );
    const gate = await pool.connect();
    try {
      // An uncommitted row for the same citizen holds all 8 INSERTs at the unique index, past any check for an
      // existing key; rolling it back releases them together to race for the one row.
      await gate.query('BEGIN');
      await gate.query(`INSERT INTO citizen_keys (pseudonym, wrapped_key) VALUES ($1, '\\x00')`, [
        vault.pseudonymOf(cpr),
      ]);
      const results = clients.map((client) => vault.protect(cpr, { name: 'Ida' }, client));
      await waitForLockWaiters(8);
      await gate.query('ROLLBACK');
      const sealed = await Promise.all(results);

      expect(new Set(sealed.map((s) => s.pseudonym)).size).toBe(1);
      expect(await keyRows(sealed[0]!.pseudonym)).toHaveLength(1);
      for (const s of sealed) expect(await vault.reveal(s.pseudonym, s.cprCiphertext)).toBe(cpr);
    } finally {
      gate.release();
      await Promise.all(clients.map((client) => client.end()));
    }
  });

  describe('erase', () => {
    it('shreds the key: nothing about the person can be read back, every other record stays', async () => {
      const cpr = nextCpr();
      const name = 'Birgitte Nyborg Christensen';
      const bystanderCpr = nextCpr();
      // A stand-in for the event store and read models: what the rest of the system keeps about a citizen.
      await pool.query(
        `CREATE TABLE payouts (pseudonym text, cpr_ciphertext text, name_ciphertext text, amount_oere bigint)`,
      );
      const record = async (c: string, n: string, amount: number) => {
        const s = await vault.protect(c, { name: n });
        await pool.query('INSERT INTO payouts VALUES ($1, $2, $3, $4)', [
          s.pseudonym,
          s.cprCiphertext,
          s.nameCiphertext,
          amount,
        ]);
        return s;
      };
      const sealed = await record(cpr, name, 1_234_500);
      await record(cpr, name, 765_400);
      const bystander = await record(bystanderCpr, 'Kasper Juul', 99_900);
      expect(await tableDump(pool)).not.toMatch(cprPattern(cpr)); // only ever ciphertext at rest

      const reason = 'GDPR art. 17 request 2025-7';
      const erasure = await vault.erase(sealed.pseudonym, { by: 'staff:ab12', reason });

      expect(erasure).toEqual({
        pseudonym: sealed.pseudonym,
        erasedAt: expect.any(Date),
        erasedBy: 'staff:ab12',
        reason,
      });
      expect(await vault.reveal(sealed.pseudonym, sealed.cprCiphertext)).toBeNull();
      expect(await vault.reveal(sealed.pseudonym, sealed.nameCiphertext!)).toBeNull();
      const dump = await tableDump(pool);
      expect(dump).not.toMatch(cprPattern(cpr));
      expect(dump).not.toContain(Buffer.from(cpr).toString('hex'));
      expect(dump).not.toContain('Birgitte');
      expect(dump).not.toContain(Buffer.from('Birgitte').toString('hex'));
      // The money trail is whole, and the bystander untouched.
      const payouts = await pool.query(
        'SELECT amount_oere::int AS amount FROM payouts WHERE pseudonym = $1 ORDER BY amount',
        [sealed.pseudonym],
      );
      expect(payouts.rows).toEqual([{ amount: 765_400 }, { amount: 1_234_500 }]);
      expect(await vault.reveal(bystander.pseudonym, bystander.nameCiphertext!)).toBe('Kasper Juul');
    });

    it('refuses to record the erased person again', async () => {
      const cpr = nextCpr();
      const { pseudonym } = await vault.protect(cpr);
      await vault.erase(pseudonym, { by: 'staff:ab12', reason: 'request' });
      const error = await vault.protect(dashed(cpr), { name: 'Again' }).catch((e: Error) => e);
      expect(error).toBeInstanceOf(CitizenErasedError);
      expect(error).toMatchObject({ pseudonym });
      expect(await keyRows(pseudonym)).toHaveLength(0);
    });

    it('is idempotent: erasing again changes nothing and returns the first record', async () => {
      const { pseudonym } = await vault.protect(nextCpr());
      const first = await vault.erase(pseudonym, { by: 'staff:ab12', reason: 'request' });
      const again = await vault.erase(pseudonym, { by: 'staff:cd34', reason: 'again' });
      expect(again).toEqual(first);
      const count = 'SELECT count(*)::int AS n FROM citizen_erasures WHERE pseudonym = $1';
      expect((await pool.query(count, [pseudonym])).rows[0].n).toBe(1);
    });

    it('erases a citizen never seen, so they are never recorded', async () => {
      const cpr = nextCpr();
      await vault.erase(vault.pseudonymOf(cpr), { by: 'staff:ab12', reason: 'request before any application' });
      await expect(vault.protect(cpr)).rejects.toThrow(CitizenErasedError);
    });

    it('redacts CPR numbers put in by or reason, and refuses a CPR number for a pseudonym', async () => {
      const cpr = nextCpr();
      const { pseudonym } = await vault.protect(cpr);
      const erasure = await vault.erase(pseudonym, { by: 'staff:ab12', reason: `asked by ${dashed(cpr)}` });
      expect(erasure.reason).toBe('asked by [cpr-redacted]');
      await expect(vault.erase(cpr, { by: 'x', reason: 'y' })).rejects.toThrow(InvalidPseudonymError);
      await expect(vault.erase(pseudonym, { by: ' ', reason: 'y' })).rejects.toThrow('who');
      expect(await tableDump(pool)).not.toMatch(cprPattern(cpr));
    });

    it("waits for a protect in the caller's open transaction, then shreds the key it made", async () => {
      const cpr = nextCpr();
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        const sealed = await vault.protect(cpr, {}, client);
        const erased = vault.erase(sealed.pseudonym, { by: 'staff:ab12', reason: 'request' });
        await waitForLockWaiters(1);
        await client.query('COMMIT');
        await erased;
        expect(await keyRows(sealed.pseudonym)).toHaveLength(0);
        expect(await vault.reveal(sealed.pseudonym, sealed.cprCiphertext)).toBeNull();
      } finally {
        client.release();
      }
    });

    it('makes a protect that waited on an erasure in flight back out', async () => {
      const cpr = nextCpr();
      const pseudonym = vault.pseudonymOf(cpr);
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        await vault.erase(pseudonym, { by: 'staff:ab12', reason: 'request' }, client);
        const protect = vault.protect(cpr).catch((e: Error) => e);
        await waitForLockWaiters(1);
        await client.query('COMMIT');
        expect(await protect).toBeInstanceOf(CitizenErasedError);
        expect(await keyRows(pseudonym)).toHaveLength(0);
      } finally {
        client.release();
      }
    });

    it('leaves no key for an erased citizen however protect and erase interleave', async () => {
      const cprs = Array.from({ length: 20 }, nextCpr);
      await Promise.all(
        cprs.flatMap((cpr) => [
          vault.protect(cpr).catch(() => undefined),
          vault.erase(vault.pseudonymOf(cpr), { by: 'staff:ab12', reason: 'race' }),
          vault.protect(cpr).catch(() => undefined),
        ]),
      );
      const orphans = await pool.query(
        'SELECT count(*)::int AS n FROM citizen_keys k JOIN citizen_erasures e USING (pseudonym)',
      );
      expect(orphans.rows[0].n).toBe(0);
    });
  });

  async function waitForLockWaiters(n: number) {
    for (let i = 0; i < 250; i++) {
      const r = await pool.query(
        `SELECT count(*)::int AS n FROM pg_stat_activity
         WHERE datname = current_database() AND wait_event_type = 'Lock'`,
      );
      if (r.rows[0].n >= n) return;
      await sleep(20);
    }
    throw new Error(`fewer than ${n} sessions came to wait on a lock`);
  }
});

describe('personal data schema', () => {
  it('can be applied again, even by several processes at once', async () => {
    const db = await createFreshDatabase('personal_data_schema');
    const pools = [1, 2, 3].map(() => new Pool({ connectionString: db.url, max: 1 }));
    try {
      await Promise.all(pools.map((pool) => migratePersonalData(pool)));
      await migratePersonalData(pools[0]!);
      const tables = await pools[0]!.query<{ tablename: string }>(
        "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename",
      );
      expect(tables.rows.map((r) => r.tablename)).toEqual(['citizen_erasures', 'citizen_keys']);
    } finally {
      await Promise.all(pools.map((pool) => pool.end()));
      await db.drop();
    }
  });
});

/** Every row of every table in the database, as text (bytea as hex). */
async function tableDump(pool: Pool): Promise<string> {
  const tables = await pool.query<{ tablename: string }>(
    "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename",
  );
  const rows: string[] = [];
  for (const { tablename } of tables.rows) {
    const r = await pool.query<{ row: string }>(`SELECT t::text AS row FROM "${tablename}" t`);
    rows.push(...r.rows.map((x) => `${tablename}: ${x.row}`));
  }
  return rows.join('\n');
}

function cprPattern(cpr: string): RegExp {
  return new RegExp(`${cpr.slice(0, 6)}\\D?${cpr.slice(6)}`);
}
