// The benchmarks' harness (bench:ingest, bench:import, bench:asof): a fresh PostgreSQL database with our migrations,
// the Temporal time-skipping test server, one api process as the start line runs it (and worker processes on request),
// fresh vault keys, seeded municipalities with API keys and an admin staff user. Everything listens on loopback, is
// bounded in time, and is torn down again — on success, on error, on Ctrl-C and when the hard deadline passes.
//
// Progress goes to stderr; a benchmark prints exactly one JSON object on stdout.
import { type ChildProcess, spawn } from 'node:child_process';
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { hash } from '@node-rs/argon2';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { Client, Pool } from 'pg';
import { demoPoolDefinition, type PoolDefinition } from '@puljeflow/domain';
import { runMigrations } from '@puljeflow/read-models';

export const repoRoot = path.resolve(__dirname, '..');

export const log = (message: string) => process.stderr.write(`[bench ${new Date().toISOString().slice(11, 23)}] ${message}\n`);

/** A real ESM import: `import()` in a file compiled by @swc-node/register becomes `require()`, which .mjs refuses. */
const esmImport = new Function('specifier', 'return import(specifier)') as <T = unknown>(specifier: string) => Promise<T>;

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const address = srv.address();
      srv.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

/** scripts/lib/postgres.mjs */
interface EmbeddedPostgresModule {
  startEmbeddedPostgres(opts: { dir: string; port: number; persistent?: boolean; log?: (line: string) => void }): Promise<{ adminUrl: string; stop: () => Promise<void> }>;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function withTimeout<T>(what: string, ms: number, p: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([p, new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`${what} took longer than ${ms} ms`)), ms)))]);
  } finally {
    clearTimeout(timer);
  }
}

/** A child process of ours (the api), with the tail of what it printed for error messages. */
export interface ManagedProcess {
  name: string;
  child: ChildProcess;
  output(): string;
  stop(): Promise<void>;
}

export function startProcess(name: string, args: string[], env: NodeJS.ProcessEnv): ManagedProcess {
  const child = spawn(process.execPath, args, { cwd: repoRoot, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  const keep = (d: Buffer) => {
    out = (out + d.toString()).slice(-64 * 1024);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return {
    name,
    child,
    output: () => out,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(timer);
    },
  };
}

export async function waitForHttp(url: string, proc: ManagedProcess, timeoutMs: number): Promise<void> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    if (proc.child.exitCode !== null) throw new Error(`${proc.name} exited early (code ${proc.child.exitCode}):\n${proc.output()}`);
    const ok = await fetch(url).then((r) => r.status === 200, () => false);
    if (ok) return;
    if (Date.now() > until) throw new Error(`${proc.name} did not answer ${url} within ${timeoutMs} ms:\n${proc.output()}`);
    await sleep(200);
  }
}

// ---------------------------------------------------------------------------------------------------------------------
// A small keep-alive HTTP client: lighter than fetch for a load generator that shares two cores with the system.

export interface HttpResponse<T = unknown> {
  status: number;
  body: T;
}

export class HttpClient {
  private readonly agent: http.Agent;
  private readonly base: URL;

  constructor(baseUrl: string, maxSockets = 16) {
    this.base = new URL(baseUrl);
    this.agent = new http.Agent({ keepAlive: true, maxSockets });
  }

  /** `body` is sent as JSON; `raw` as it is, with `contentType` (an NDJSON or CSV file). */
  request<T = unknown>(
    method: string,
    pathname: string,
    { bearer, body, raw, contentType }: { bearer?: string; body?: unknown; raw?: string | Buffer; contentType?: string } = {},
  ): Promise<HttpResponse<T>> {
    const payload = raw !== undefined ? (typeof raw === 'string' ? Buffer.from(raw) : raw) : body === undefined ? undefined : Buffer.from(JSON.stringify(body));
    const headers: http.OutgoingHttpHeaders = { accept: 'application/json' };
    if (bearer) headers.authorization = `Bearer ${bearer}`;
    if (payload) {
      headers['content-type'] = raw !== undefined ? (contentType ?? 'application/octet-stream') : 'application/json';
      headers['content-length'] = payload.length;
    }
    return new Promise((resolve, reject) => {
      const req = http.request(
        { host: this.base.hostname, port: this.base.port, method, path: pathname, headers, agent: this.agent, timeout: 120_000 },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => {
            const text = Buffer.concat(chunks).toString('utf8');
            let parsed: unknown = text;
            try {
              parsed = text ? JSON.parse(text) : null;
            } catch {
              /* not JSON: keep the text */
            }
            resolve({ status: res.statusCode ?? 0, body: parsed as T });
          });
          res.on('error', reject);
        },
      );
      req.on('timeout', () => req.destroy(new Error(`${method} ${pathname} timed out`)));
      req.on('error', reject);
      if (payload) req.write(payload);
      req.end();
    });
  }

  close() {
    this.agent.destroy();
  }
}

