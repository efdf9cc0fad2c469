import { randomUUID } from 'node:crypto';
import { Pool } from 'pg';
import { createFreshDatabase, type FreshDatabase } from '@puljeflow/test-support';
import { KeyLookup } from './key-lookup';

describe('KeyLookup (real PostgreSQL)', () => {
  let db: FreshDatabase;
  let pool: Pool;
  let statements = 0;
  beforeAll(async () => {
    db = await createFreshDatabase('api_key_lookup');
    pool = new Pool({ connectionString: db.url, max: 4 });
    // The columns of the api_keys read model this lookup reads.
    await pool.query('CREATE TABLE api_keys (id uuid PRIMARY KEY, municipality_code text NOT NULL, key_hash text UNIQUE NOT NULL, revoked_at timestamptz)');
    for (const [hash, code] of [['h101', '101'], ['h147', '147'], ['h151', '151']]) {
      await pool.query('INSERT INTO api_keys (id, municipality_code, key_hash) VALUES ($1, $2, $3)', [randomUUID(), code, hash]);
    }
    const query = pool.query.bind(pool);
    pool.query = ((...args: Parameters<Pool['query']>) => {
      statements++;
      return query(...args);
    }) as Pool['query'];
  });
  afterAll(async () => {
    await pool.end();
    await db.drop();
  });

  it('answers each lookup, gathering the ones that arrive while a query runs into one statement', async () => {
    const lookup = new KeyLookup(pool);
    statements = 0;
    const hashes = Array.from({ length: 30 }, (_, i) => ['h101', 'h147', 'h151', 'unknown'][i % 4]!);
    const found = await Promise.all(hashes.map((h) => lookup.find(h)));
    expect(found.map((k) => k?.municipalityCode)).toEqual(hashes.map((h) => ({ h101: '101', h147: '147', h151: '151' })[h]));
    expect(found.every((k) => k === undefined || k.revoked === false)).toBe(true);
    // The first lookup goes alone; the 29 that came while it ran go together.
    expect(statements).toBe(2);
  });

  it('a lookup that arrives after a revocation committed sees it, even while an earlier query is running', async () => {
    const lookup = new KeyLookup(pool);
    const before = lookup.find('h147');
    await pool.query(`UPDATE api_keys SET revoked_at = now() WHERE key_hash = 'h147'`);
    const after = await lookup.find('h147');
    expect(after?.revoked).toBe(true);
    expect((await before)?.municipalityCode).toBe('147');
  });

  it('a failing query fails the lookups it carried, and the next ones run again', async () => {
    const broken = new Pool({ connectionString: db.url.replace(/\/[^/]+$/, '/no_such_database'), max: 1 });
    const lookup = new KeyLookup(broken);
    await expect(Promise.all([lookup.find('h101'), lookup.find('h151')])).rejects.toThrow(/no_such_database/);
    await broken.end();
    const healthy = new KeyLookup(pool);
    expect((await healthy.find('h151'))?.municipalityCode).toBe('151');
  });
});
