// npm run bench:ingest — how fast the municipal events endpoint records events, side by side in one run with
// (a) raw multi-row INSERTs of the same rows into our `events` table (the hardware's limit) and (b) Emmett's bare
// `appendToStream` on the same PostgreSQL server. Prints one JSON object on stdout; progress on stderr.
//
// Settings (environment), all optional — see bench/README.md: BENCH_CLIENTS (8), BENCH_SECONDS (10, measured per
// mode), BENCH_WARMUP_SECONDS (3), BENCH_API_WARMUP_SECONDS (10, once per api process), BENCH_MODES (a subset, comma-separated), BENCH_DIAGNOSTICS (1: also take the api's
// cost apart), BENCH_PROJECTIONS_VARIANT (1: also the api with RUN_PROJECTIONS=on), BENCH_API_LOG_LEVEL (warn),
// BENCH_API_CPU_PROF (a directory: the api runs with --cpu-prof into it), BENCH_STATS_SETTLE_MS (11000),
// DATABASE_URL (use that server instead of an embedded one; a fresh database is created on it and dropped).
import { randomUUID } from 'node:crypto';
import os from 'node:os';
import path from 'node:path';
import pg, { Client } from 'pg';
import { getPostgreSQLEventStore } from '@event-driven-io/emmett-postgresql';
import { keyedBodyHash, loadPool, MunicipalEventService, SubmissionBatcher, submissionHashKey } from '@puljeflow/application';
import type { MunicipalEventEnvelope } from '@puljeflow/contracts';
import { EventStore, WriteBatch } from '@puljeflow/event-store';
import { CitizenVault } from '@puljeflow/personal-data';
import { allProjections } from '@puljeflow/read-models';
import { cpuMeter, dbCounters, type DbCounters, freePort, HttpClient, intEnv, type Harness, type LoadResult, log, type ManagedProcess, type OpResult, ratio, repoRoot, runClosedLoop, startProcess, waitForHttp, withHarness } from './harness';

const CLIENTS = intEnv('BENCH_CLIENTS', 8);
const SECONDS = intEnv('BENCH_SECONDS', 10);
const WARMUP_SECONDS = intEnv('BENCH_WARMUP_SECONDS', 3);
const DIAGNOSTICS = intEnv('BENCH_DIAGNOSTICS', 1) === 1;
const PROJECTIONS_VARIANT = intEnv('BENCH_PROJECTIONS_VARIANT', 1) === 1;
/** Unmeasured load on a fresh api process before its first mode (JIT, connections, plans): a running api is warm. */
const API_WARMUP_SECONDS = intEnv('BENCH_API_WARMUP_SECONDS', 10);
const CPU_PROF_DIR = process.env.BENCH_API_CPU_PROF;
/** The api's LOG_LEVEL (default warn: fastify's two info lines per request are not what this measures). */
const API_LOG_LEVEL = process.env.BENCH_API_LOG_LEVEL ?? 'warn';
/** The api's settings for every mode: its log level, and per-municipality rate limits far above what 8 clients send
 * (this measures ingest, not the limiter, which answers 429 long before the hardware's limit by design). */
const API_ENV = { LOG_LEVEL: API_LOG_LEVEL, RATE_LIMIT_BURST: '1000000', RATE_LIMIT_PER_SECOND: '1000000' };
const BATCHES = (process.env.BENCH_BATCHES ?? '1,100').split(',').map(Number) as (1 | 100)[];
if (BATCHES.some((b) => b !== 1 && b !== 100)) throw new Error('BENCH_BATCHES: 1, 100 or both');
const ALL_MODES = ['api', 'apiPoolPerClient', 'apiTwoProcesses', 'rawInsert', 'emmett', 'httpBare', 'diagnostics', 'apiRejected', 'apiWithProjections'];
/** BENCH_MODES: a comma-separated subset of ALL_MODES (e.g. to profile one); the diagnostics and the projections
 * variant also follow BENCH_DIAGNOSTICS=0 and BENCH_PROJECTIONS_VARIANT=0. */
const MODES = new Set(
  (process.env.BENCH_MODES ? process.env.BENCH_MODES.split(',').map((m) => m.trim()) : ALL_MODES).filter(
    (m) => ((m !== 'diagnostics' && m !== 'apiRejected') || DIAGNOSTICS) && (m !== 'apiWithProjections' || PROJECTIONS_VARIANT),
  ),
);
for (const m of MODES) if (!ALL_MODES.includes(m)) throw new Error(`BENCH_MODES: unknown mode ${m}; known: ${ALL_MODES.join(', ')}`);

/** node flags for an api profiled with --cpu-prof (written when it exits at teardown). */
const cpuProfArgs = (name: string) => [
  '--cpu-prof',
  `--cpu-prof-dir=${path.resolve(CPU_PROF_DIR!)}`,
  `--cpu-prof-name=api-${name}-${Date.now()}.cpuprofile`,
  '-r',
  path.join(repoRoot, 'bench/exit-on-sigterm.js'),
];
type Batch = (typeof BATCHES)[number];

