import { randomUUID } from 'node:crypto';
import { Pool } from 'pg';
import { EventStore, migrateEventStore, StreamVersionConflictError } from '@puljeflow/event-store';
import { createFreshDatabase, type FreshDatabase } from '@puljeflow/test-support';
import { CommandHandler, toOutcome, type Decided } from './command-handler';

type Counted = { type: 'Counted'; data: { by: number } };
const handleCounter = CommandHandler<number, Counted>({ evolve: (total, e) => total + e.data.by, initialState: 0 });

/** A decider for the spec: add to the counter, never past ten. */
const add = (by: number) => (total: number): Decided<Counted> =>
  total + by > 10 ? { ok: false, reasons: [{ code: 'EXCEEDS_POOL', message: `${total} + ${by} is more than 10` }] } : { ok: true, events: [{ type: 'Counted', data: { by } }] };

describe('CommandHandler on the real event store', () => {
  let db: FreshDatabase;
  let pool: Pool;
  let store: EventStore;

  beforeAll(async () => {
    db = await createFreshDatabase('app_command_handler');
    pool = new Pool({ connectionString: db.url, max: 4 });
    await migrateEventStore(pool);
    store = new EventStore(pool);
  });
  afterAll(async () => {
    await pool.end();
    await db.drop();
  });

  const amounts = async (streamId: string) => (await store.readStream(streamId)).events.map((e) => (e.data as { by: number }).by);

  it('appends what the decision decided, expecting the version it read', async () => {
    const streamId = `counter-${randomUUID()}`;
    expect(await handleCounter(store, streamId, add(3))).toMatchObject({ ok: true, state: 3, version: 1 });
    const second = await handleCounter(store, streamId, add(4));
    expect(second).toMatchObject({ ok: true, state: 7, version: 2, events: [{ type: 'Counted', data: { by: 4 } }] });
    expect(toOutcome(second)).toEqual({ ok: true, position: expect.stringMatching(/^\d+$/) });
    expect(await amounts(streamId)).toEqual([3, 4]);
  });

  it('on a version conflict reads again, decides again on the new state and then appends', async () => {
    const streamId = `counter-${randomUUID()}`;
    await handleCounter(store, streamId, add(2));
    const seen: number[] = [];
    const result = await handleCounter(store, streamId, async (total, version) => {
      seen.push(total);
      // Another writer gets in between this read and the append, once.
      if (seen.length === 1) await store.append(streamId, [{ type: 'Counted', data: { by: 5 } }], { expectedVersion: version });
      return add(3)(total);
    });
    expect(seen).toEqual([2, 7]);
    expect(result).toMatchObject({ ok: true, state: 10, version: 3 });
    expect(await amounts(streamId)).toEqual([2, 5, 3]);
  });

  it('decided again after a conflict, a refusal appends nothing', async () => {
    const streamId = `counter-${randomUUID()}`;
    let runs = 0;
    const result = await handleCounter(store, streamId, async (total, version) => {
      if (runs++ === 0) await store.append(streamId, [{ type: 'Counted', data: { by: 9 } }], { expectedVersion: version });
      return add(3)(total);
    });
    expect(result).toMatchObject({ ok: false, reasons: [{ code: 'EXCEEDS_POOL' }], state: 9, version: 1 });
    expect(toOutcome(result)).toEqual({ ok: false, reasons: [{ code: 'EXCEEDS_POOL', message: '9 + 3 is more than 10' }] });
    expect(await amounts(streamId)).toEqual([9]);
  });

  it("a decider's refusal appends nothing and is not retried", async () => {
    const streamId = `counter-${randomUUID()}`;
    await handleCounter(store, streamId, add(8));
    let runs = 0;
    const result = await handleCounter(store, streamId, (total) => (runs++, add(5)(total)));
    expect(result.ok).toBe(false);
    expect(runs).toBe(1);
    expect(await amounts(streamId)).toEqual([8]);
  });

  it('gives the conflict to the caller once its attempts are spent', async () => {
    const streamId = `counter-${randomUUID()}`;
    const handleOnce = CommandHandler<number, Counted>({ evolve: (total, e) => total + e.data.by, initialState: 0, attempts: 2 });
    let runs = 0;
    const always = handleOnce(store, streamId, async (total, version) => {
      runs++;
      await store.append(streamId, [{ type: 'Counted', data: { by: 1 } }], { expectedVersion: version });
      return add(1)(total);
    });
    await expect(always).rejects.toBeInstanceOf(StreamVersionConflictError);
    expect(runs).toBe(2);
    expect(await amounts(streamId)).toEqual([1, 1]);
  });
});
