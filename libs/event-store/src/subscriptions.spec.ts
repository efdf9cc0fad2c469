import type { EventStore, RecordedEvent } from './index';
import { eventually, freshEventStore, type TestEventStore } from './test/support';

describe('subscribe', () => {
  let t: TestEventStore;
  let store: EventStore;
  beforeAll(async () => {
    t = await freshEventStore('es_subscribe');
    store = t.store;
  });
  afterAll(() => t.close());

  it('follows the global order live from a cursor, woken by LISTEN/NOTIFY', async () => {
    await store.append('sub-a', [{ type: 'Before', data: {} }], { expectedVersion: 'no_stream' });
    await store.append('sub-a', [{ type: 'From', data: {} }], { expectedVersion: 1 });
    const [before] = (await store.readStream('sub-a')).events;

    const seen: RecordedEvent[] = [];
    const subscription = store.subscribe({
      after: before!.cursor,
      pollIntervalMs: 60_000,
      onEvents: (events) => void seen.push(...events),
    });
    await subscription.started;
    try {
      expect(seen.map((e) => e.type)).toEqual(['From']);
      await store.append('sub-b', [{ type: 'Live1', data: {} }, { type: 'Live2', data: {} }], {
        expectedVersion: 'no_stream',
      });
      await eventually(async () => expect(seen.map((e) => e.type)).toEqual(['From', 'Live1', 'Live2']), 2_000);
    } finally {
      await subscription.stop();
    }
  });

  it('hands a batch whose handler threw over again, and reports the error', async () => {
    const errors: unknown[] = [];
    const handled: string[] = [];
    let fail = true;
    const subscription = store.subscribe({
      after: (await store.readAll({ limit: 1000 })).at(-1)!.cursor,
      pollIntervalMs: 50,
      onError: (e) => errors.push(e),
      onEvents: (events) => {
        if (fail) {
          fail = false;
          throw new Error('not now');
        }
        handled.push(...events.map((e) => e.type));
      },
    });
    try {
      await store.append('sub-c', [{ type: 'Retried', data: {} }], { expectedVersion: 'no_stream' });
      await eventually(async () => expect(handled).toEqual(['Retried']));
      expect(errors).toEqual([new Error('not now')]);
    } finally {
      await subscription.stop();
    }
  });
});