/** One municipality per client (Hovedstaden's first eight). */
const MUNICIPALITIES = ['101', '147', '151', '153', '155', '157', '159', '161', '163', '165', '167', '169', '173', '175', '183', '185'].slice(0, CLIENTS);
if (MUNICIPALITIES.length < CLIENTS) throw new Error(`at most ${MUNICIPALITIES.length} clients`);

const load = { clients: CLIENTS, warmupMs: WARMUP_SECONDS * 1000, durationMs: SECONDS * 1000 };

/**
 * Every mode's load, with ANALYZE of the bench database when its warm-up ends. The database is new: without it, a
 * statement prepared while a table was nearly empty keeps the plan made for that size (a sequential scan) until
 * autovacuum analyzes the table — on a live database within about a minute, here often not before the mode is over.
 * The measured window is then the system's steady state, for every mode alike (BENCH_ANALYZE=0 leaves it out).
 */
const ANALYZE_AFTER_WARMUP = intEnv('BENCH_ANALYZE', 1) === 1;
const loadOf = (h: Harness) => ({ ...load, ...(ANALYZE_AFTER_WARMUP ? { atWindowStart: () => h.db.query('ANALYZE') } : {}) });

// ---------------------------------------------------------------------------------------------------------------------
// The event: an InterestExpressed (the one municipal event that needs nothing but an open pool), each with a new eventId.

function interestEnvelope(poolId: string, client: number): MunicipalEventEnvelope {
  return {
    eventId: randomUUID(),
    type: 'InterestExpressed',
    occurredAt: new Date().toISOString(),
    data: {
      poolId,
      requestedAmountOre: 100_000_00 + Math.floor(Math.random() * 1_000_000_00),
      expectedParticipants: 1 + Math.floor(Math.random() * 50),
      contactEmail: `jobcenter-${MUNICIPALITIES[client]}@example.dk`,
    },
  };
}

/** The row the api records for an accepted envelope: same type, data and metadata (see MunicipalEventService). */
function recordedRow(envelope: MunicipalEventEnvelope, municipalityCode: string) {
  const d = envelope.data as Record<string, unknown>;
  return {
    type: envelope.type,
    data: { poolId: d.poolId, municipalityCode, requestedAmountOre: d.requestedAmountOre, expectedParticipants: d.expectedParticipants, contactEmail: d.contactEmail },
    metadata: { municipalityCode, submissionEventId: envelope.eventId, occurredAt: envelope.occurredAt },
  };
}

// ---------------------------------------------------------------------------------------------------------------------
// Database counters around a mode: how many transactions, rollbacks and rows read each recorded event costs.


/**
 * A backend that went idle less than a second after its last report holds its counters back for up to 10 s
 * (PGSTAT_IDLE_INTERVAL): wait that long after a mode whose database counters we report, so they are all in.
 */
const STATS_SETTLE_MS = intEnv('BENCH_STATS_SETTLE_MS', 11_000);
const settle = () => new Promise((r) => setTimeout(r, STATS_SETTLE_MS));

/**
 * Runs one mode and reports, besides throughput and latency, its CPU time per recorded event (api process, PostgreSQL
 * backends, this process). With `dbStats`, also the database's counters around it (after letting them settle) per
 * recorded event: transactions, rollbacks (a lost optimistic-concurrency race rolls back), rows fetched.
 */
async function measured(
  h: Harness,
  name: string,
  run: () => Promise<LoadResult>,
  { dbStats = false, api = false, servers, streams }: { dbStats?: boolean; api?: boolean; servers?: ManagedProcess[]; streams?: string[] } = {},
): Promise<ModeResult> {
  log(`measuring ${name} (${CLIENTS} clients, ${WARMUP_SECONDS} s warm-up + ${SECONDS} s)`);
  const before = dbStats ? await dbCounters(h) : undefined;
  const stopCpu = await cpuMeter(h, { api, ...(servers ? { servers } : {}) });
  const result = await run();
  const cpuUse = await stopCpu();
  // Costs are divided by the events the mode recorded in all (warm-up and drain included; answered or not), counted
  // in its streams when it names them, else by the events its operations reported.
  const recordedInAll = streams
    ? (await h.db.query<{ n: number }>('SELECT count(*)::int AS n FROM events WHERE stream_id = ANY($1) AND type = $2', [streams, 'InterestExpressed'])).rows[0]!.n
    : result.eventsIncludingWarmup;
  const perEvent = (ms: number) => Math.round((ms / Math.max(1, recordedInAll)) * 1000) / 1000;
  const cpu = {
    msPerEvent: {
      api: perEvent(cpuUse.apiMs),
      apiInKernel: perEvent(cpuUse.apiSystemMs),
      postgres: perEvent(cpuUse.postgresMs),
      bench: perEvent(cpuUse.benchMs),
      total: perEvent(cpuUse.apiMs + cpuUse.postgresMs + cpuUse.benchMs),
    },
    loadAverage1mAtEnd: cpuUse.loadAverage1m,
  };
  let db: Record<string, number> | undefined;
  if (before) {
    await settle();
    const after = await dbCounters(h);
    const per = (k: keyof DbCounters) => Math.round(((after[k] - before[k]) / Math.max(1, recordedInAll)) * 100) / 100;
    db = {
      eventsRecorded: recordedInAll,
      commitsPerEvent: per('commits'),
      rollbacksPerEvent: per('rollbacks'),
      rowsFetchedPerEvent: per('rowsFetched'),
      rowsInsertedPerEvent: per('rowsInserted'),
      rowsUpdatedPerEvent: per('rowsUpdated'),
    };
  }
  log(
    `  ${name}: ${result.eventsPerSec} events/s, p50 ${result.p50Ms} ms, p99 ${result.p99Ms} ms, ${result.requests} requests, ` +
      `${result.failedRequests} failed${result.tally ? ` ${JSON.stringify(result.tally)}` : ''}; first/last third ${result.firstThirdEventsPerSec}/${result.lastThirdEventsPerSec} events/s` +
      (db ? `; per recorded event: ${db.commitsPerEvent} commits, ${db.rollbacksPerEvent} rollbacks, ${db.rowsFetchedPerEvent} rows fetched` : ''),
  );
  log(`  CPU-ms per event: api ${cpu.msPerEvent.api} (kernel ${cpu.msPerEvent.apiInKernel}), postgres ${cpu.msPerEvent.postgres}, bench ${cpu.msPerEvent.bench}; load average ${cpu.loadAverage1mAtEnd} on ${os.cpus().length} CPUs`);
  return { ...result, cpu, ...(db ? { db } : {}) };
}

