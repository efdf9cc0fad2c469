import { randomBytes, randomUUID } from 'node:crypto';
import { Client, Pool } from 'pg';
import { demoPoolDefinition } from '@puljeflow/domain';
import type { MunicipalEventEnvelope } from '@puljeflow/contracts';
import { EventStore, migrateEventStore } from '@puljeflow/event-store';
import { CitizenVault } from '@puljeflow/personal-data';
import { countingWrites, createFreshDatabase, type FreshDatabase } from '@puljeflow/test-support';
import { submissionHashKey } from './canonical-json';
import { MunicipalEventService } from './municipal-events.service';
import { loadPool } from './loaders';
import { PoolService } from './pool.service';

/** Group commit through a real PostgreSQL: many requests in one transaction, each event decided on its own. */
describe('MunicipalEventService.submitMany', () => {
  let db: FreshDatabase;
  let pool: Pool;
  let store: EventStore;
  let service: MunicipalEventService;
  const pseudonymKey = randomBytes(32);
  const keyEncryptionKey = randomBytes(32);

  beforeAll(async () => {
    db = await createFreshDatabase('app_submissions');
    pool = new Pool({ connectionString: db.url, max: 8, pipeline: true });
    await migrateEventStore(pool);
    store = new EventStore(pool);
    service = new MunicipalEventService(store, { vault: new CitizenVault({ pool, pseudonymKey, keyEncryptionKey }), hashKey: submissionHashKey(pseudonymKey) });
  });
  afterAll(async () => {
    await pool.end();
    await db.drop();
  });

  const openPool = async () => {
    const poolId = `p-${randomUUID().slice(0, 8)}`;
    await new PoolService(store).open({ ...demoPoolDefinition(new Date(), { interestInMinutes: 60 }), poolId });
    return poolId;
  };
  const interest = (poolId: string, requestedAmountOre: number, eventId = randomUUID()): MunicipalEventEnvelope => ({
    eventId,
    type: 'InterestExpressed',
    occurredAt: new Date().toISOString(),
    data: { poolId, requestedAmountOre, expectedParticipants: 3, contactEmail: 'jobcenter@example.dk' },
  });
  const withdrawal = (poolId: string): MunicipalEventEnvelope => ({ eventId: randomUUID(), type: 'InterestWithdrawn', occurredAt: new Date().toISOString(), data: { poolId } });
  const count = async (sql: string, params: unknown[] = []) => (await pool.query<{ n: number }>(sql, params)).rows[0]!.n;

  it('with a credential check, refuses a batch before deciding anything if a job’s credential is no longer valid', async () => {
    await pool.query('CREATE TABLE IF NOT EXISTS test_credentials (id text PRIMARY KEY, revoked boolean NOT NULL)');
    await pool.query(`INSERT INTO test_credentials VALUES ('good', false), ('revoked', true) ON CONFLICT DO NOTHING`);
    const checked = new MunicipalEventService(store, {
      vault: new CitizenVault({ pool, pseudonymKey, keyEncryptionKey }),
      hashKey: submissionHashKey(pseudonymKey),
      credentialCheck: { name: 'test-credentials', text: 'SELECT id FROM test_credentials WHERE id = ANY($1::text[]) AND NOT revoked' },
    });
    const poolId = await openPool();
    const at = new Date();
    const events = async () => count('SELECT count(*)::int AS n FROM events WHERE stream_id = $1', [`pool-${poolId}`]);
    const before = await events();
    const refused = checked.submitMany([
      { municipalityCode: '101', envelopes: [interest(poolId, 100_000_00)], at, credential: 'good' },
      { municipalityCode: '147', envelopes: [interest(poolId, 100_000_00)], at, credential: 'revoked' },
      { municipalityCode: '151', envelopes: [interest(poolId, 100_000_00)], at, credential: 'unknown' },
    ]);
    await expect(refused).rejects.toEqual(expect.objectContaining({ name: 'CredentialsRefusedError', jobs: [1, 2] }));
    expect(await events()).toBe(before);
    const [ok] = await checked.submitMany([{ municipalityCode: '101', envelopes: [interest(poolId, 100_000_00)], at, credential: 'good' }]);
    expect(ok!.map((r) => r.status)).toEqual(['accepted']);
    expect(await events()).toBe(before + 1);
    // A job without a credential needs no check; credentials without a check configured are a programming error.
    await expect(service.submitMany([{ municipalityCode: '101', envelopes: [interest(poolId, 1_00)], at, credential: 'good' }])).rejects.toThrow('no credentialCheck');
  });

  it('decides each event in order, seeing the earlier ones of the batch, and answers per request', async () => {
    const poolId = await openPool();
    const at = new Date();
    const [a, b] = await service.submitMany([
      { municipalityCode: '101', envelopes: [interest(poolId, 500_000_00)], at },
      { municipalityCode: '147', envelopes: [interest(poolId, 100_000_00), withdrawal(poolId), interest(poolId, 0)], at },
    ]);
    expect(a!.map((r) => r.status)).toEqual(['accepted']);
    // The withdrawal needs the interest before it; the last event is invalid (an amount of 0) and rejected alone.
    expect(b!.map((r) => r.status)).toEqual(['accepted', 'accepted', 'rejected']);
    expect(b![2]).toMatchObject({ reasons: [expect.objectContaining({ code: 'SCHEMA_INVALID' })] });
    const positions = [a![0]!, ...b!].map((r) => BigInt((r as { position: string }).position));
    expect([...positions].sort((x, y) => (x < y ? -1 : 1))).toEqual(positions);
    const { state } = await loadPool(store, poolId);
    expect(Object.keys((state as { interests: Record<string, unknown> }).interests)).toEqual(['101']);
  });

  it('the same eventId twice in one batch: one decision, the second a duplicate; another body is IDEMPOTENCY_KEY_REUSED', async () => {
    const poolId = await openPool();
    const first = interest(poolId, 300_000_00);
    const [first1, second2] = await service.submitMany([
      { municipalityCode: '151', envelopes: [first], at: new Date() },
      { municipalityCode: '151', envelopes: [first, { ...first, data: { ...(first.data as object), requestedAmountOre: 1 } } as MunicipalEventEnvelope], at: new Date() },
    ]);
    const [one] = first1!;
    const [two, three] = second2!;
    expect(one).toMatchObject({ status: 'accepted' });
    expect(two).toEqual({ eventId: first.eventId, status: 'duplicate', original: 'accepted', position: (one as { position: string }).position });
    expect(three).toMatchObject({ status: 'rejected', reasons: [expect.objectContaining({ code: 'IDEMPOTENCY_KEY_REUSED' })] });
    expect(await count(`SELECT count(*)::int AS n FROM events WHERE stream_id = $1 AND type = 'InterestExpressed'`, [`pool-${poolId}`])).toBe(1);
    // And later, from the store.
    expect(await service.submit('151', first, new Date())).toEqual(two);
  });

  it('a batch that fails after deciding leaves nothing behind — not in the database, not in the decisions that follow', async () => {
    const poolId = await openPool();
    const doomed = interest(poolId, 200_000_00);
    await expect(
      service.submitMany([{ municipalityCode: '153', envelopes: [doomed], at: new Date() }], async () => {
        throw new Error('crash after deciding');
      }),
    ).rejects.toThrow('crash after deciding');
    expect(await count('SELECT count(*)::int AS n FROM idempotency_keys WHERE key = $1', [doomed.eventId])).toBe(0);
    // The state this process folded in the failed batch is not what the next decision starts from.
    const again = (await service.submitMany([{ municipalityCode: '153', envelopes: [withdrawal(poolId)], at: new Date() }]))[0]![0];
    expect(again).toMatchObject({ status: 'rejected', reasons: [expect.objectContaining({ code: expect.not.stringMatching(/^SCHEMA_INVALID$/) })] });
    const accepted = (await service.submitMany([{ municipalityCode: '153', envelopes: [doomed], at: new Date() }]))[0]![0];
    expect(accepted).toMatchObject({ status: 'accepted' });
  });

  it('a pool decided on in one batch is not read from the database by the next: the process keeps the state with the events it appended', async () => {
    const poolId = await openPool();
    // Calls through: the statements still go to PostgreSQL; the spy only notes them.
    const spy = jest.spyOn(Client.prototype, 'query');
    let reads: unknown[];
    try {
      for (const [i, code] of ['101', '147', '151', '101'].entries()) {
        const [results] = await service.submitMany([{ municipalityCode: code, envelopes: [interest(poolId, 100_000_00 + i)], at: new Date() }]);
        expect(results![0]).toMatchObject({ status: 'accepted' });
      }
      reads = spy.mock.calls
        .map(([config]) => config as unknown as { name?: string; values?: unknown[] })
        .filter((c) => c?.name === 'es-read-stream' && c.values?.[0] === `pool-${poolId}`);
    } finally {
      spy.mockRestore();
    }
    // The first decision reads the pool's opening (this process folded the stream before the pool was opened); the
    // other three read nothing: each batch left the state with its own event in the cache.
    expect(reads.length).toBeLessThanOrEqual(1);
    const { state, version } = await loadPool(new EventStore(pool), poolId);
    expect(version).toBe(5);
    expect(state.status).toBe('open');
  });

  it('a batch on streams this process knows is decided ahead: one write to the database; if another writer moved a stream, it is decided again the usual way', async () => {
    const poolId = await openPool();
    const submit = (code: string, amount: number) => service.submitMany([{ municipalityCode: code, envelopes: [interest(poolId, amount)], at: new Date() }]);
    // The first decision on the pool reads it (start, then flush): two writes.
    const first = await countingWrites(pool, () => submit('101', 100_000_00));
    expect(first.result[0]![0]).toMatchObject({ status: 'accepted' });
    expect(first.writes).toBeGreaterThanOrEqual(2);
    // Now the process knows the pool's version and state: BEGIN, checks, event, outcome and COMMIT in one write.
    const second = await countingWrites(pool, () => submit('147', 200_000_00));
    expect(second.result[0]![0]).toMatchObject({ status: 'accepted' });
    expect(second.writes).toBe(1);
    // Another writer (as another api process would) appends to the pool behind this process's back.
    await store.append(`pool-${poolId}`, [{ type: 'InterestExpressed', data: { poolId, municipalityCode: '151', requestedAmountOre: 300_000_00, expectedParticipants: 1, contactEmail: 'x@example.dk' } }], { expectedVersion: 3 });
    // Decided ahead from version 3 and refused by the database, nothing written (one write, then ROLLBACK); then
    // decided again from what is stored (BEGIN with start; the other writer's event read; the writes with COMMIT).
    const third = await countingWrites(pool, () => submit('151', 400_000_00));
    expect(third.writes).toBe(5);
    expect(third.result[0]![0]).toMatchObject({ status: 'accepted' });
    // After the other writer's event, not in its place.
    const stored = await pool.query<{ p: string; amount: number | null }>(
      `SELECT stream_position::text AS p, (data->>'requestedAmountOre')::int AS amount FROM events WHERE stream_id = $1 ORDER BY stream_position`,
      [`pool-${poolId}`],
    );
    expect(stored.rows.map((r) => [r.p, r.amount])).toEqual([
      ['1', null],
      ['2', 100_000_00],
      ['3', 200_000_00],
      ['4', 300_000_00],
      ['5', 400_000_00],
    ]);
    // After a refusal the next batch goes the usual way (with what the process knows now: no read), then it decides
    // ahead again.
    expect((await countingWrites(pool, () => submit('155', 500_000_00))).writes).toBe(2);
    expect((await countingWrites(pool, () => submit('157', 600_000_00))).writes).toBe(1);
  });

  it('decided ahead with a credential requirement: a revoked credential fails the write in the database, then the request is refused with nothing decided', async () => {
    await pool.query('CREATE TABLE IF NOT EXISTS test_credentials (id text PRIMARY KEY, revoked boolean NOT NULL)');
    await pool.query(`INSERT INTO test_credentials VALUES ('good', false), ('revoked', true) ON CONFLICT DO NOTHING`);
    await pool.query(`INSERT INTO test_credentials VALUES ('soon-revoked', false) ON CONFLICT (id) DO UPDATE SET revoked = false`);
    const checked = new MunicipalEventService(store, {
      vault: new CitizenVault({ pool, pseudonymKey, keyEncryptionKey }),
      hashKey: submissionHashKey(pseudonymKey),
      credentialCheck: { name: 'test-credentials', text: 'SELECT id FROM test_credentials WHERE id = ANY($1::text[]) AND NOT revoked' },
      credentialRequirement: {
        name: 'test-credentials-required',
        text: "SELECT event_store_require(count(*) = cardinality($1::text[]), 'credentials') FROM test_credentials WHERE id = ANY($1::text[]) AND NOT revoked",
      },
    });
    const poolId = await openPool();
    const submit = (credential: string) => checked.submitMany([{ municipalityCode: '101', envelopes: [interest(poolId, 100_000_00)], at: new Date(), credential }]);
    await submit('soon-revoked'); // the process now knows the pool
    expect((await countingWrites(pool, () => submit('good'))).writes).toBe(1);
    await pool.query(`UPDATE test_credentials SET revoked = true WHERE id = 'soon-revoked'`);
    const events = () => count('SELECT count(*)::int AS n FROM events WHERE stream_id = $1', [`pool-${poolId}`]);
    const before = await events();
    await expect(submit('soon-revoked')).rejects.toEqual(expect.objectContaining({ name: 'CredentialsRefusedError', jobs: [0] }));
    expect(await events()).toBe(before);
  });

  it('two processes’ batches on the same pool at once: every event decided exactly once', async () => {
    const poolId = await openPool();
    const otherPool = new Pool({ connectionString: db.url, max: 4 });
    const other = new MunicipalEventService(new EventStore(otherPool), {
      vault: new CitizenVault({ pool: otherPool, pseudonymKey, keyEncryptionKey }),
      hashKey: submissionHashKey(pseudonymKey),
    });
    const shared = Array.from({ length: 20 }, (_, i) => interest(poolId, 100_000_00 + i));
    // Overlapping slices: every event is sent by two or more of the eight batches.
    const results = await Promise.all(
      Array.from({ length: 8 }, (_, i) => (i % 2 ? other : service).submitMany([{ municipalityCode: '155', envelopes: [...shared.slice(i * 2, i * 2 + 6), ...shared.slice(0, 2)], at: new Date() }])),
    );
    await otherPool.end();
    const all = results.flatMap(([rs]) => rs!);
    expect(new Set(all.map((r) => r.status))).toEqual(new Set(['accepted', 'duplicate']));
    const accepted = all.filter((r) => r.status === 'accepted').map((r) => r.eventId);
    expect(accepted.sort()).toEqual(shared.map((e) => e.eventId).sort());
    expect(await count(`SELECT count(*)::int AS n FROM events WHERE stream_id = $1 AND type = 'InterestExpressed'`, [`pool-${poolId}`])).toBe(20);
    expect(await count('SELECT count(*)::int AS n FROM idempotency_keys WHERE scope = $1 AND key = ANY($2)', ['155', shared.map((e) => e.eventId)])).toBe(20);
  });
});
