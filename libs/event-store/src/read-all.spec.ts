import fc from 'fast-check';
import { decodeCursor, encodeCursor } from './cursor';
import { compareCursors, type EventStore, type RecordedEvent } from './index';
import { waitUntilReadable } from './read-all';
import { deferred, freshEventStore, type TestEventStore } from './test/support';

const event = (type: string) => ({ type, data: {} });
const streamsOf = (events: RecordedEvent[]) => events.map((e) => `${e.streamId}/${e.type}`);

describe('readAll: the global order', () => {
  let t: TestEventStore;
  let store: EventStore;
  beforeEach(async () => {
    t = await freshEventStore('es_read_all');
    store = t.store;
  });
  afterEach(() => t.close());

  it('follows the global order across streams, page by page from a cursor', async () => {
    await store.append('a', [event('A1'), event('A2')], { expectedVersion: 'no_stream' });
    await store.append('b', [event('B1')], { expectedVersion: 'no_stream' });
    await store.append('a', [event('A3')], { expectedVersion: 2 });
    // Writers in other databases on this server (other test files) may hold the horizon back for a moment.
    await waitUntilReadable(t.pool);

    const all = await store.readAll();
    expect(streamsOf(all)).toEqual(['a/A1', 'a/A2', 'b/B1', 'a/A3']);
    for (let i = 1; i < all.length; i++) expect(compareCursors(all[i - 1]!.cursor, all[i]!.cursor)).toBeLessThan(0);

    const pages: string[][] = [];
    let after: string | null = null;
    for (;;) {
      const page: RecordedEvent[] = await store.readAll({ after, limit: 3 });
      if (page.length === 0) break;
      pages.push(streamsOf(page));
      after = page.at(-1)!.cursor;
    }
    expect(pages).toEqual([['a/A1', 'a/A2', 'b/B1'], ['a/A3']]);
  });

  it('pages of any size add up to the whole order: by transaction, then by position', async () => {
    for (let i = 0; i < 4; i++) {
      await store.transaction(async (tx) => {
        await tx.append(`p-${i}`, Array.from({ length: 11 }, () => event('E')), { expectedVersion: 'no_stream' });
        await tx.append('shared', [event('S')], { expectedVersion: 'any' });
      });
    }
    await waitUntilReadable(t.pool);
    const inDatabase = await t.pool.query('SELECT event_id FROM events ORDER BY transaction_id, global_position');
    for (const limit of [1, 5, 12, 100]) {
      const ids: string[] = [];
      let after: string | null = null;
      for (;;) {
        const page: RecordedEvent[] = await store.readAll({ after, limit });
        if (page.length === 0) break;
        ids.push(...page.map((e) => e.eventId));
        after = page.at(-1)!.cursor;
      }
      expect(ids).toEqual(inDatabase.rows.map((r) => r.event_id));
    }
  });

  it('does not pass a transaction still in flight, so a late commit is never skipped', async () => {
    const lateAppended = deferred();
    const commitLate = deferred();
    const late = store.transaction(async (tx) => {
      await tx.append('late', [event('Late')], { expectedVersion: 'no_stream' });
      lateAppended.resolve();
      await commitLate.promise;
    });
    await lateAppended.promise;
    await store.append('early', [event('Early')], { expectedVersion: 'no_stream' });

    // A reader following the identity column alone would see 'early' now and move past 'late''s lower position.
    const byPosition = await t.pool.query('SELECT stream_id FROM events ORDER BY global_position');
    expect(byPosition.rows.map((r) => r.stream_id)).toEqual(['early']);
    expect(await store.readAll()).toEqual([]);

    commitLate.resolve();
    await late;
    await waitUntilReadable(t.pool);
    expect(streamsOf(await store.readAll())).toEqual(['late/Late', 'early/Early']);
  });

  it('keeps the events of one transaction together, in the order the transactions took their ids', async () => {
    const idTaken = deferred();
    const goOn = deferred();
    // This transaction takes its id first but appends last, after another transaction has committed.
    const first = store.transaction(async (tx) => {
      await tx.query('SELECT pg_current_xact_id()');
      idTaken.resolve();
      await goOn.promise;
      await tx.append('x', [event('X1')], { expectedVersion: 'no_stream' });
      await tx.append('y', [event('Y1')], { expectedVersion: 'no_stream' });
    });
    await idTaken.promise;
    await store.append('z', [event('Z1')], { expectedVersion: 'no_stream' });
    goOn.resolve();
    await first;
    await waitUntilReadable(t.pool);

    const all = await store.readAll();
    expect(streamsOf(all)).toEqual(['x/X1', 'y/Y1', 'z/Z1']);
    expect(BigInt(all[2]!.globalPosition)).toBeLessThan(BigInt(all[0]!.globalPosition));
  });

  it('rejects a cursor it did not make', async () => {
    await expect(store.readAll({ after: '42' })).rejects.toThrow("Not an event store cursor: '42'");
  });
});

describe('cursors', () => {
  const xid8 = fc.bigInt({ min: 0n, max: 2n ** 64n - 1n });
  const bigint = fc.bigInt({ min: 1n, max: 2n ** 63n - 1n });

  it('decode to the numbers they were made of', () => {
    fc.assert(
      fc.property(xid8, bigint, (t, p) => {
        const decoded = decodeCursor(encodeCursor(String(t), String(p)));
        return decoded.transactionId === String(t) && decoded.globalPosition === String(p);
      }),
    );
  });

  it('compare as their (transaction id, global position) pairs do', () => {
    fc.assert(
      fc.property(xid8, bigint, xid8, bigint, (t1, p1, t2, p2) => {
        const expected = t1 !== t2 ? (t1 < t2 ? -1 : 1) : p1 === p2 ? 0 : p1 < p2 ? -1 : 1;
        const actual = compareCursors(encodeCursor(String(t1), String(p1)), encodeCursor(String(t2), String(p2)));
        return Math.sign(actual) === expected;
      }),
    );
  });
});