// ---------------------------------------------------------------------------------------------------------------------

export interface HarnessOptions {
  /** Municipality codes to seed, each with one API key. */
  municipalities: string[];
  /** The api process: projections on or off (default off), extra env, extra node flags (e.g. --cpu-prof). */
  api?: { runProjections?: boolean; env?: Record<string, string>; nodeArgs?: string[] };
  /** Everything (start, run, teardown) must end within this; then the harness tears down and exits with 1. */
  deadlineMs?: number;
}

/** The running system for one benchmark. Create with `withHarness`, which always tears it down. */
export class Harness {
  readonly apiKeys = new Map<string, string>();
  readonly vaultEnv = {
    PULJEFLOW_PSEUDONYM_KEY: randomBytes(32).toString('base64'),
    PULJEFLOW_KEY_ENCRYPTION_KEY: randomBytes(32).toString('base64'),
  };
  /** The bench's own connections to the fresh database (not the api's). */
  db!: Pool;
  databaseUrl!: string;
  /** A URL of the server's maintenance database (to create more databases on the same server). */
  serverUrl!: string;
  pgVersion = '';
  pgSettings: Record<string, string> = {};
  postgresMode: 'embedded' | 'DATABASE_URL' = 'embedded';
  temporal!: TestWorkflowEnvironment;
  api!: ManagedProcess;
  apiUrl = '';
  apiEnv: Record<string, string> = {};
  http!: HttpClient;
  staffToken = '';
  private readonly cleanups: Array<{ what: string; fn: () => Promise<void> }> = [];
  private readonly children = new Set<ManagedProcess>();
  private stopped: Promise<void> | undefined;

  /** Registers a teardown step; steps run in reverse order of registration. */
  onCleanup(what: string, fn: () => Promise<void>) {
    this.cleanups.push({ what, fn });
  }

  /** Synchronous part of teardown, for signals: the OS processes we started get SIGTERM at once. */
  killChildrenNow() {
    for (const p of this.children) if (p.child.exitCode === null && p.child.signalCode === null) p.child.kill('SIGTERM');
  }

  stop(): Promise<void> {
    this.stopped ??= (async () => {
      for (const { what, fn } of this.cleanups.reverse()) {
        try {
          await withTimeout(`cleanup: ${what}`, 20_000, fn());
        } catch (err) {
          log(`cleanup of ${what} failed: ${err instanceof Error ? err.message : String(err)}`);
        }
      }
    })();
    return this.stopped;
  }

  async start(options: HarnessOptions) {
    await this.startPostgres();
    log('running migrations');
    await runMigrations(this.databaseUrl);
    this.db = new Pool({ connectionString: this.databaseUrl, max: 12 });
    this.db.on('error', () => undefined);
    this.onCleanup('bench connection pool', () => this.db.end());
    const info = await this.db.query<{ v: string }>("SELECT current_setting('server_version') AS v");
    this.pgVersion = info.rows[0]!.v;
    for (const name of ['fsync', 'synchronous_commit', 'shared_buffers', 'max_connections']) {
      this.pgSettings[name] = (await this.db.query(`SHOW ${name}`)).rows[0][name];
    }

    log('starting the Temporal time-skipping test server');
    this.temporal = await TestWorkflowEnvironment.createTimeSkipping({
      server: { executable: { type: 'existing-path', path: path.join(repoRoot, 'tools/venv/bin/temporal-test-server') } },
    });
    this.onCleanup('Temporal test server', () => this.temporal.teardown());

    await this.seed(options.municipalities);
    await this.startApi(options.api ?? {});
  }