/** The window's clock times are for matching database rows; the printed result leaves them out. */
function printable({ windowStartEpochMs: _s, windowEndEpochMs: _e, ...rest }: ModeResult) {
  return rest;
}

type ModeResult = LoadResult & {
  cpu: { msPerEvent: { api: number; apiInKernel: number; postgres: number; bench: number; total: number }; loadAverage1mAtEnd: number };
  db?: Record<string, number>;
  recordedEventsPerSec?: number;
  pools?: number;
  poolStreamEventsAtEnd?: number;
  loadPoolMsAtEnd?: number;
};
type ByBatch = Partial<Record<`batch${Batch}`, ModeResult>>;
interface Results {
  api?: ByBatch;
  apiPoolPerClient?: ByBatch;
  apiTwoProcesses?: ByBatch;
  rawInsert?: ByBatch;
  emmett?: ByBatch;
  httpBare?: ByBatch;
  diagnostics?: Record<string, unknown>;
  apiWithProjections?: ByBatch;
}

// ---------------------------------------------------------------------------------------------------------------------
// (1)(2) The api: POST /api/v1/municipalities/{code}/events, batch 1 and batch 100.

/**
 * Sends unmeasured load (batch 1, every tenth request batch 100) to a freshly started api process for
 * BENCH_API_WARMUP_SECONDS, on a pool of its own: the first mode measured on a cold process ran ~30 % slower than the
 * same mode later in the run, which is the process warming up, not the steady state the modes compare.
 */
async function warmUp(h: Harness, http: Harness['http'], label: string) {
  if (API_WARMUP_SECONDS === 0) return;
  const poolId = `warmup-${label}-${Date.now().toString(36)}`;
  await h.openPool(poolId);
  log(`warming up the ${label} api process (${API_WARMUP_SECONDS} s, not measured)`);
  let failed = 0;
  const warm = await runClosedLoop({ clients: CLIENTS, warmupMs: API_WARMUP_SECONDS * 1000, durationMs: 0 }, async (client, iteration) => {
    const code = MUNICIPALITIES[client]!;
    const events = Array.from({ length: iteration % 10 === 9 ? 100 : 1 }, () => interestEnvelope(poolId, client));
    const res = await http.request('POST', `/api/v1/municipalities/${code}/events`, { bearer: h.keyOf(code), body: { events } });
    if (res.status !== 200) failed++;
    return { events: res.status === 200 ? events.length : 0 };
  });
  log(`  warm-up: ${warm.eventsIncludingWarmup} events recorded, ${failed} requests failed`);
}

async function apiMode(h: Harness, batch: Batch, pools: 'shared' | 'perClient', label: string, { processes = 1 }: { processes?: 1 | 2 } = {}) {
  // With two api processes, the clients take turns: even ones on the first, odd ones on the second.
  const replica = processes === 2 ? await h.startApiReplica(CPU_PROF_DIR ? { nodeArgs: cpuProfArgs('replica') } : {}) : undefined;
  if (replica) await warmUp(h, replica.http, 'replica');
  try {
    return await apiModeOn(h, batch, pools, label, (client) => (replica && client % 2 === 1 ? replica.http : h.http));
  } finally {
    await h.stopApiReplicas();
  }
}

