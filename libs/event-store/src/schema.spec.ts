import { Pool } from 'pg';
import { EventStore, migrateEventStore } from './index';
import { createFreshDatabase, freshEventStore, type TestEventStore } from './test/support';

describe('event store schema', () => {
  let t: TestEventStore;
  beforeAll(async () => (t = await freshEventStore('es_schema')));
  afterAll(() => t.close());

  it('can be applied again, even by several processes at once, without changing anything', async () => {
    const db = await createFreshDatabase('es_schema_twice');
    const pools = [1, 2, 3].map(() => new Pool({ connectionString: db.url, max: 1 }));
    try {
      await Promise.all(pools.map((pool) => migrateEventStore(pool)));
      await migrateEventStore(pools[0]!);
      const tables = await pools[0]!.query<{ tablename: string }>(
        "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename",
      );
      expect(tables.rows.map((r) => r.tablename)).toEqual([
        'events',
        'idempotency_keys',
        'projection_checkpoints',
        'streams',
      ]);
    } finally {
      await Promise.all(pools.map((pool) => pool.end()));
      await db.drop();
    }
  });

  it('stamps each event with its transaction id, a server-generated event id and the recorded-at instant', async () => {
    await new EventStore(t.pool).append('schema-1', [{ type: 'A', data: {} }], { expectedVersion: 'no_stream' });
    const r = await t.pool.query(
      `SELECT transaction_id::text, event_id::text, metadata, recorded_at FROM events WHERE stream_id = 'schema-1'`,
    );
    expect(r.rows[0]).toEqual({
      transaction_id: expect.stringMatching(/^\d+$/),
      event_id: expect.stringMatching(/^[0-9a-f-]{36}$/),
      metadata: {},
      recorded_at: expect.any(Date),
    });
  });

  it.each([
    ['UPDATE', "UPDATE events SET type = 'Other'"],
    ['DELETE', 'DELETE FROM events'],
    ['TRUNCATE', 'TRUNCATE events'],
  ])('refuses %s on events: they are append-only', async (operation, sql) => {
    await expect(t.pool.query(sql)).rejects.toThrow(`events are append-only: ${operation} refused`);
  });

  it('keeps stream positions unique', async () => {
    await new EventStore(t.pool).append('schema-2', [{ type: 'A', data: {} }], { expectedVersion: 'no_stream' });
    await expect(
      t.pool.query(`INSERT INTO events (stream_id, stream_position, type, data) VALUES ('schema-2', 1, 'B', '{}')`),
    ).rejects.toThrow(/duplicate key/);
  });
});