  private async startPostgres() {
    const given = process.env.DATABASE_URL;
    const name = `bench_${randomBytes(5).toString('hex')}`;
    if (given) {
      this.postgresMode = 'DATABASE_URL';
      this.serverUrl = given;
      log(`using the PostgreSQL server of DATABASE_URL; fresh database ${name}`);
    } else {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'puljeflow-bench-'));
      this.onCleanup('temp dir', async () => fs.rmSync(dir, { recursive: true, force: true }));
      const port = await freePort();
      log(`starting embedded PostgreSQL on 127.0.0.1:${port} in ${dir}`);
      const { startEmbeddedPostgres } = await esmImport<EmbeddedPostgresModule>(pathToFileURL(path.join(repoRoot, 'scripts/lib/postgres.mjs')).href);
      const pgLog: string[] = [];
      const server = await startEmbeddedPostgres({ dir: path.join(dir, 'pg'), port, persistent: false, log: (l: string) => pgLog.push(l) });
      this.onCleanup('embedded PostgreSQL', () => server.stop());
      this.serverUrl = server.adminUrl;
    }
    const admin = new Client({ connectionString: this.serverUrl });
    await admin.connect();
    try {
      await admin.query(`CREATE DATABASE "${name}"`);
    } finally {
      await admin.end();
    }
    this.onCleanup(`database ${name}`, () => this.dropDatabase(name));
    const url = new URL(this.serverUrl);
    url.pathname = `/${name}`;
    this.databaseUrl = url.toString();
  }

  private async dropDatabase(name: string) {
    const c = new Client({ connectionString: this.serverUrl });
    await c.connect();
    try {
      await c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    } finally {
      await c.end();
    }
  }

  private async seed(municipalities: string[]) {
    for (const code of municipalities) {
      await this.db.query('INSERT INTO municipalities (code, name) VALUES ($1, $2) ON CONFLICT DO NOTHING', [code, `Kommune ${code}`]);
      const key = `pfk_${code}_${randomUUID()}`;
      await this.db.query('INSERT INTO api_keys (id, municipality_code, name, key_hash, key_prefix) VALUES ($1, $2, $3, $4, $5)', [
        randomUUID(),
        code,
        'bench key',
        createHash('sha256').update(key).digest('hex'),
        key.slice(0, 12),
      ]);
      this.apiKeys.set(code, key);
    }
    this.staffPassword = randomBytes(18).toString('base64url');
    await this.db.query('INSERT INTO staff_users (username, display_name, password_hash, roles) VALUES ($1, $2, $3, $4)', [
      'bench-admin',
      'Bench admin',
      await hash(this.staffPassword),
      ['admin'],
    ]);
  }

  private staffPassword = '';

  /** Starts (or restarts with other settings) the one api process and signs the admin in. */
  async startApi({ runProjections = false, env = {}, nodeArgs = [] }: NonNullable<HarnessOptions['api']>) {
    if (this.api) {
      await this.api.stop();
      this.children.delete(this.api);
      this.http.close();
    }
    const port = await freePort();
    this.apiEnv = {
      DATABASE_URL: this.databaseUrl,
      TEMPORAL_ADDRESS: this.temporal.address,
      PORT: String(port),
      HOST: '127.0.0.1',
      LOG_LEVEL: 'warn',
      RUN_PROJECTIONS: runProjections ? 'on' : 'off',
      PULJEFLOW_SERVICE: 'api',
      ...this.vaultEnv,
      ...env,
    };
    log(`starting the api on 127.0.0.1:${port} (RUN_PROJECTIONS=${this.apiEnv.RUN_PROJECTIONS}, LOG_LEVEL=${this.apiEnv.LOG_LEVEL})`);
    const api = startProcess('api', [...nodeArgs, '-r', '@swc-node/register', 'apps/api/src/main.ts'], { ...process.env, ...this.apiEnv });
    this.api = api;
    this.children.add(api);
    if (!this.cleanups.some((c) => c.what === 'api process')) {
      this.onCleanup('api process', async () => {
        this.http?.close();
        await this.api.stop();
      });
    }
    this.apiUrl = `http://127.0.0.1:${port}`;
    await waitForHttp(`${this.apiUrl}/api/health`, api, 120_000);
    this.http = new HttpClient(this.apiUrl, 64);
    const session = await this.http.request<{ token: string }>('POST', '/api/v1/staff/session', { body: { username: 'bench-admin', password: this.staffPassword } });
    if (session.status !== 200) throw new Error(`staff sign-in failed: ${session.status} ${JSON.stringify(session.body)}`);
    this.staffToken = session.body.token;
  }

  /**
   * Opens a pool through the staff API (as an admin would): the 2019 rules, the interest window open for
   * `interestInMinutes` from now on the wall clock (the api decides interest on it), and `commitmentsOre` to hand out.
   */
  async openPool(poolId: string, { commitmentsOre = 1_000_000_000_000, interestInMinutes = 600 } = {}): Promise<PoolDefinition> {
    const base = demoPoolDefinition(new Date(), { interestInMinutes });
    const definition: PoolDefinition = { ...base, poolId, name: `Bench ${poolId}`, money: { ...base.money, commitmentsOre } };
    const res = await this.http.request('POST', '/api/v1/staff/pools', { bearer: this.staffToken, body: definition });
    if (res.status !== 201) throw new Error(`opening pool ${poolId} failed: ${res.status} ${JSON.stringify(res.body)}`);
    return definition;
  }

  /**
   * Starts a worker process (apps/worker/src/main.ts as the start line runs it: Temporal workflows and activities,
   * bulk imports among them) on the same database and Temporal server, with the api's vault keys (imports decide course
   * starts, which seal CPR numbers), payment files in a temp dir, LOG_LEVEL=warn and RUN_PROJECTIONS=off unless asked
   * otherwise. Resolves once its health endpoint says the worker is polling; stopped at teardown.
   */
  async startWorker({ runProjections = false, env = {}, nodeArgs = [] }: { runProjections?: boolean; env?: Record<string, string>; nodeArgs?: string[] } = {}): Promise<ManagedProcess> {
    const healthPort = await freePort();
    const paymentsDir = fs.mkdtempSync(path.join(os.tmpdir(), 'puljeflow-bench-payments-'));
    this.onCleanup('payment files dir', async () => fs.rmSync(paymentsDir, { recursive: true, force: true }));
    const name = `worker-${this.workers.length}`;
    const workerEnv: Record<string, string> = {
      DATABASE_URL: this.databaseUrl,
      TEMPORAL_ADDRESS: this.temporal.address,
      WORKER_HEALTH_PORT: String(healthPort),
      PAYMENT_FILES_DIR: paymentsDir,
      LOG_LEVEL: 'warn',
      RUN_PROJECTIONS: runProjections ? 'on' : 'off',
      PULJEFLOW_SERVICE: 'worker',
      ...this.vaultEnv,
      ...env,
    };
    log(`starting ${name} (RUN_PROJECTIONS=${workerEnv.RUN_PROJECTIONS}, health on 127.0.0.1:${healthPort})`);
    const worker = startProcess(name, [...nodeArgs, '-r', '@swc-node/register', 'apps/worker/src/main.ts'], { ...process.env, ...workerEnv });
    this.children.add(worker);
    this.workers.push(worker);
    this.onCleanup(`${name} process`, () => worker.stop());
    // The first start bundles the workflow code with webpack: allow for a slow, shared machine.
    await waitForHttp(`http://127.0.0.1:${healthPort}/health`, worker, 180_000);
    return worker;
  }

  /**
   * Another api process beside the first, on its own port, with the same settings (database, Temporal, vault keys,
   * env): the api is stateless and scales out, as deployed behind a load balancer. Stopped at teardown.
   */
  async startApiReplica({ nodeArgs = [] }: { nodeArgs?: string[] } = {}): Promise<{ process: ManagedProcess; url: string; http: HttpClient }> {
    const port = await freePort();
    const name = `api-${this.apiReplicas.length + 2}`;
    log(`starting ${name} on 127.0.0.1:${port} (the api's settings)`);
    const api = startProcess(name, [...nodeArgs, '-r', '@swc-node/register', 'apps/api/src/main.ts'], { ...process.env, ...this.apiEnv, PORT: String(port) });
    this.children.add(api);
    const url = `http://127.0.0.1:${port}`;
    const replica = { process: api, url, http: new HttpClient(url, 64) };
    this.apiReplicas.push(replica);
    this.onCleanup(`${name} process`, async () => {
      replica.http.close();
      await api.stop();
    });
    await waitForHttp(`${url}/api/health`, api, 120_000);
    return replica;
  }

  /** Api processes started with `startApiReplica` and not stopped yet, beside `api`. */
  readonly apiReplicas: Array<{ process: ManagedProcess; url: string; http: HttpClient }> = [];

  /** Stops the replicas (a mode that used them leaves one api process for the next). */
  async stopApiReplicas(): Promise<void> {
    for (const replica of this.apiReplicas.splice(0)) {
      replica.http.close();
      await replica.process.stop();
      this.children.delete(replica.process);
    }
  }

  /** Worker processes started with `startWorker`, in start order. */
  readonly workers: ManagedProcess[] = [];

  /** Adds a staff user with `roles` (e.g. a caseworker and an approver for four-eyes steps) and signs them in. */
  async addStaffUser(username: string, roles: string[]): Promise<string> {
    const password = randomBytes(18).toString('base64url');
    await this.db.query('INSERT INTO staff_users (username, display_name, password_hash, roles) VALUES ($1, $2, $3, $4)', [username, username, await hash(password), roles]);
    const session = await this.http.request<{ token: string }>('POST', '/api/v1/staff/session', { body: { username, password } });
    if (session.status !== 200) throw new Error(`sign-in of ${username} failed: ${session.status} ${JSON.stringify(session.body)}`);
    return session.body.token;
  }

  keyOf(code: string): string {
    const key = this.apiKeys.get(code);
    if (!key) throw new Error(`no key for municipality ${code}`);
    return key;
  }

  /** A connection string to the same database whose sessions use `schema` (created if missing) first. */
  async schemaUrl(schema: string): Promise<string> {
    await this.db.query(`CREATE SCHEMA IF NOT EXISTS "${schema}"`);
    const url = new URL(this.databaseUrl);
    url.searchParams.set('options', `-c search_path=${schema}`);
    return url.toString();
  }
}