async function apiModeOn(h: Harness, batch: Batch, pools: 'shared' | 'perClient', label: string, httpOf: (client: number) => Harness['http']) {
  const tag = `${label.toLowerCase().replace(/[^a-z0-9]+/g, '-')}-b${batch}-${Date.now().toString(36)}`;
  const poolIds = pools === 'shared' ? [`ingest-${tag}`] : MUNICIPALITIES.map((_, c) => `ingest-${tag}-c${c}`);
  for (const id of poolIds) await h.openPool(id);
  const poolOf = (client: number) => poolIds[pools === 'shared' ? 0 : client]!;
  const result = await measured(h, `api ${pools} pool${pools === 'shared' ? '' : 's'} batch ${batch}${label === 'main' ? '' : ` (${label})`}`, () =>
    runClosedLoop(loadOf(h), async (client): Promise<OpResult> => {
      const code = MUNICIPALITIES[client]!;
      const events = Array.from({ length: batch }, () => interestEnvelope(poolOf(client), client));
      const res = await httpOf(client).request<{ results: Array<{ status: string }> }>('POST', `/api/v1/municipalities/${code}/events`, {
        bearer: h.keyOf(code),
        body: { events },
      });
      if (res.status !== 200) return { events: 0, failed: true, tally: { [`http_${res.status}`]: 1 } };
      const tally: Record<string, number> = {};
      for (const r of res.body.results) tally[r.status] = (tally[r.status] ?? 0) + 1;
      const accepted = tally.accepted ?? 0;
      return { events: accepted, failed: accepted !== batch, tally };
    }),
    { dbStats: true, api: true, streams: poolIds.map((id) => `pool-${id}`) },
  );
  // Events the database recorded in the window, answered or not: a request that fails half-way (500) has already
  // committed the events before the failing one, each in its own transaction.
  const recorded = await h.db.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM events WHERE stream_id = ANY($1) AND type = 'InterestExpressed'
       AND recorded_at >= to_timestamp($2 / 1000.0) AND recorded_at < to_timestamp($3 / 1000.0)`,
    [poolIds.map((id) => `pool-${id}`), result.windowStartEpochMs, result.windowEndEpochMs],
  );
  const recordedEventsPerSec = Math.round((recorded.rows[0]!.n / SECONDS) * 10) / 10;
  // How long the decision's read of the pool stream takes now that the mode has grown it.
  const store = new EventStore(h.db);
  const t0 = performance.now();
  const { version } = await loadPool(store, poolIds[0]!);
  const loadMs = Math.round((performance.now() - t0) * 100) / 100;
  return { ...result, recordedEventsPerSec, pools: poolIds.length, poolStreamEventsAtEnd: version, loadPoolMsAtEnd: loadMs };
}

/**
 * Diagnostic: the api's own cost without the pool decision. An InterestExpressed for a pool that does not exist is
 * rejected (UNKNOWN_POOL) after the same pipeline (HTTP, NestJS, key lookup, validation, idempotency claim, a read of
 * the — empty — pool stream) and recorded as a SubmissionRejected on the municipality's own submissions stream: O(1)
 * work per event and, one municipality per client, no contention.
 */
async function apiRejectedMode(h: Harness, batch: Batch) {
  const poolId = `no-such-pool-${Date.now().toString(36)}`;
  return measured(
    h,
    `diagnostic: api, every event rejected (UNKNOWN_POOL), batch ${batch}`,
    () =>
      runClosedLoop(loadOf(h), async (client): Promise<OpResult> => {
        const code = MUNICIPALITIES[client]!;
        const events = Array.from({ length: batch }, () => interestEnvelope(poolId, client));
        const res = await h.http.request<{ results: Array<{ status: string }> }>('POST', `/api/v1/municipalities/${code}/events`, { bearer: h.keyOf(code), body: { events } });
        if (res.status !== 200) return { events: 0, failed: true, tally: { [`http_${res.status}`]: 1 } };
        const rejected = res.body.results.filter((r) => r.status === 'rejected').length;
        return { events: rejected, failed: rejected !== batch, tally: { rejected } };
      }),
    { api: true },
  );
}

// ---------------------------------------------------------------------------------------------------------------------
// (3) Raw multi-row INSERT into our `events` table: 8 connections, one statement of `batch` rows each, autocommit,
// each client its own stream. No streams/idempotency bookkeeping, no decision: the hardware's limit for these rows.

async function rawInsertMode(h: Harness, batch: Batch) {
  const clients = await Promise.all(
    MUNICIPALITIES.map(async () => {
      const c = new Client({ connectionString: h.databaseUrl });
      c.on('error', () => undefined);
      await c.connect();
      return c;
    }),
  );
  const values = Array.from({ length: batch }, (_, i) => `($${i * 5 + 1}, $${i * 5 + 2}, $${i * 5 + 3}, $${i * 5 + 4}, $${i * 5 + 5})`).join(', ');
  const text = `INSERT INTO events (stream_id, stream_position, type, data, metadata) VALUES ${values}`;
  const positions = MUNICIPALITIES.map(() => 0);
  const tag = Date.now().toString(36);
  try {
    return await measured(h, `raw INSERT batch ${batch}`, () =>
      runClosedLoop(loadOf(h), async (client): Promise<OpResult> => {
        const code = MUNICIPALITIES[client]!;
        const streamId = `raw-${tag}-b${batch}-c${client}`;
        const params: unknown[] = [];
        for (let i = 0; i < batch; i++) {
          const row = recordedRow(interestEnvelope('raw-pool', client), code);
          params.push(streamId, ++positions[client]!, row.type, JSON.stringify(row.data), JSON.stringify(row.metadata));
        }
        const r = await clients[client]!.query({ name: `raw_insert_${batch}`, text, values: params });
        return { events: r.rowCount ?? 0 };
      }),
    );
  } finally {
    await Promise.all(clients.map((c) => c.end().catch(() => undefined)));
  }
}

// ---------------------------------------------------------------------------------------------------------------------
// (4) Emmett's appendToStream: its own schema `emmett` in the same database, 8 concurrent clients, each its own stream
// (Emmett's bare append without an expected version fails, not waits, when two appends meet on one stream).

/**
 * Emmett's driver (dumbo) replaces node-postgres's global type parsers (bigint → BigInt, json/jsonb by its own
 * serializer) for the whole process the first time a store is made. Our event store in this process (diagnostics)
 * expects pg's defaults, so they are put back after the Emmett modes.
 */
function savePgTypeParsers(): () => void {
  const saved = [20, 114, 3802].map((oid) => [oid, pg.types.getTypeParser(oid, 'text')] as const);
  return () => {
    for (const [oid, parser] of saved) pg.types.setTypeParser(oid, 'text', parser);
  };
}

async function emmettMode(h: Harness, emmettUrl: string, batch: Batch) {
  const store = getPostgreSQLEventStore(emmettUrl);
  try {
    await store.schema.migrate(); // its tables, before the clock starts
    const tag = Date.now().toString(36);
    return await measured(h, `Emmett appendToStream batch ${batch}`, () =>
      runClosedLoop(loadOf(h), async (client): Promise<OpResult> => {
        const code = MUNICIPALITIES[client]!;
        const events = Array.from({ length: batch }, () => recordedRow(interestEnvelope('emmett-pool', client), code));
        const r = await store.appendToStream(`pool-emmett${tag}b${batch}c${client}`, events);
        return { events: r.createdNewStream || r.nextExpectedStreamVersion > 0n ? batch : 0 };
      }),
    );
  } finally {
    await store.close();
  }
}

// ---------------------------------------------------------------------------------------------------------------------
// (5) The hardware's limit for an HTTP endpoint in Node: fastify alone (bench/bare-http.ts) answering the same requests
// from the same clients with every event accepted — no NestJS, key, validation, decision or database. CPU: the bare
// server's, counted where the api's is.

async function httpBareMode(h: Harness, batch: Batch) {
  const port = await freePort();
  const server = startProcess('bare-http', ['-r', '@swc-node/register', 'bench/bare-http.ts'], { ...process.env, PORT: String(port) });
  const http = new HttpClient(`http://127.0.0.1:${port}`, 64);
  try {
    await waitForHttp(`http://127.0.0.1:${port}/health`, server, 60_000);
    return await measured(
      h,
      `bare fastify, no work, batch ${batch}`,
      () =>
        runClosedLoop(loadOf(h), async (client): Promise<OpResult> => {
          const code = MUNICIPALITIES[client]!;
          const events = Array.from({ length: batch }, () => interestEnvelope('bare-pool', client));
          const res = await http.request<{ results: Array<{ status: string }> }>('POST', `/api/v1/municipalities/${code}/events`, { bearer: h.keyOf(code), body: { events } });
          const accepted = res.status === 200 ? res.body.results.filter((r) => r.status === 'accepted').length : 0;
          return { events: accepted, failed: accepted !== batch };
        }),
      { servers: [server] },
    );
  } finally {
    http.close();
    await server.stop();
  }
}

