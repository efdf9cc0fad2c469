import { StreamVersionConflictError, type EventStore, type EventStoreTransaction } from './index';
import { freshEventStore, type TestEventStore } from './test/support';

const CONNECTIONS = 16;

describe('idempotent', () => {
  let t: TestEventStore;
  let store: EventStore;
  beforeAll(async () => {
    t = await freshEventStore('es_idempotency', CONNECTIONS);
    store = t.store;
  });
  afterAll(() => t.close());

  const eventCount = async (streamId: string) =>
    (await t.pool.query<{ n: number }>('SELECT count(*)::int AS n FROM events WHERE stream_id = $1', [streamId]))
      .rows[0]!.n;

  /** Accepts a submission: appends one event and answers with where it landed. */
  const accept =
    (streamId: string, onRun: () => void = () => undefined) =>
    async (tx: EventStoreTransaction) => {
      onRun();
      const result = await tx.append(streamId, [{ type: 'SubmissionAccepted', data: {} }], { expectedVersion: 'any' });
      return { accepted: true, position: result.positions[0], at: result.recordedAt };
    };

  it('runs the work once; the same key and body again is a duplicate answered with the first outcome', async () => {
    let runs = 0;
    const key = { scope: '0101', key: 'e-1', bodyHash: 'h1' };
    const first = await store.idempotent(key, accept('sub-1', () => runs++));
    const again = await store.idempotent(key, accept('sub-1', () => runs++));

    expect(first).toEqual({
      kind: 'new',
      outcome: { accepted: true, position: expect.any(String), at: expect.any(String) },
    });
    expect(again).toEqual({ kind: 'duplicate', outcome: first.outcome });
    expect(runs).toBe(1);
    expect(await eventCount('sub-1')).toBe(1);
  });

  it('the same key with another body is key_reused, answered with the first outcome, running nothing', async () => {
    const first = await store.idempotent({ scope: '0101', key: 'e-2', bodyHash: 'h1' }, accept('sub-2'));
    let ran = false;
    const reused = await store.idempotent(
      { scope: '0101', key: 'e-2', bodyHash: 'other' },
      accept('sub-2', () => (ran = true)),
    );
    expect(reused).toEqual({ kind: 'key_reused', outcome: first.outcome });
    expect(ran).toBe(false);
    expect(await eventCount('sub-2')).toBe(1);
  });

  it('keys are scoped: the same key in another scope is new', async () => {
    await store.idempotent({ scope: '0101', key: 'e-3', bodyHash: 'h' }, accept('sub-3'));
    const other = await store.idempotent({ scope: '0147', key: 'e-3', bodyHash: 'h' }, accept('sub-3'));
    expect(other.kind).toBe('new');
    expect(await eventCount('sub-3')).toBe(2);
  });

  it('work that fails records nothing, and the key is free again', async () => {
    const key = { scope: '0101', key: 'e-4', bodyHash: 'h' };
    const failing = store.idempotent(key, async (tx) => {
      await accept('sub-4')(tx);
      throw new Error('rejected by the bank');
    });
    await expect(failing).rejects.toThrow('rejected by the bank');
    expect(await eventCount('sub-4')).toBe(0);
    expect(await store.lookupIdempotencyKey('0101', 'e-4')).toBeNull();
    expect((await store.idempotent(key, accept('sub-4'))).kind).toBe('new');
  });

  it('a version conflict inside runs the whole transaction again', async () => {
    await store.append('sub-5', [{ type: 'Opened', data: {} }], { expectedVersion: 'no_stream' });
    let runs = 0;
    const result = await store.idempotent({ scope: '0101', key: 'e-5', bodyHash: 'h' }, async (tx) => {
      runs += 1;
      const { version } = await tx.readStream('sub-5');
      // Someone else appends between our read and our append, the first time round.
      if (runs === 1) await store.append('sub-5', [{ type: 'Other', data: {} }], { expectedVersion: version });
      const appended = await tx.append('sub-5', [{ type: 'Ours', data: {} }], { expectedVersion: version });
      return { version: appended.nextExpectedVersion };
    });
    expect(runs).toBe(2);
    expect(result).toEqual({ kind: 'new', outcome: { version: 3 } });
  });

  it('gives up after a few conflicts, recording nothing', async () => {
    await store.append('sub-6', [{ type: 'Opened', data: {} }], { expectedVersion: 'no_stream' });
    const stale = store.idempotent({ scope: '0101', key: 'e-6', bodyHash: 'h' }, (tx) =>
      tx.append('sub-6', [{ type: 'Ours', data: {} }], { expectedVersion: 0 }),
    );
    await expect(stale).rejects.toBeInstanceOf(StreamVersionConflictError);
    expect(await store.lookupIdempotencyKey('0101', 'e-6')).toBeNull();
  });

  it('lookupIdempotencyKey returns the recorded outcome, or null for an unused key', async () => {
    await store.idempotent({ scope: '0101', key: 'e-7', bodyHash: 'h' }, async () => ({ status: 'accepted' }));
    expect(await store.lookupIdempotencyKey('0101', 'e-7')).toEqual({ status: 'accepted' });
    expect(await store.lookupIdempotencyKey('0101', 'never')).toBeNull();
  });

  it('the same eventId sent by 16 connections at once is recorded exactly once; the others get duplicate', async () => {
    // Every connection open before the race, so the 16 calls reach the database together.
    const clients = await Promise.all(Array.from({ length: CONNECTIONS }, () => t.pool.connect()));
    clients.forEach((c) => c.release());

    let runs = 0;
    const key = { scope: '0101', key: 'e-race', bodyHash: 'h' };
    const results = await Promise.all(
      Array.from({ length: CONNECTIONS }, () =>
        store.idempotent(key, async (tx) => {
          runs += 1;
          // The barrier: the winner holds its claim until all 15 others are blocked on the key, so they really race.
          await waitForBlockedBackends(tx, CONNECTIONS - 1);
          return accept('sub-race')(tx);
        }),
      ),
    );

    expect(runs).toBe(1);
    expect(results.filter((r) => r.kind === 'new')).toHaveLength(1);
    expect(results.filter((r) => r.kind === 'duplicate')).toHaveLength(CONNECTIONS - 1);
    const winner = results.find((r) => r.kind === 'new')!;
    for (const r of results) expect(r.outcome).toEqual(winner.outcome);
    expect(await eventCount('sub-race')).toBe(1);
  }, 30_000);
});

async function waitForBlockedBackends(tx: EventStoreTransaction, count: number) {
  const deadline = Date.now() + 10_000;
  for (;;) {
    // Within a transaction pg_stat_activity is read once and kept, unless we ask for a fresh look.
    await tx.query('SELECT pg_stat_clear_snapshot()');
    const r = await tx.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM pg_stat_activity
       WHERE datname = current_database() AND wait_event_type = 'Lock' AND query LIKE 'INSERT INTO idempotency_keys%'`,
    );
    if (r.rows[0]!.n >= count) return;
    if (Date.now() > deadline) throw new Error(`only ${r.rows[0]!.n} of ${count} racers blocked on the key`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