/**
 * Starts the harness, runs `fn`, and tears everything down whatever happens: an error, SIGINT/SIGTERM, or the hard
 * deadline (then the process exits with 1 after teardown).
 */
export async function withHarness<T>(options: HarnessOptions, fn: (h: Harness) => Promise<T>): Promise<T> {
  const h = new Harness();
  const deadlineMs = options.deadlineMs ?? 10 * 60_000;
  const abort = (why: string, code: number) => {
    log(`${why}: tearing down`);
    h.killChildrenNow();
    void h.stop().finally(() => process.exit(code));
  };
  const onSignal = (signal: NodeJS.Signals) => abort(`received ${signal}`, 130);
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  const deadline = setTimeout(() => abort(`the hard deadline of ${deadlineMs / 1000} s passed`, 1), deadlineMs);
  deadline.unref();
  try {
    await h.start(options);
    return await fn(h);
  } catch (err) {
    if (h.api) log(`api output (tail):\n${h.api.output().slice(-4000)}`);
    for (const w of h.workers) log(`${w.name} output (tail):\n${w.output().slice(-4000)}`);
    throw err;
  } finally {
    clearTimeout(deadline);
    log('tearing down');
    await h.stop();
    process.removeListener('SIGINT', onSignal);
    process.removeListener('SIGTERM', onSignal);
  }
}

