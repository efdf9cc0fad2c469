import { Client } from 'pg';
import { EVENTS_CHANNEL, retryOnConflict, StreamVersionConflictError, type EventStore } from './index';
import { deferred, eventually, freshEventStore, untilBlockedOnLock, type TestEventStore } from './test/support';

const event = (type: string, data: unknown = {}) => ({ type, data });

describe('EventStore streams', () => {
  let t: TestEventStore;
  let store: EventStore;
  beforeAll(async () => {
    t = await freshEventStore('es_streams');
    store = t.store;
  });
  afterAll(() => t.close());

  it('appends a new stream from position 1, answering the next version, positions and recorded-at', async () => {
    const result = await store.append('s-new', [event('A', { n: 1 }), event('B', [1, 2])], {
      expectedVersion: 'no_stream',
    });
    expect(result).toEqual({
      nextExpectedVersion: 2,
      positions: [expect.stringMatching(/^\d+$/), expect.stringMatching(/^\d+$/)],
      recordedAt: expect.any(Date),
    });
    expect(BigInt(result.positions[1]!) - BigInt(result.positions[0]!)).toBe(1n);

    const { version, events } = await store.readStream('s-new');
    expect(version).toBe(2);
    expect(events).toEqual([
      expect.objectContaining({ streamId: 's-new', streamPosition: 1, type: 'A', data: { n: 1 }, metadata: {} }),
      expect.objectContaining({ streamId: 's-new', streamPosition: 2, type: 'B', data: [1, 2], metadata: {} }),
    ]);
    expect(events.map((e) => e.globalPosition)).toEqual(result.positions);
    expect(events[0]!.recordedAt).toEqual(result.recordedAt);
  });

  it('keeps metadata and gives every event its own server-generated id', async () => {
    await store.append('s-meta', [{ type: 'A', data: null, metadata: { municipalityCode: '0101' } }, event('B')], {
      expectedVersion: 0,
    });
    const { events } = await store.readStream('s-meta');
    expect(events[0]).toMatchObject({ data: null, metadata: { municipalityCode: '0101' } });
    expect(new Set(events.map((e) => e.eventId)).size).toBe(2);
  });

  it('reads a stream in position order, however long', async () => {
    const events = Array.from({ length: 12 }, (_, i) => event(`E${i + 1}`));
    await store.append('s-long', events.slice(0, 9), { expectedVersion: 'no_stream' });
    await store.append('s-long', events.slice(9), { expectedVersion: 9 });
    const read = await store.readStream('s-long');
    expect(read.version).toBe(12);
    expect(read.events.map((e) => e.streamPosition)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
  });

  it('a missing stream has version 0 and no events', async () => {
    expect(await store.readStream('s-missing')).toEqual({ version: 0, events: [] });
  });

  it('rejects a stale expected version with a typed StreamVersionConflictError, appending nothing', async () => {
    await store.append('s-stale', [event('A'), event('B')], { expectedVersion: 'no_stream' });
    const error = await store.append('s-stale', [event('C')], { expectedVersion: 1 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StreamVersionConflictError);
    expect(error).toMatchObject({ streamId: 's-stale', expected: 1, actual: 2 });
    expect((await store.readStream('s-stale')).version).toBe(2);
  });

  it("conflicts on 'no_stream' or a version when the stream is elsewhere, never on 'any'", async () => {
    await store.append('s-any', [event('A')], { expectedVersion: 'any' });
    await expect(store.append('s-any', [event('B')], { expectedVersion: 'no_stream' })).rejects.toMatchObject({
      expected: 'no_stream',
      actual: 1,
    });
    await expect(store.append('s-other', [event('B')], { expectedVersion: 3 })).rejects.toMatchObject({
      expected: 3,
      actual: 0,
    });
    const result = await store.append('s-any', [event('C')], { expectedVersion: 'any' });
    expect(result.nextExpectedVersion).toBe(2);
  });

  it('of two appends racing at the same version, the one that commits first wins and the other conflicts', async () => {
    await store.append('s-race', [event('A')], { expectedVersion: 'no_stream' });
    const firstAppended = deferred();
    const commitFirst = deferred();
    const first = store.transaction(async (tx) => {
      await tx.append('s-race', [event('First')], { expectedVersion: 1 });
      firstAppended.resolve();
      await commitFirst.promise;
    });
    await firstAppended.promise;
    // The second waits for the first's lock on the stream, then sees the version it committed.
    const second = store.append('s-race', [event('Second')], { expectedVersion: 1 }).catch((e: unknown) => e);
    await untilBlockedOnLock(t.pool);
    commitFirst.resolve();
    await first;
    expect(await second).toMatchObject({ name: 'StreamVersionConflictError', expected: 1, actual: 2 });
    expect((await store.readStream('s-race')).events.map((e) => e.type)).toEqual(['A', 'First']);
  });

  it('retryOnConflict decides again on the fresher stream, and gives up after its attempts', async () => {
    await store.append('s-retry', [event('A')], { expectedVersion: 'no_stream' });
    let runs = 0;
    const result = await retryOnConflict(async () => {
      runs += 1;
      const { version } = await store.readStream('s-retry');
      // Another writer slips in before our first append.
      if (runs === 1) await store.append('s-retry', [event('Other')], { expectedVersion: version });
      return store.append('s-retry', [event('Ours')], { expectedVersion: version });
    });
    expect(runs).toBe(2);
    expect(result.nextExpectedVersion).toBe(3);

    let attempts = 0;
    const alwaysStale = () => {
      attempts += 1;
      return store.append('s-retry', [event('Never')], { expectedVersion: 1 });
    };
    await expect(retryOnConflict(alwaysStale, { attempts: 4 })).rejects.toBeInstanceOf(StreamVersionConflictError);
    expect(attempts).toBe(4);
  });

  it('an empty append only checks the expected version', async () => {
    await store.append('s-empty', [event('A')], { expectedVersion: 'no_stream' });
    expect(await store.append('s-empty', [], { expectedVersion: 1 })).toMatchObject({
      nextExpectedVersion: 1,
      positions: [],
    });
    await expect(store.append('s-empty', [], { expectedVersion: 'no_stream' })).rejects.toBeInstanceOf(
      StreamVersionConflictError,
    );
    expect(await store.append('s-empty-none', [], { expectedVersion: 'no_stream' })).toMatchObject({
      nextExpectedVersion: 0,
    });
  });

  it('readStream asOf an instant returns the stream as it was then', async () => {
    const first = await store.append('s-asof', [event('A'), event('B')], { expectedVersion: 'no_stream' });
    // The second append must be recorded at a later millisecond: wait until the database's clock has passed the first's.
    await eventually(async () => {
      const { rows } = await t.pool.query<{ later: boolean }>(`SELECT clock_timestamp() >= $1::timestamptz + interval '1 millisecond' AS later`, [first.recordedAt]);
      if (!rows[0]!.later) throw new Error('the clock has not moved on');
    });
    const second = await store.append('s-asof', [event('C')], { expectedVersion: 2 });
    expect(second.recordedAt.getTime()).toBeGreaterThan(first.recordedAt.getTime());

    const types = async (asOf: Date) => {
      const { version, events } = await store.readStream('s-asof', { asOf });
      return { version, types: events.map((e) => e.type) };
    };
    expect(await types(new Date(first.recordedAt.getTime() - 1))).toEqual({ version: 0, types: [] });
    // The instant an event carries includes that event, though the server keeps microseconds and a Date does not.
    expect(await types(first.recordedAt)).toEqual({ version: 2, types: ['A', 'B'] });
    expect(await types(new Date(second.recordedAt.getTime() - 1))).toEqual({ version: 2, types: ['A', 'B'] });
    expect(await types(second.recordedAt)).toEqual({ version: 3, types: ['A', 'B', 'C'] });
  });
});

describe('EventStore transactions', () => {
  let t: TestEventStore;
  let store: EventStore;
  beforeAll(async () => {
    t = await freshEventStore('es_tx');
    store = t.store;
    await t.pool.query('CREATE TABLE notes (stream_id text, note text)');
  });
  afterAll(() => t.close());

  const notes = async (streamId: string) =>
    (await t.pool.query('SELECT note FROM notes WHERE stream_id = $1', [streamId])).rows.map((r) => r.note);

  it('commits appends and raw SQL together', async () => {
    const result = await store.transaction(async (tx) => {
      await tx.append('tx-a', [event('A')], { expectedVersion: 'no_stream' });
      await tx.append('tx-b', [event('B')], { expectedVersion: 'no_stream' });
      // The transaction sees its own appends before they commit.
      const { version } = await tx.readStream('tx-a');
      await tx.query('INSERT INTO notes VALUES ($1, $2)', ['tx-a', `at ${version}`]);
      return version;
    });
    expect(result).toBe(1);
    expect(await notes('tx-a')).toEqual(['at 1']);
    expect((await store.readStream('tx-b')).version).toBe(1);
  });

  it('rolls back appends and raw SQL together when the function throws', async () => {
    const failing = store.transaction(async (tx) => {
      await tx.append('tx-c', [event('A')], { expectedVersion: 'no_stream' });
      await tx.query('INSERT INTO notes VALUES ($1, $2)', ['tx-c', 'written']);
      throw new Error('changed my mind');
    });
    await expect(failing).rejects.toThrow('changed my mind');
    expect(await notes('tx-c')).toEqual([]);
    expect(await store.readStream('tx-c')).toEqual({ version: 0, events: [] });
    // The stream's version rolled back too: it can still be created.
    await store.append('tx-c', [event('A')], { expectedVersion: 'no_stream' });
  });

  it(`notifies '${EVENTS_CHANNEL}' when an append commits, and not when it rolls back`, async () => {
    const listener = new Client({ connectionString: t.url });
    await listener.connect();
    const heard: string[] = [];
    listener.on('notification', (n) => heard.push(n.channel));
    await listener.query(`LISTEN ${EVENTS_CHANNEL}`);
    try {
      await store
        .transaction(async (tx) => {
          await tx.append('tx-notify', [event('A')], { expectedVersion: 'no_stream' });
          throw new Error('roll back');
        })
        .catch(() => undefined);
      await store.append('tx-notify', [event('A')], { expectedVersion: 'no_stream' });
      // Notifications arrive in commit order: once a marker sent after the append is heard, any notification of the
      // rolled-back transaction would have come before it.
      await listener.query('LISTEN marker');
      await t.pool.query('NOTIFY marker');
      await eventually(async () => expect(heard).toContain('marker'));
      expect(heard).toEqual([EVENTS_CHANNEL, 'marker']);
    } finally {
      await listener.end();
    }
  });
});

describe('settle: reads as of a past instant become final', () => {
  it('waits for a transaction that began before the instant and is still writing, then returns', async () => {
    const { store, pool, close } = await freshEventStore('settle');
    const client = await pool.connect();
    await client.query('BEGIN');
    await client.query(`INSERT INTO streams (stream_id, version) VALUES ('settle-probe', 0)`);
    const instant = new Date(Date.now() + 5);
    await new Promise((r) => setTimeout(r, 20));
    expect(await store.settle(instant, { timeoutMs: 100 })).toBe(false);
    await client.query('COMMIT');
    client.release();
    expect(await store.settle(instant, { timeoutMs: 1000 })).toBe(true);
    await close();
  });
});

describe('lockStream: writers of one stream wait instead of conflicting', () => {
  it('serialises read-decide-append of 8 concurrent writers with no version conflict', async () => {
    const { store, close } = await freshEventStore('lock', 12);
    const writers = Array.from({ length: 8 }, (_, i) =>
      store.transaction(async (tx) => {
        const locked = await tx.lockStream('locked-1');
        const { version } = await tx.readStream('locked-1');
        expect(version).toBe(locked);
        await tx.append('locked-1', [{ type: 'Tick', data: { i } }], { expectedVersion: version });
      }),
    );
    await Promise.all(writers);
    const { version, events } = await store.readStream('locked-1');
    expect(version).toBe(8);
    expect(events.map((e) => e.streamPosition)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    // A locked stream with no events is still new: the first append may expect 'no_stream'.
    await store.transaction(async (tx) => {
      expect(await tx.lockStream('locked-2')).toBe(0);
      await tx.append('locked-2', [{ type: 'First', data: {} }], { expectedVersion: 'no_stream' });
    });
    // …and reading after a known version returns only what is newer.
    const newer = await store.readStream('locked-1', { afterVersion: 6 });
    expect([newer.version, newer.events.map((e) => e.streamPosition)]).toEqual([8, [7, 8]]);
    await close();
  });
});
