import {
  ExpectationFailedError,
  IdempotencyKeyTakenError,
  NotDecidableAheadError,
  outcomeKey,
  retryTransaction,
  StreamVersionConflictError,
  WriteBatch,
  type EventStore,
  type EventStoreTransaction,
} from './index';
import { countingWrites as countWritesOf } from '@puljeflow/test-support';
import { deferred, freshEventStore, untilBlockedOnLock, type TestEventStore } from './test/support';

describe('WriteBatch (group commit)', () => {
  let t: TestEventStore;
  let store: EventStore;
  beforeAll(async () => {
    t = await freshEventStore('es_write_batch', 8);
    store = t.store;
  });
  afterAll(() => t.close());

  const stored = async (streamId: string) =>
    (await t.pool.query<{ p: string; type: string }>('SELECT stream_position::text AS p, type FROM events WHERE stream_id = $1 ORDER BY stream_position', [streamId])).rows;

  it('reads see the batch’s own appends after the stored events, marked uncommitted, and nothing is written before flush', async () => {
    await store.append('wb-a', [{ type: 'Stored', data: { n: 1 } }], { expectedVersion: 'no_stream' });
    await store.transaction(async (tx) => {
      const batch = new WriteBatch(tx);
      expect(await batch.lockStream('wb-a')).toBe(1);
      await batch.append('wb-a', [{ type: 'Mine', data: { n: 2 } }], 1);
      const read = await batch.readStream('wb-a');
      expect(read.version).toBe(2);
      expect(read.uncommitted).toBe(1);
      expect(read.events.map((e) => [e.streamPosition, e.type])).toEqual([
        [1, 'Stored'],
        [2, 'Mine'],
      ]);
      // From the stored version on: only our own event, and no statement needed to know it.
      const tail = await batch.readStream('wb-a', { afterVersion: 1 });
      expect(tail.events.map((e) => e.type)).toEqual(['Mine']);
      expect(await batch.lockStream('wb-a')).toBe(2);
      const before = await tx.query<{ n: number }>(`SELECT count(*)::int AS n FROM events WHERE stream_id = 'wb-a'`);
      expect(before.rows[0]!.n).toBe(1);
      await batch.flush();
      // Written now, but not committed until the transaction is: still uncommitted to a cache.
      const after = await batch.readStream('wb-a');
      expect(after.events.map((e) => [e.type, e.globalPosition === ''])).toEqual([
        ['Stored', false],
        ['Mine', false],
      ]);
      expect(after.uncommitted).toBe(1);
      expect(after.version).toBe(2);
    });
    expect(await stored('wb-a')).toEqual([
      { p: '1', type: 'Stored' },
      { p: '2', type: 'Mine' },
    ]);
  });

  it('reads a stream it has not locked once per batch: later reads answer from that read, newer commits unseen', async () => {
    await store.append('wb-ro', [{ type: 'R1', data: {} }, { type: 'R2', data: {} }], { expectedVersion: 'no_stream' });
    let statements = 0;
    await store.transaction(async (tx) => {
      const counted = { ...tx, readStream: (id: string, o?: object) => (statements++, tx.readStream(id, o)) } as typeof tx;
      const batch = new WriteBatch(counted);
      expect((await batch.readStream('wb-ro', { afterVersion: 1 })).events.map((e) => e.type)).toEqual(['R2']);
      // Another transaction commits a third event meanwhile.
      await store.append('wb-ro', [{ type: 'R3', data: {} }], { expectedVersion: 2 });
      const again = await batch.readStream('wb-ro', { afterVersion: 1 });
      expect([again.version, again.events.map((e) => e.type)]).toEqual([2, ['R2']]);
      expect(await batch.readStream('wb-ro', { afterVersion: 2 })).toEqual({ version: 2, events: [] });
      expect(statements).toBe(1);
      // Asking for more than the first read covered (from an earlier position) goes to the database again.
      expect((await batch.readStream('wb-ro', { afterVersion: 0 })).events.map((e) => e.type)).toEqual(['R1', 'R2', 'R3']);
      expect(statements).toBe(2);
    });
  });

  it('checks expectations in memory against the locked version plus the batch’s appends', async () => {
    await store.transaction(async (tx) => {
      const batch = new WriteBatch(tx);
      await batch.append('wb-b', [{ type: 'One', data: {} }], 'no_stream');
      await expect(batch.append('wb-b', [{ type: 'Two', data: {} }], 'no_stream')).rejects.toBeInstanceOf(StreamVersionConflictError);
      await batch.append('wb-b', [{ type: 'Two', data: {} }], 1);
      await batch.append('wb-b', [{ type: 'Three', data: {} }], 'any');
      await batch.flush();
    });
    expect((await stored('wb-b')).map((r) => r.type)).toEqual(['One', 'Two', 'Three']);
    const version = await t.pool.query<{ v: string }>(`SELECT version::text AS v FROM streams WHERE stream_id = 'wb-b'`);
    expect(version.rows[0]!.v).toBe('3');
  });

  it('gives global positions in append order across streams, and tells each append where it landed', async () => {
    const landed = await store.transaction(async (tx) => {
      const batch = new WriteBatch(tx);
      const first = await batch.append('wb-y', [{ type: 'A', data: {} }], 'any');
      const second = await batch.append('wb-x', [{ type: 'B', data: {} }, { type: 'C', data: {} }], 'any');
      const third = await batch.append('wb-y', [{ type: 'D', data: {} }], 'any');
      const { positionsOf } = await batch.flush();
      return [first, second, third].map((a) => positionsOf(a));
    });
    const flat = landed.flat().map(BigInt);
    expect(flat).toHaveLength(4);
    expect([...flat].sort((a, b) => (a < b ? -1 : 1))).toEqual(flat);
    const rows = await t.pool.query<{ g: string; type: string }>(`SELECT global_position::text AS g, type FROM events WHERE stream_id IN ('wb-x', 'wb-y') ORDER BY global_position`);
    expect(rows.rows.map((r) => r.type)).toEqual(['A', 'B', 'C', 'D']);
    expect(rows.rows.map((r) => r.g)).toEqual(landed.flat());
  });

  it('a rollback leaves nothing: no events, no versions moved', async () => {
    await expect(
      store.transaction(async (tx) => {
        const batch = new WriteBatch(tx);
        await batch.append('wb-c', [{ type: 'Gone', data: {} }], 'no_stream');
        await batch.flush();
        throw new Error('changed my mind');
      }),
    ).rejects.toThrow('changed my mind');
    expect(await stored('wb-c')).toEqual([]);
  });

  it('a second writer of a locked stream waits for the batch and then sees its events', async () => {
    const order: string[] = [];
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    await store.append('wb-d', [{ type: 'Zero', data: {} }], { expectedVersion: 'no_stream' });
    const holding = deferred();
    const batchDone = store.transaction(async (tx) => {
      const batch = new WriteBatch(tx);
      await batch.append('wb-d', [{ type: 'First', data: {} }], 1);
      holding.resolve();
      await held;
      await batch.flush();
      order.push('batch');
    });
    await holding.promise;
    const other = store
      .transaction(async (tx) => {
        const version = await tx.lockStream('wb-d');
        await tx.append('wb-d', [{ type: 'Second', data: {} }], { expectedVersion: version });
      })
      .then(() => order.push('other'));
    await untilBlockedOnLock(t.pool);
    expect(order).toEqual([]);
    release();
    await Promise.all([batchDone, other]);
    expect(order).toEqual(['batch', 'other']);
    expect((await stored('wb-d')).map((r) => r.type)).toEqual(['Zero', 'First', 'Second']);
  });
});

