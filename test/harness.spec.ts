import { createFreshDatabase } from '@puljeflow/test-support';
import { Client } from 'pg';
describe('test harness', () => {
  it('gives each test file a fresh, empty database on a real PostgreSQL server', async () => {
    const db = await createFreshDatabase('harness');
    const c = new Client({ connectionString: db.url });
    await c.connect();
    const r = await c.query("select count(*)::int as n from pg_tables where schemaname = 'public'");
    await c.end();
    await db.drop();
    expect(r.rows[0].n).toBe(0);
  });
});