// ---------------------------------------------------------------------------------------------------------------------
// Diagnostics: the api's cost taken apart, in this process (no HTTP, no NestJS, no API-key lookup).

async function diagnostics(h: Harness) {
  const store = new EventStore(h.db);
  const hashKey = submissionHashKey(Buffer.from(h.vaultEnv.PULJEFLOW_PSEUDONYM_KEY, 'base64'));
  const out: Record<string, unknown> = {};

  // (d1) The event store's write path alone, one event a transaction (no group commit): start (lock the stream, look
  // the key up), append, flush (event, stream version, notify, outcome), commit — the store's floor per request.
  const tag = Date.now().toString(36);
  out.eventStoreWriteBatchOfOneBatch1 = await measured(h, 'diagnostic: WriteBatch of one event (start, append, flush), batch 1', () =>
    runClosedLoop(loadOf(h), async (client): Promise<OpResult> => {
      const code = MUNICIPALITIES[client]!;
      const envelope = interestEnvelope('diag-pool', client);
      const row = recordedRow(envelope, code);
      const bodyHash = keyedBodyHash(hashKey, { type: envelope.type, occurredAt: envelope.occurredAt, data: envelope.data });
      const streamId = `diag-${tag}-c${client}`;
      await store.transaction(async (tx) => {
        const batch = new WriteBatch(tx);
        await batch.start({ lock: [streamId], keys: [{ scope: code, key: envelope.eventId }] });
        const append = await batch.append(streamId, [row], 'any');
        await batch.flush([{ scope: code, key: envelope.eventId, bodyHash, outcome: { status: 'accepted' }, positionOf: append }]);
      });
      return { events: 1 };
    }),
    { streams: MUNICIPALITIES.map((_, c) => `diag-${tag}-c${c}`) },
  );

  // (d2) The whole decision (MunicipalEventService.submit: idempotency, pool stream, decide, write), one pool per
  // client, one request a transaction: the api minus HTTP, NestJS, the key lookup and group commit.
  const vault = new CitizenVault({
    pool: h.db,
    pseudonymKey: Buffer.from(h.vaultEnv.PULJEFLOW_PSEUDONYM_KEY, 'base64'),
    keyEncryptionKey: Buffer.from(h.vaultEnv.PULJEFLOW_KEY_ENCRYPTION_KEY, 'base64'),
  });
  const service = new MunicipalEventService(store, { vault, hashKey });
  const poolIds = MUNICIPALITIES.map((_, c) => `diag-${tag}-c${c}`);
  for (const id of poolIds) await h.openPool(id);
  out.serviceSubmitPoolPerClientBatch1 = await measured(h, 'diagnostic: MunicipalEventService.submit in process, pool per client, batch 1', () =>
    runClosedLoop(loadOf(h), async (client): Promise<OpResult> => {
      const r = await service.submit(MUNICIPALITIES[client]!, interestEnvelope(poolIds[client]!, client), new Date());
      return { events: r.status === 'accepted' ? 1 : 0, failed: r.status !== 'accepted', tally: { [r.status]: 1 } };
    }),
    { streams: poolIds.map((id) => `pool-${id}`) },
  );

  // (d2b) The same through a SubmissionBatcher (group commit) as the api uses it: the api minus HTTP, NestJS and the
  // key lookup.
  const batcher = new SubmissionBatcher(service, { maxEvents: 1000, concurrency: 4, parallelFromEvents: 64 });
  out.batcherPoolPerClientBatch1 = await measured(h, 'diagnostic: SubmissionBatcher (group commit) in process, pool per client, batch 1', () =>
    runClosedLoop(loadOf(h), async (client): Promise<OpResult> => {
      const [r] = await batcher.submit(MUNICIPALITIES[client]!, [interestEnvelope(poolIds[client]!, client)]);
      return { events: r!.status === 'accepted' ? 1 : 0, failed: r!.status !== 'accepted', tally: { [r!.status]: 1 } };
    }),
    { streams: poolIds.map((id) => `pool-${id}`) },
  );

  // (d3) What folding a pool stream costs as it grows (a cold process reads it whole once; then the fold cache).
  const growth: Array<{ events: number; loadPoolMs: number }> = [];
  const growId = `diag-${tag}-growth`;
  await h.openPool(growId);
  const code = MUNICIPALITIES[0]!;
  let n = 1;
  for (const target of [1, 1_000, 5_000, 20_000]) {
    // Grow the stream with the same events, appended directly (fast), then time loadPool.
    while (n < target) {
      const k = Math.min(500, target - n);
      await store.append(`pool-${growId}`, Array.from({ length: k }, () => recordedRow(interestEnvelope(growId, 0), code)), { expectedVersion: n });
      n += k;
    }
    const times: number[] = [];
    for (let i = 0; i < 5; i++) {
      const t0 = performance.now();
      await loadPool(store, growId);
      times.push(performance.now() - t0);
    }
    times.sort((a, b) => a - b);
    growth.push({ events: n, loadPoolMs: Math.round(times[2]! * 100) / 100 });
    log(`  loadPool of a ${n}-event pool stream: ${growth.at(-1)!.loadPoolMs} ms (median of 5)`);
  }
  out.loadPoolByStreamLength = growth;
  return out;
}