describe('WriteBatch outcomes (idempotency keys recorded with the events)', () => {
  let t: TestEventStore;
  beforeAll(async () => {
    t = await freshEventStore('es_outcomes', 17);
  });
  afterAll(() => t.close());

  it('records outcomes with the position of their append, finds them by scope and key, and locks in one statement', async () => {
    await t.store.transaction(async (tx) => {
      const batch = new WriteBatch(tx);
      expect((await batch.start({ lock: ['o-1'], keys: [{ scope: '101', key: 'k1' }] })).size).toBe(0);
      const append = await batch.append('o-1', [{ type: 'Decided', data: {} }], 'no_stream');
      const { positionsOf, recorded } = await batch.flush([
        { scope: '101', key: 'k1', bodyHash: 'h1', outcome: { status: 'accepted' }, positionOf: append },
        { scope: '147', key: 'k1', bodyHash: 'h2', outcome: { status: 'rejected' } },
      ]);
      expect(positionsOf(append)).toHaveLength(1);
      // Given back as stored: the position filled in where an append was named.
      expect(recorded.get(outcomeKey('101', 'k1'))).toEqual({ status: 'accepted', position: positionsOf(append)[0] });
      expect(recorded.get(outcomeKey('147', 'k1'))).toEqual({ status: 'rejected' });
    });
    const found = await t.store.transaction((tx) =>
      new WriteBatch(tx).start<{ status: string; position?: string }>({
        lock: [],
        keys: [
          { scope: '101', key: 'k1' },
          { scope: '147', key: 'k1' },
          { scope: '101', key: 'nope' },
        ],
      }),
    );
    expect(found.size).toBe(2);
    const position = (await t.pool.query<{ g: string }>(`SELECT global_position::text AS g FROM events WHERE stream_id = 'o-1'`)).rows[0]!.g;
    expect(found.get(outcomeKey('101', 'k1'))).toEqual({ scope: '101', key: 'k1', bodyHash: 'h1', outcome: { status: 'accepted', position } });
    expect(found.get(outcomeKey('147', 'k1'))).toEqual({ scope: '147', key: 'k1', bodyHash: 'h2', outcome: { status: 'rejected' } });
  });

  it('of 16 transactions deciding the same key at once, exactly one commits; the others wait for it, then find it', async () => {
    // Every connection open before the race, so the 16 reach the database together.
    const clients = await Promise.all(Array.from({ length: 16 }, () => t.pool.connect()));
    clients.forEach((c) => c.release());
    const commits: number[] = [];
    const answers = await Promise.all(
      Array.from({ length: 16 }, (_, i) =>
        retryTransaction(() =>
          t.store.transaction(async (tx) => {
            const batch = new WriteBatch(tx);
            const known = (await batch.start<{ by: number }>({ lock: [], keys: [{ scope: '101', key: 'race' }] })).get(outcomeKey('101', 'race'));
            if (known) return known.outcome.by;
            await batch.append(`race-${i}`, [{ type: 'Decided', data: { by: i } }], 'no_stream');
            await batch.flush([{ scope: '101', key: 'race', bodyHash: 'h', outcome: { by: i } }]);
            // The barrier: the first to write the key holds it until the 15 others are blocked on it, so they really race.
            if (commits.length === 0) await waitForBlockedFlushes(tx, 15);
            commits.push(i);
            return i;
          }),
        ),
      ),
    );
    expect(commits).toHaveLength(1);
    expect(new Set(answers)).toEqual(new Set([commits[0]]));
    const events = await t.pool.query<{ n: number }>(`SELECT count(*)::int AS n FROM events WHERE stream_id LIKE 'race-%'`);
    expect(events.rows[0]!.n).toBe(1);
  }, 30_000);

  it('lookupIdempotencyKey returns the recorded outcome, or null for an unused key', async () => {
    await t.store.transaction((tx) => new WriteBatch(tx).flush([{ scope: '101', key: 'looked-up', bodyHash: 'h', outcome: { status: 'accepted' } }]));
    expect(await t.store.lookupIdempotencyKey('101', 'looked-up')).toEqual({ status: 'accepted' });
    expect(await t.store.lookupIdempotencyKey('101', 'never')).toBeNull();
  });

  it("a key taken by a committed transaction is an IdempotencyKeyTakenError, and the batch's events go with the rollback", async () => {
    const record = (value: number) =>
      t.store.transaction(async (tx) => {
        const batch = new WriteBatch(tx);
        await batch.append('taken-stream', [{ type: 'Decided', data: { value } }], 'any');
        await batch.flush([{ scope: '101', key: 'taken', bodyHash: 'h', outcome: { value } }]);
      });
    await record(1);
    await expect(record(2)).rejects.toBeInstanceOf(IdempotencyKeyTakenError);
    const rows = await t.pool.query<{ value: number }>(`SELECT (data->>'value')::int AS value FROM events WHERE stream_id = 'taken-stream'`);
    expect(rows.rows.map((r) => r.value)).toEqual([1]);
  });

  it('start locks streams: a writer of a stream the batch started with waits for its commit', async () => {
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    const order: string[] = [];
    const holding = deferred();
    const batchDone = t.store.transaction(async (tx) => {
      await new WriteBatch(tx).start({ lock: ['held-1', 'held-0'], keys: [] });
      holding.resolve();
      await held;
      order.push('batch');
    });
    await holding.promise;
    const other = t.store.transaction((tx) => tx.lockStream('held-1')).then(() => order.push('other'));
    await untilBlockedOnLock(t.pool);
    expect(order).toEqual([]);
    release();
    await Promise.all([batchDone, other]);
    expect(order).toEqual(['batch', 'other']);
  });
});