// ---------------------------------------------------------------------------------------------------------------------
// Measuring: closed-loop clients, latency percentiles, throughput.

export interface OpResult {
  /** Events this operation recorded (counted into events/s). */
  events: number;
  /** Operations that did not do what was asked (non-2xx, rejected events …): counted, not timed into success. */
  failed?: boolean;
  /** Free-form tallies (e.g. per result status) summed over the run. */
  tally?: Record<string, number>;
}

export interface LoadResult {
  eventsPerSec: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
  requests: number;
  events: number;
  /** Events of every operation, warm-up and drain included (for costs per event over the whole run). */
  eventsIncludingWarmup: number;
  failedRequests: number;
  seconds: number;
  /** Events/s in the first and the last third of the measured window: a falling rate shows work growing with the data. */
  firstThirdEventsPerSec: number;
  lastThirdEventsPerSec: number;
  tally?: Record<string, number>;
  /** The measured window in wall-clock time (epoch ms), to match database timestamps against. */
  windowStartEpochMs: number;
  windowEndEpochMs: number;
}

export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank - 1))]!;
}

const round = (n: number, digits = 2) => (Number.isFinite(n) ? Math.round(n * 10 ** digits) / 10 ** digits : n);

/**
 * `clients` closed-loop clients call `op` back to back for `warmupMs + durationMs`. Operations that complete inside
 * the measured window (after the warm-up) count: their events make the throughput, their durations the latencies.
 * After the window no new operation starts; those in flight are awaited (not counted), at most `drainMs`.
 */