// ---------------------------------------------------------------------------------------------------------------------

/**
 * Moves every projection's checkpoint to the head of the global order, so an api started with RUN_PROJECTIONS=on
 * follows only the events recorded from now on (the modes above left a backlog of hundreds of thousands of rows, raw
 * ones included, that is not what the measurement is about). Bench-only: the read models stay incomplete.
 */
async function skipProjectionsToHead(h: Harness) {
  const { rows } = await h.db.query<{ tx: string; pos: string }>(
    'SELECT transaction_id::text AS tx, global_position::text AS pos FROM events ORDER BY transaction_id DESC, global_position DESC LIMIT 1',
  );
  if (!rows[0]) return;
  const cursor = encodeCursorForBench(rows[0].tx, rows[0].pos);
  for (const p of allProjections) {
    await h.db.query(
      `INSERT INTO projection_checkpoints (name, cursor) VALUES ($1, $2) ON CONFLICT (name) DO UPDATE SET cursor = EXCLUDED.cursor, updated_at = now()`,
      [p.name, cursor],
    );
  }
}

/** The cursor format of libs/event-store/src/cursor.ts (not exported from the package). */
const encodeCursorForBench = (transactionId: string, globalPosition: string) => `${transactionId.padStart(20, '0')}-${globalPosition.padStart(19, '0')}`;

/** What the harness learnt about the server, for the machine section of the output. */
const pgInfo = { version: '', mode: '', settings: {} as Record<string, string> };