describe('EventStore.writeBatch (the batch owns its transaction; BEGIN and COMMIT travel with its statements)', () => {
  let t: TestEventStore;
  beforeAll(async () => {
    t = await freshEventStore('es_own_batch', 4);
  });
  afterAll(() => t.close());

  const stored = async (streamId: string) =>
    (await t.pool.query<{ type: string }>('SELECT type FROM events WHERE stream_id = $1 ORDER BY stream_position', [streamId])).rows.map((r) => r.type);
  const keyStored = async (key: string) => (await t.pool.query('SELECT 1 FROM idempotency_keys WHERE key = $1', [key])).rowCount;
  const openTransactions = async () =>
    (
      await t.pool.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND state LIKE 'idle in transaction%'`,
      )
    ).rows[0]!.n;

  const countingWrites = <T>(fn: () => Promise<T>) => countWritesOf(t.pool, fn);

  it('on a pipelined pool, start + decisions + flush({ commit }) is two writes to the database: BEGIN with start, COMMIT with flush', async () => {
    const { result, writes } = await countingWrites(() =>
      t.store.writeBatch(async (batch) => {
        await batch.start({ lock: ['own-a'], keys: [{ scope: 's', key: 'own-k1' }] });
        const at = await batch.append('own-a', [{ type: 'One', data: {} }], 'any');
        const { recorded } = await batch.flush([{ scope: 's', key: 'own-k1', bodyHash: 'h', outcome: { status: 'accepted' }, positionOf: at }], { commit: true });
        return recorded.get(outcomeKey('s', 'own-k1'));
      }),
    );
    expect(writes).toBe(2);
    expect(result).toEqual({ status: 'accepted', position: expect.stringMatching(/^\d+$/) });
    expect(await stored('own-a')).toEqual(['One']);
    expect(await keyStored('own-k1')).toBe(1);
    expect(await openTransactions()).toBe(0);
  });

  it('startWith sends its statement in the same write as BEGIN and start, inside the transaction, and gives its rows', async () => {
    const { result, writes } = await countingWrites(() =>
      t.store.writeBatch(async (batch) => {
        const { rows } = await batch.startWith<unknown, { began: Date; n: number }>(
          { name: 'own-alongside', text: 'SELECT now() AS began, $1::int AS n', values: [7] },
          { lock: ['own-h'], keys: [] },
        );
        await new Promise((r) => setTimeout(r, 20));
        const { rows: later } = await batch.query<{ now: Date }>('SELECT now()');
        return { rows, later: later[0]!.now };
      }),
    );
    expect(writes).toBe(3); // BEGIN + the statement + start; the later query; COMMIT
    expect(result.rows).toEqual([{ began: expect.any(Date), n: 7 }]);
    // now() is the transaction's start: the later statement (20 ms on) is in the same transaction.
    expect(result.later.getTime()).toBe(result.rows[0]!.began.getTime());
  });

  it('commits when fn returns if the flush did not take COMMIT along, and a batch that sent nothing began nothing', async () => {
    await t.store.writeBatch(async (batch) => {
      await batch.start({ lock: ['own-b'], keys: [] });
      await batch.append('own-b', [{ type: 'One', data: {} }], 'any');
      await batch.flush();
      // Not committed yet: another connection does not see it.
      expect(await stored('own-b')).toEqual([]);
    });
    expect(await stored('own-b')).toEqual(['One']);
    const { writes } = await countingWrites(() => t.store.writeBatch(async () => 'nothing to do'));
    expect(writes).toBe(0);
  });

  it('a batch whose first statement is not start begins its transaction first (its reads and locks are transactional)', async () => {
    await t.store.append('own-c', [{ type: 'Zero', data: {} }], { expectedVersion: 'no_stream' });
    const release = deferred();
    const holding = deferred();
    const batchDone = t.store.writeBatch(async (batch) => {
      expect(await batch.lockStream('own-c')).toBe(1);
      await batch.append('own-c', [{ type: 'Mine', data: {} }], 1);
      await batch.flush();
      holding.resolve();
      await release.promise;
    });
    await holding.promise;
    // The lock is held by an open transaction: a second writer waits until the batch commits.
    const other = t.store.transaction(async (tx) => tx.lockStream('own-c'));
    await untilBlockedOnLock(t.pool);
    release.resolve();
    await batchDone;
    expect(await other).toBe(2);
    expect(await stored('own-c')).toEqual(['Zero', 'Mine']);
  });

  it('a flush sent with COMMIT that fails leaves nothing, throws its own error, and the connection goes back clean', async () => {
    await t.store.writeBatch(async (batch) => {
      const at = await batch.append('own-d', [{ type: 'First', data: {} }], 'any');
      await batch.flush([{ scope: 's', key: 'own-taken', bodyHash: 'h', outcome: { status: 'accepted' }, positionOf: at }], { commit: true });
    });
    const failed = t.store.writeBatch(async (batch) => {
      await batch.start({ lock: ['own-e'], keys: [] });
      const at = await batch.append('own-e', [{ type: 'Lost', data: {} }], 'any');
      await batch.flush([{ scope: 's', key: 'own-taken', bodyHash: 'h', outcome: { status: 'accepted' }, positionOf: at }], { commit: true });
    });
    await expect(failed).rejects.toBeInstanceOf(IdempotencyKeyTakenError);
    expect(await stored('own-e')).toEqual([]);
    expect(await openTransactions()).toBe(0);
    // Every connection of the pool still works (none was left inside an aborted transaction).
    const answers = await Promise.all(Array.from({ length: 4 }, () => t.store.writeBatch(async (b) => (await b.query<{ one: number }>('SELECT 1 AS one')).rows[0]!.one)));
    expect(answers).toEqual([1, 1, 1, 1]);
  });

  it('an error in fn rolls back what the batch flushed; after a commit the batch refuses further statements', async () => {
    await expect(
      t.store.writeBatch(async (batch) => {
        await batch.start({ lock: ['own-f'], keys: [] });
        await batch.append('own-f', [{ type: 'Gone', data: {} }], 'any');
        await batch.flush();
        throw new Error('decided otherwise');
      }),
    ).rejects.toThrow('decided otherwise');
    expect(await stored('own-f')).toEqual([]);
    let kept: WriteBatch | undefined;
    await t.store.writeBatch(async (batch) => {
      kept = batch;
      await batch.start({ lock: ['own-g'], keys: [] });
      await batch.append('own-g', [{ type: 'Kept', data: {} }], 'any');
      await batch.flush([], { commit: true });
    });
    await expect(kept!.query('SELECT 1')).rejects.toThrow('this batch has committed');
    expect(await stored('own-g')).toEqual(['Kept']);
  });

  describe('decided ahead (expect)', () => {
    /** A batch decided ahead that appends one event to `streamId` (known at `version`) under key `key`. */
    const ahead = (streamId: string, version: number | undefined, key: string, requirement?: { name: string; text: string; values: unknown[] }) =>
      t.store.writeBatch(async (batch) => {
        batch.expect({ versionOf: (id) => (id === streamId ? version : undefined), keys: [{ scope: 'ahead', key }], ...(requirement ? { requirement } : {}) });
        const at = await batch.append(streamId, [{ type: 'Ahead', data: { key } }], version ?? 0);
        const { recorded } = await batch.flush([{ scope: 'ahead', key, bodyHash: 'h', outcome: { status: 'accepted' }, positionOf: at }], { commit: true });
        return { outcome: recorded.get(outcomeKey('ahead', key)), versions: batch.versions() };
      });

    it('sends BEGIN, the checks, the writes and COMMIT in one write to the database, and commits', async () => {
      await t.store.append('ahead-a', [{ type: 'Stored', data: {} }], { expectedVersion: 'no_stream' });
      const { result, writes } = await countingWrites(() => ahead('ahead-a', 1, 'ahead-k1'));
      expect(writes).toBe(1);
      expect(result.outcome).toEqual({ status: 'accepted', position: expect.stringMatching(/^\d+$/) });
      expect(result.versions).toEqual(new Map([['ahead-a', 2]]));
      expect(await stored('ahead-a')).toEqual(['Stored', 'Ahead']);
      expect(await keyStored('ahead-k1')).toBe(1);
      expect(await openTransactions()).toBe(0);
      // A new stream expected at version 0 is created.
      await ahead('ahead-new', 0, 'ahead-k2');
      expect(await stored('ahead-new')).toEqual(['Ahead']);
    });

    it('a stream that moved since: ExpectationFailedError, nothing written, the connection clean', async () => {
      await t.store.append('ahead-b', [{ type: 'One', data: {} }, { type: 'Two', data: {} }], { expectedVersion: 'no_stream' });
      await expect(ahead('ahead-b', 1, 'ahead-k3')).rejects.toMatchObject({ name: 'ExpectationFailedError', code: 'PF001' });
      // A stream expected to be new that exists already.
      await expect(ahead('ahead-b', 0, 'ahead-k3')).rejects.toBeInstanceOf(ExpectationFailedError);
      expect(await stored('ahead-b')).toEqual(['One', 'Two']);
      expect(await keyStored('ahead-k3')).toBe(0);
      expect(await openTransactions()).toBe(0);
      await ahead('ahead-b', 2, 'ahead-k3');
      expect(await stored('ahead-b')).toEqual(['One', 'Two', 'Ahead']);
    });

    it('a key with an outcome recorded already: ExpectationFailedError, nothing written', async () => {
      await ahead('ahead-c', 0, 'ahead-k4');
      await expect(ahead('ahead-c', 1, 'ahead-k4')).rejects.toMatchObject({ name: 'ExpectationFailedError', code: 'PF002' });
      expect(await stored('ahead-c')).toEqual(['Ahead']);
    });

    it("the caller's requirement is checked in the transaction: unmet, nothing is written", async () => {
      const requirement = (ok: boolean) => ({ name: 'ahead-requirement', text: "SELECT event_store_require($1::boolean, 'the test says so')", values: [ok] });
      await expect(ahead('ahead-d', 0, 'ahead-k5', requirement(false))).rejects.toMatchObject({ name: 'ExpectationFailedError', code: 'PF003' });
      expect(await stored('ahead-d')).toEqual([]);
      expect(await keyStored('ahead-k5')).toBe(0);
      await ahead('ahead-d', 0, 'ahead-k5', requirement(true));
      expect(await keyStored('ahead-k5')).toBe(1);
    });

    it('a decision that needs the database (a version not known, a read, a query) sends nothing: NotDecidableAheadError', async () => {
      await t.store.append('ahead-e', [{ type: 'Stored', data: {} }], { expectedVersion: 'no_stream' });
      const { writes } = await countingWrites(async () => {
        await expect(ahead('ahead-e', undefined, 'ahead-k6')).rejects.toBeInstanceOf(NotDecidableAheadError);
        const decidedAhead = (fn: (batch: WriteBatch) => Promise<unknown>) =>
          t.store.writeBatch(async (batch) => {
            batch.expect({ versionOf: () => 0, keys: [] });
            return fn(batch);
          });
        // A stream it does not lock, and the events of a locked one before the version it knows, are not in memory.
        await expect(decidedAhead((b) => b.readStream('ahead-e'))).rejects.toBeInstanceOf(NotDecidableAheadError);
        const known = (version: number) => (b: WriteBatch) => b.lockStream('ahead-e').then(() => b.readStream('ahead-e', { afterVersion: version }));
        await expect(decidedAhead(known(-1))).rejects.toThrow('events of ahead-e after -1 are not known');
        await expect(decidedAhead((b) => b.query('SELECT 1'))).rejects.toBeInstanceOf(NotDecidableAheadError);
        await expect(decidedAhead((b) => b.start({ lock: [], keys: [] }))).rejects.toThrow('decided ahead');
        // A stream it knows at a version, with nothing of the database needed: answered from memory.
        expect(await decidedAhead((b) => known(0)(b).then((r) => r.version))).toBe(0);
      });
      expect(writes).toBe(0);
      expect(await keyStored('ahead-k6')).toBe(0);
    });

    it('two writers decided ahead from the same version: one commits, the other is refused and writes nothing', async () => {
      await t.store.append('ahead-f', [{ type: 'Stored', data: {} }], { expectedVersion: 'no_stream' });
      const results = await Promise.allSettled(Array.from({ length: 8 }, (_, i) => ahead('ahead-f', 1, `ahead-race-${i}`)));
      expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
      for (const r of results.filter((r) => r.status === 'rejected')) expect((r as PromiseRejectedResult).reason).toBeInstanceOf(ExpectationFailedError);
      expect(await stored('ahead-f')).toEqual(['Stored', 'Ahead']);
      expect(await openTransactions()).toBe(0);
    });
  });

  it('flush({ commit: true }) is refused on a batch over a transaction it does not own', async () => {
    await expect(t.store.transaction((tx) => new WriteBatch(tx).flush([], { commit: true }))).rejects.toThrow('owns its transaction');
  });
});

async function waitForBlockedFlushes(tx: EventStoreTransaction, count: number) {
  const deadline = Date.now() + 10_000;
  for (;;) {
    // Within a transaction pg_stat_activity is read once and kept, unless we ask for a fresh look.
    await tx.query('SELECT pg_stat_clear_snapshot()');
    const r = await tx.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM pg_stat_activity
       WHERE datname = current_database() AND wait_event_type = 'Lock' AND query LIKE '%INSERT INTO idempotency_keys%'`,
    );
    if (r.rows[0]!.n >= count) return;
    if (Date.now() > deadline) throw new Error(`only ${r.rows[0]!.n} of ${count} racers blocked on the key`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