export async function runClosedLoop(
  {
    clients,
    warmupMs,
    durationMs,
    drainMs = 60_000,
    atWindowStart,
  }: {
    clients: number;
    warmupMs: number;
    durationMs: number;
    drainMs?: number;
    /** Runs once when the warm-up ends, beside the clients (e.g. ANALYZE, as autovacuum would by then). */
    atWindowStart?: () => Promise<unknown>;
  },
  op: (client: number, iteration: number) => Promise<OpResult>,
): Promise<LoadResult> {
  const t0 = performance.now();
  const windowStart = t0 + warmupMs;
  let hook: Promise<unknown> = Promise.resolve();
  const hookTimer = atWindowStart ? setTimeout(() => (hook = atWindowStart()), warmupMs) : undefined;
  const windowEnd = windowStart + durationMs;
  const third = durationMs / 3;
  const latencies: number[] = [];
  let events = 0;
  let allEvents = 0;
  let failed = 0;
  let firstThird = 0;
  let lastThird = 0;
  const tally: Record<string, number> = {};
  let firstError: unknown;
  const loop = async (client: number) => {
    for (let i = 0; performance.now() < windowEnd; i++) {
      const started = performance.now();
      let result: OpResult;
      try {
        result = await op(client, i);
      } catch (err) {
        firstError ??= err;
        result = { events: 0, failed: true };
      }
      const ended = performance.now();
      allEvents += result.events;
      if (ended < windowStart || ended > windowEnd) continue;
      latencies.push(ended - started);
      events += result.events;
      if (ended - windowStart < third) firstThird += result.events;
      if (windowEnd - ended <= third) lastThird += result.events;
      if (result.failed) failed++;
      for (const [k, v] of Object.entries(result.tally ?? {})) tally[k] = (tally[k] ?? 0) + v;
    }
  };
  await withTimeout('the load run', warmupMs + durationMs + drainMs, Promise.all(Array.from({ length: clients }, (_, c) => loop(c))));
  clearTimeout(hookTimer);
  await hook;
  if (firstError) log(`first error of the run: ${firstError instanceof Error ? firstError.stack ?? firstError.message : String(firstError)}`);
  latencies.sort((a, b) => a - b);
  const seconds = durationMs / 1000;
  return {
    eventsPerSec: round(events / seconds, 1),
    p50Ms: round(percentile(latencies, 50)),
    p99Ms: round(percentile(latencies, 99)),
    maxMs: round(latencies.at(-1) ?? NaN),
    requests: latencies.length,
    events,
    eventsIncludingWarmup: allEvents,
    failedRequests: failed,
    seconds,
    firstThirdEventsPerSec: round(firstThird / (seconds / 3), 1),
    lastThirdEventsPerSec: round(lastThird / (seconds / 3), 1),
    ...(Object.keys(tally).length ? { tally } : {}),
    windowStartEpochMs: Math.round(performance.timeOrigin + windowStart),
    windowEndEpochMs: Math.round(performance.timeOrigin + windowEnd),
  };
}

export const ratio = (a?: number, b?: number) => (a !== undefined && b !== undefined && b > 0 ? round(a / b, 3) : null);

// ---------------------------------------------------------------------------------------------------------------------
// CPU time per process, from /proc (Linux): what a mode costs in CPU-ms per event does not depend on how busy the
// machine is with other work, unlike events/s and latencies.

const CLOCK_TICKS_PER_SEC = 100; // USER_HZ on Linux