async function main() {
  const started = Date.now();
  const output = await withHarness(
    {
      municipalities: MUNICIPALITIES,
      api: { runProjections: false, env: API_ENV, ...(CPU_PROF_DIR ? { nodeArgs: cpuProfArgs('main') } : {}) },
      deadlineMs: 15 * 60_000,
    },
    async (h) => {
      pgInfo.version = h.pgVersion;
      pgInfo.mode = h.postgresMode;
      pgInfo.settings = h.pgSettings;
      const results: Results = {};
      if (['api', 'apiPoolPerClient', 'apiTwoProcesses', 'apiRejected'].some((m) => MODES.has(m))) await warmUp(h, h.http, 'main');
      // The api first: the pool streams start empty and the table holds only the api's rows while it runs.
      if (MODES.has('api')) {
        results.api = {};
        for (const batch of BATCHES) results.api[`batch${batch}`] = await apiMode(h, batch, 'shared', 'main');
      }
      if (MODES.has('apiPoolPerClient')) {
        results.apiPoolPerClient = {};
        for (const batch of BATCHES) results.apiPoolPerClient[`batch${batch}`] = await apiMode(h, batch, 'perClient', 'main');
      }
      if (MODES.has('apiTwoProcesses')) {
        results.apiTwoProcesses = {};
        for (const batch of BATCHES) results.apiTwoProcesses[`batch${batch}`] = await apiMode(h, batch, 'perClient', 'two api processes', { processes: 2 });
      }
      if (MODES.has('rawInsert')) {
        results.rawInsert = {};
        for (const batch of BATCHES) results.rawInsert[`batch${batch}`] = await rawInsertMode(h, batch);
      }
      if (MODES.has('emmett')) {
        results.emmett = {};
        const emmettUrl = await h.schemaUrl('emmett');
        const restore = savePgTypeParsers();
        try {
          for (const batch of BATCHES) results.emmett[`batch${batch}`] = await emmettMode(h, emmettUrl, batch);
        } finally {
          restore();
        }
      }
      if (MODES.has('httpBare')) {
        results.httpBare = {};
        for (const batch of BATCHES) results.httpBare[`batch${batch}`] = await httpBareMode(h, batch);
      }
      if (MODES.has('diagnostics') || MODES.has('apiRejected')) results.diagnostics = {};
      if (MODES.has('apiRejected')) {
        for (const batch of BATCHES) results.diagnostics![`apiRejectedUnknownPoolBatch${batch}`] = await apiRejectedMode(h, batch);
      }
      if (MODES.has('diagnostics')) Object.assign(results.diagnostics!, await diagnostics(h));
      if (MODES.has('apiWithProjections')) {
        // The api as `npm start` runs it: with the read-model projections in the same process, following new events
        // (checkpoints moved to the head first, see skipProjectionsToHead).
        await skipProjectionsToHead(h);
        await h.startApi({ runProjections: true, env: API_ENV, ...(CPU_PROF_DIR ? { nodeArgs: cpuProfArgs('projections') } : {}) });
        await warmUp(h, h.http, 'projections');
        results.apiWithProjections = { batch1: await apiMode(h, 1, 'perClient', 'RUN_PROJECTIONS=on') };
      }
      return results;
    },
  );

  const r = output;
  // Ratios and goals are null when either side was not measured (BENCH_MODES), not 0.
  const eps = (x?: ModeResult) => x?.eventsPerSec;
  const goal = (api: ModeResult | undefined, peer: ModeResult | undefined, factor: number) => (api && peer ? api.eventsPerSec >= factor * peer.eventsPerSec : null);
  const json = {
    machine: {
      cpus: os.cpus().length,
      cpuModel: os.cpus()[0]?.model,
      memoryGb: Math.round(os.totalmem() / 2 ** 30),
      node: process.version,
      pg: pgInfo.version,
      postgres: pgInfo.mode,
      pgSettings: pgInfo.settings,
    },
    config: {
      clients: CLIENTS,
      municipalities: MUNICIPALITIES,
      batches: BATCHES,
      warmupSecondsPerMode: WARMUP_SECONDS,
      measuredSecondsPerMode: SECONDS,
      event: 'InterestExpressed, a new eventId each',
      api: `one process, RUN_PROJECTIONS=off, LOG_LEVEL=${API_LOG_LEVEL}; 'api': all clients on one pool (one pool-<id> stream); 'apiPoolPerClient': one pool per client`,
      rawInsert: 'INSERT INTO events … VALUES (…),(…) with `batch` rows per statement, prepared, autocommit, one stream per client, no streams/idempotency rows',
      httpBare: 'bench/bare-http.ts: fastify alone answering the same POSTs (every event accepted; no NestJS, key, validation, decision or database), same client — the limit of an HTTP endpoint in Node on this machine; cpu.msPerEvent.api is its CPU',
      emmett: '@event-driven-io/emmett-postgresql 0.42.0 getPostgreSQLEventStore(url).appendToStream(stream, events) without expected version, schema `emmett` in the same database, one stream per client',
      latency: 'per HTTP request / INSERT statement / appendToStream call, operations completing inside the measured window',
      cpu: 'cpu.msPerEvent: CPU time (user+system, from /proc) of the api process, the PostgreSQL backends of the bench database and this process, per event recorded by the mode (warm-up and drain included): unlike events/s it does not depend on other work on the machine (see loadAverage1mAtEnd)',
      diagnostics: 'apiRejectedUnknownPool*: the api pipeline with an O(1) decision; eventStoreWriteBatchOfOneBatch1: WriteBatch start+append+flush of one event a transaction in this process (the store floor without group commit); serviceSubmitPoolPerClientBatch1: MunicipalEventService.submit in this process, one request a transaction; batcherPoolPerClientBatch1: the same through a SubmissionBatcher (group commit) — the api minus HTTP/NestJS/key lookup; loadPoolByStreamLength: the per-event pool replay as the pool stream grows',
      durability: pgInfo.mode === 'embedded' ? 'embedded PostgreSQL with persistent:false runs fsync=off: commits do not wait for the disk, for every mode alike' : 'as configured on the DATABASE_URL server',
    },
    results: Object.fromEntries(
      Object.entries(r).map(([mode, byKey]) => [
        mode,
        Object.fromEntries(Object.entries(byKey as Record<string, unknown>).map(([k, v]) => [k, v && typeof v === 'object' && 'eventsPerSec' in v ? printable(v as ModeResult) : v])),
      ]),
    ),
    ratios: {
      batch1ApiVsEmmett: ratio(eps(r.api?.batch1), eps(r.emmett?.batch1)),
      batch100ApiVsRawInsert: ratio(eps(r.api?.batch100), eps(r.rawInsert?.batch100)),
      batch1ApiVsRawInsert: ratio(eps(r.api?.batch1), eps(r.rawInsert?.batch1)),
      batch100ApiVsEmmett: ratio(eps(r.api?.batch100), eps(r.emmett?.batch100)),
      poolPerClient: {
        batch1ApiVsEmmett: ratio(eps(r.apiPoolPerClient?.batch1), eps(r.emmett?.batch1)),
        batch100ApiVsRawInsert: ratio(eps(r.apiPoolPerClient?.batch100), eps(r.rawInsert?.batch100)),
        batch1ApiVsRawInsert: ratio(eps(r.apiPoolPerClient?.batch1), eps(r.rawInsert?.batch1)),
        batch100ApiVsEmmett: ratio(eps(r.apiPoolPerClient?.batch100), eps(r.emmett?.batch100)),
      },
      emmettVsRawInsert: { batch1: ratio(eps(r.emmett?.batch1), eps(r.rawInsert?.batch1)), batch100: ratio(eps(r.emmett?.batch100), eps(r.rawInsert?.batch100)) },
      // How far any HTTP api in Node could get here: the bare server against Emmett and raw INSERT, and ours against it.
      httpBare: {
        batch1BareVsEmmett: ratio(eps(r.httpBare?.batch1), eps(r.emmett?.batch1)),
        batch100BareVsRawInsert: ratio(eps(r.httpBare?.batch100), eps(r.rawInsert?.batch100)),
        batch1ApiVsBare: ratio(eps(r.api?.batch1), eps(r.httpBare?.batch1)),
        batch1PoolPerClientApiVsBare: ratio(eps(r.apiPoolPerClient?.batch1), eps(r.httpBare?.batch1)),
        batch100ApiVsBare: ratio(eps(r.api?.batch100), eps(r.httpBare?.batch100)),
        batch100PoolPerClientApiVsBare: ratio(eps(r.apiPoolPerClient?.batch100), eps(r.httpBare?.batch100)),
      },
      p50LatencyApiOverPeer: {
        batch1ApiVsEmmett: ratio(r.api?.batch1?.p50Ms, r.emmett?.batch1?.p50Ms),
        batch100ApiVsRawInsert: ratio(r.api?.batch100?.p50Ms, r.rawInsert?.batch100?.p50Ms),
        poolPerClientBatch1ApiVsEmmett: ratio(r.apiPoolPerClient?.batch1?.p50Ms, r.emmett?.batch1?.p50Ms),
        poolPerClientBatch100ApiVsRawInsert: ratio(r.apiPoolPerClient?.batch100?.p50Ms, r.rawInsert?.batch100?.p50Ms),
      },
    },
    goals: {
      batch1AtLeast1_5xEmmett: goal(r.api?.batch1, r.emmett?.batch1, 1.5),
      batch100AtLeastHalfRaw: goal(r.api?.batch100, r.rawInsert?.batch100, 0.5),
      poolPerClient: {
        batch1AtLeast1_5xEmmett: goal(r.apiPoolPerClient?.batch1, r.emmett?.batch1, 1.5),
        batch100AtLeastHalfRaw: goal(r.apiPoolPerClient?.batch100, r.rawInsert?.batch100, 0.5),
      },
    },
    totalSeconds: Math.round((Date.now() - started) / 1000),
  };
  process.stdout.write(JSON.stringify(json, null, 2) + '\n');
}

main().then(
  () => process.exit(0),
  (err) => {
    log(`failed: ${err instanceof Error ? err.stack ?? err.message : String(err)}`);
    process.exit(1);
  },
);