/** User and system CPU-ms of a process so far; undefined when it is gone (or this is not Linux). */
function processCpu(pid: number): { user: number; system: number } | undefined {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // After "pid (comm) ": state is field 3 of stat(5); utime and stime are fields 14 and 15.
    return { user: (Number(fields[11]) * 1000) / CLOCK_TICKS_PER_SEC, system: (Number(fields[12]) * 1000) / CLOCK_TICKS_PER_SEC };
  } catch {
    return undefined;
  }
}

/** User + system CPU-ms of a process so far (from /proc); undefined when it is gone. */
export const processCpuMs = (pid: number) => {
  const c = processCpu(pid);
  return c && c.user + c.system;
};

export interface CpuUse {
  /** CPU-ms of the api process, and of its replicas if any (0 when the mode does not use the api). */
  apiMs: number;
  /** Of which in the kernel (system calls: sockets to the clients and to PostgreSQL). */
  apiSystemMs: number;
  /** CPU-ms of this process (the load generator, and the in-process peers). */
  benchMs: number;
  /** CPU-ms of the PostgreSQL backends serving the bench database. */
  postgresMs: number;
  /** The machine's 1-minute load average at the end, against its CPU count: other work on the machine shows here. */
  loadAverage1m: number;
}

/** Starts counting; the returned function stops and answers the CPU used in between. */
export async function cpuMeter(h: Harness, { api, servers = [] }: { api: boolean; servers?: ManagedProcess[] }): Promise<() => Promise<CpuUse>> {
  const backendPids = async () =>
    (await h.db.query<{ pid: number }>('SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()')).rows.map((r) => r.pid);
  // `servers`: other server processes the mode runs (counted as the api's CPU).
  const apiPids = [...(api ? [h.api, ...h.apiReplicas.map((r) => r.process)] : []), ...servers].flatMap((p) => (p.child.pid === undefined ? [] : [p.child.pid]));
  const apisCpu = () =>
    apiPids.reduce(
      (sum, pid) => {
        const c = processCpu(pid) ?? { user: 0, system: 0 };
        return { user: sum.user + c.user, system: sum.system + c.system };
      },
      { user: 0, system: 0 },
    );
  const apiStart = apisCpu();
  const benchStart = process.cpuUsage();
  const pgStart = new Map<number, number>();
  for (const pid of await backendPids()) pgStart.set(pid, processCpuMs(pid) ?? 0);
  return async () => {
    const bench = process.cpuUsage(benchStart);
    let postgresMs = 0;
    // Backends that began during the mode count whole; those that ended during it are lost (pools keep theirs open).
    for (const pid of await backendPids()) postgresMs += (processCpuMs(pid) ?? 0) - (pgStart.get(pid) ?? 0);
    const apiEnd = apiPids.length > 0 ? apisCpu() : apiStart;
    return {
      apiMs: Math.round(apiEnd.user + apiEnd.system - apiStart.user - apiStart.system),
      apiSystemMs: Math.round(apiEnd.system - apiStart.system),
      benchMs: Math.round((bench.user + bench.system) / 1000),
      postgresMs: Math.round(postgresMs),
      loadAverage1m: Math.round(os.loadavg()[0]! * 100) / 100,
    };
  };
}

/** A whole-number setting from the environment (`fallback` when unset or empty); an error for anything else. */
export function intEnv(name: string, fallback: number): number {
  const v = process.env[name];
  if (v === undefined || v === '') return fallback;
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0) throw new Error(`${name} must be a whole number, got ${v}`);
  return n;
}

/** The database's counters (pg_stat_database) for the bench database: read before and after a mode to compare. */
export interface DbCounters {
  commits: number;
  rollbacks: number;
  rowsFetched: number;
  rowsReturned: number;
  rowsInserted: number;
  rowsUpdated: number;
}

export async function dbCounters(h: Harness): Promise<DbCounters> {
  const { rows } = await h.db.query(
    `SELECT xact_commit::float8 AS commits, xact_rollback::float8 AS rollbacks, tup_fetched::float8 AS "rowsFetched",
            tup_returned::float8 AS "rowsReturned", tup_inserted::float8 AS "rowsInserted", tup_updated::float8 AS "rowsUpdated"
     FROM pg_stat_database WHERE datname = current_database()`,
  );
  return rows[0] as DbCounters;
}
