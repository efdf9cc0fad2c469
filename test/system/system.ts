import { execFile } from 'node:child_process';
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { hash } from '@node-rs/argon2';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { Pool } from 'pg';
import { findRoute, validateResponse } from '@puljeflow/contracts';
import { runMigrations } from '@puljeflow/read-models';
import { demoPoolDefinition, type PoolDefinition } from '@puljeflow/domain';
import { ContractRecorder, createFreshDatabase, freePort, OwnPostgres, startNodeProcess, startTsProcess, temporalCliPath, temporalTestServerPath, waitForHttp, type FreshDatabase, type RunningProcess } from '@puljeflow/test-support';

export interface StaffAccount {
  username: string;
  password: string;
  roles: string[];
}

export interface SystemOptions {
  apis?: number;
  workers?: number;
  municipalities?: string[];
  staff?: StaffAccount[];
  /** Extra environment for the api processes (e.g. a low rate limit). */
  apiEnv?: Record<string, string>;
  /** Extra environment for the worker processes, those started later by `startWorker` too (e.g. PAYMENT_FILES_DIR). */
  workerEnv?: Record<string, string>;
  /** A database server of the test's own, which it may stop and start (see `database`). */
  ownPostgres?: boolean;
  /** A folder holding a production build (its dist/ and production node_modules): migrations, api and worker then run
   * from it with plain node, not TypeScript through swc. */
  fromBuild?: string;
  /** The Temporal dev server on the wall clock instead of the time-skipping test server (timers fire in real time). */
  realTime?: boolean;
}

/** An entry point (api, worker, cli) of the build in `folder`, as its manifest names it (scripts/lib/build.mjs). */
export function builtEntry(folder: string, part: 'api' | 'worker' | 'cli'): string {
  const manifest = JSON.parse(readFileSync(path.join(folder, 'dist', 'build.json'), 'utf8')) as { entries: Record<string, string> };
  return path.join(folder, 'dist', manifest.entries[part]!);
}

export interface HttpResult<T = any> {
  status: number;
  headers: Headers;
  body: T;
}

/**
 * The whole back end for a cross-process test: a fresh database with migrations, the real time-skipping Temporal
 * server, and api and worker processes started as the start line starts them.
 */
export class TestSystem {
  readonly apiKeys = new Map<string, string>();
  /** Fresh vault keys per system, as the api reads them from its environment. */
  readonly vaultEnv = { PULJEFLOW_PSEUDONYM_KEY: randomBytes(32).toString('base64'), PULJEFLOW_KEY_ENCRYPTION_KEY: randomBytes(32).toString('base64') };
  private apiUrls: string[] = [];
  private processes: RunningProcess[] = [];
  /** Processes stopped on purpose (their output still counts for the log checks). */
  private retired: RunningProcess[] = [];
  private apiEnvironment: Record<string, string> = {};
  /** What every worker process is started with (set once by `start`). */
  private workerEnv: Record<string, string> = {};
  private workersStarted = 0;
  /** Processes a test ended on purpose (`kill`): not crashes, so `exited` leaves them out. */
  private readonly killed = new Set<RunningProcess>();

  private constructor(
    readonly db: FreshDatabase,
    readonly pool: Pool,
    readonly temporal: TestWorkflowEnvironment,
  ) {}

  /** The test's own database server, when `ownPostgres` was asked for. */
  database: OwnPostgres | null = null;
  /** The production build's folder the processes run from (`fromBuild`), if any. */
  fromBuild: string | undefined;
  /** What the migrations said: the build's `cli.js migrate` output, or the migrations applied. */
  migrations = '';

  /** An api or worker process: TypeScript through swc, or the production build's entry point with plain node. */
  private startPart(name: string, part: 'api' | 'worker', env: Record<string, string>): RunningProcess {
    if (!this.fromBuild) return startTsProcess(name, part === 'api' ? 'apps/api/src/main.ts' : 'apps/worker/src/main.ts', env);
    return startNodeProcess(name, [builtEntry(this.fromBuild, part)], env, this.fromBuild);
  }

  static async start(options: SystemOptions = {}): Promise<TestSystem> {
    const own = options.ownPostgres ? await OwnPostgres.start() : null;
    const db: FreshDatabase = own
      ? { name: 'puljeflow', url: await own.createDatabase('puljeflow'), drop: () => own.stop() }
      : await createFreshDatabase('sys');
    const migrations = options.fromBuild
      ? (await promisify(execFile)(process.execPath, [builtEntry(options.fromBuild, 'cli'), 'migrate'], { cwd: options.fromBuild, env: { ...process.env, DATABASE_URL: db.url } })).stdout
      : (await runMigrations(db.url)).join(', ');
    const pool = new Pool({ connectionString: db.url, max: 4 });
    pool.on('error', () => undefined);
    const temporal = options.realTime
      ? await TestWorkflowEnvironment.createLocal({ server: { executable: { type: 'existing-path', path: temporalCliPath() } } })
      : await TestWorkflowEnvironment.createTimeSkipping({ server: { executable: { type: 'existing-path', path: temporalTestServerPath() } } });
    const system = new TestSystem(db, pool, temporal);
    system.database = own;
    system.fromBuild = options.fromBuild;
    system.migrations = migrations;
    await system.seed(options.municipalities ?? [], options.staff ?? []);
    const env = { DATABASE_URL: db.url, TEMPORAL_ADDRESS: temporal.address, ...system.vaultEnv };
    system.workerEnv = { ...env, ...(options.workerEnv ?? {}) };
    for (let i = 0; i < (options.workers ?? 1); i++) await system.startWorker();
    for (let i = 0; i < (options.apis ?? 1); i++) {
      const port = await freePort();
      system.apiEnvironment = { ...env, ...(options.apiEnv ?? {}) };
      const api = system.startPart(`api-${i}`, 'api', { ...system.apiEnvironment, PORT: String(port) });
      system.processes.push(api);
      const url = `http://127.0.0.1:${port}`;
      await waitForHttp(`${url}/api/health`, [api]);
      system.apiUrls.push(url);
    }
    return system;
  }

  private async seed(municipalities: string[], staff: StaffAccount[]) {
    for (const code of municipalities) {
      await this.pool.query('INSERT INTO municipalities (code, name) VALUES ($1, $2) ON CONFLICT DO NOTHING', [code, `Kommune ${code}`]);
      const key = `pfk_${code}_${randomUUID()}`;
      await this.pool.query('INSERT INTO api_keys (id, municipality_code, name, key_hash, key_prefix) VALUES ($1, $2, $3, $4, $5)', [
        randomUUID(),
        code,
        'test key',
        createHash('sha256').update(key).digest('hex'),
        key.slice(0, 12),
      ]);
      this.apiKeys.set(code, key);
    }
    for (const s of staff) {
      await this.pool.query('INSERT INTO staff_users (username, display_name, password_hash, roles) VALUES ($1, $2, $3, $4)', [s.username, s.username, await hash(s.password), s.roles]);
    }
  }

  /**
   * A pool with the 2019 rules and a present-day calendar whose interest deadline lies ahead on BOTH clocks: the api
   * decides interest on the wall clock, the workflow waits on Temporal's (which tests move forward with `sleep`).
   */
  async presentDayPool(poolId: string, commitmentsOre: number, interestInMinutes = 60): Promise<PoolDefinition> {
    const skewMinutes = Math.max(0, Math.ceil(((await this.temporal.currentTimeMs()) - Date.now()) / 60_000));
    const base = demoPoolDefinition(new Date(), { interestInMinutes: skewMinutes + interestInMinutes });
    return { ...base, poolId, money: { ...base.money, commitmentsOre } };
  }

  /**
   * A present-day pool, opened by `admin`, with interest from each municipality, allocated by its workflow on
   * Temporal's clock, and its commitments prepared by `caseworker` and issued by `approver` (four-eyes). On the dev
   * server (`realTime`) the interest deadline is `timing.interestInMinutes` of real time away.
   */
  async committedPool(poolId: string, requests: Record<string, number>, staff: { admin: string; caseworker: string; approver: string }, commitmentsOre = 10_000_000, timing = { interestInMinutes: 60, marginMs: 60_000 }): Promise<PoolDefinition> {
    const definition = await this.presentDayPool(poolId, commitmentsOre, timing.interestInMinutes);
    const expectOk = (what: string, res: HttpResult) => {
      if (res.status >= 300) throw new Error(`${what}: ${res.status} ${JSON.stringify(res.body)}`);
    };
    expectOk('open pool', await this.http('POST', '/api/v1/staff/pools', { bearer: staff.admin, body: definition }));
    for (const [code, amount] of Object.entries(requests)) {
      const res = await this.http('POST', `/api/v1/municipalities/${code}/events`, {
        bearer: this.keyOf(code),
        body: { events: [{ eventId: randomUUID(), type: 'InterestExpressed', occurredAt: new Date().toISOString(), data: { poolId, requestedAmountOre: amount, expectedParticipants: 5, contactEmail: 'jc@example.dk' } }] },
      });
      if (res.body?.results?.[0]?.status !== 'accepted') throw new Error(`interest of ${code}: ${JSON.stringify(res.body)}`);
    }
    await this.passInstant(definition.calendar.interestDeadline, timing.marginMs);
    for (let i = 0; ; i++) {
      const res = await this.http('GET', `/api/v1/staff/pools/${poolId}/overview`, { bearer: staff.caseworker });
      if (res.body?.pool?.status === 'allocated') break;
      if (i > 300) throw new Error(`pool ${poolId} was not allocated`);
      await new Promise((r) => setTimeout(r, 200));
    }
    for (const code of Object.keys(requests)) {
      expectOk(`prepare ${code}`, await this.http('POST', `/api/v1/staff/pools/${poolId}/commitments/${code}/prepare`, { bearer: staff.caseworker, body: {} }));
      expectOk(`approve ${code}`, await this.http('POST', `/api/v1/staff/pools/${poolId}/commitments/${code}/approve`, { bearer: staff.approver, body: {} }));
    }
    return definition;
  }

  /** Moves Temporal's clock past an instant (plus a margin), so the workflow's timers for it fire. */
  async passInstant(instant: string, marginMs = 60_000): Promise<void> {
    const wait = Date.parse(instant) - (await this.temporal.currentTimeMs()) + marginMs;
    if (wait > 0) await this.temporal.sleep(wait);
  }

  /** The origin of an api process, for a client of its own (e.g. the fuzzer). */
  baseUrl(apiIndex = 0): string {
    const url = this.apiUrls[apiIndex];
    if (!url) throw new Error(`no api-${apiIndex}`);
    return url;
  }

  keyOf(code: string): string {
    const key = this.apiKeys.get(code);
    if (!key) throw new Error(`no test key for municipality ${code}`);
    return key;
  }

  /** An HTTP call to one of the api processes (round robin unless `apiIndex` is given). */
  private next = 0;
  async http<T = any>(method: string, path: string, options: { bearer?: string; body?: unknown; rawBody?: string; headers?: Record<string, string>; apiIndex?: number } = {}): Promise<HttpResult<T>> {
    const base = this.apiUrls[options.apiIndex ?? this.next++ % this.apiUrls.length];
    const headers: Record<string, string> = { ...(options.headers ?? {}) };
    if (options.bearer) headers['authorization'] = `Bearer ${options.bearer}`;
    let body: string | undefined;
    if (options.rawBody !== undefined) body = options.rawBody;
    else if (options.body !== undefined) body = JSON.stringify(options.body);
    if (body !== undefined && !headers['content-type']) headers['content-type'] = 'application/json';
    const res = await fetch(`${base}${path}`, { method, headers, ...(body !== undefined ? { body } : {}) });
    const text = await res.text();
    let parsed: unknown = text;
    try {
      parsed = text ? JSON.parse(text) : null;
    } catch {
      /* not JSON: keep the text */
    }
    await this.contract.record(method, path, res.status, parsed, res.headers.get('content-type'));
    return { status: res.status, headers: res.headers, body: parsed as T };
  }

  /** Every staff and pool response of this system, checked against the OpenAPI document it serves; stop() fails on a mismatch. */
  readonly contract = new ContractRecorder(() => this.apiUrls[0]!, { findRoute, validateResponse });

  async signIn(username: string, password: string): Promise<string> {
    const res = await this.http('POST', '/api/v1/staff/session', { body: { username, password } });
    if (res.status !== 200) throw new Error(`sign-in of ${username} failed: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body.token as string;
  }

  async countEvents(): Promise<number> {
    return Number((await this.pool.query('SELECT count(*) AS n FROM events')).rows[0].n);
  }

  /** Every response status any api process logged (fastify logs each completed request). */
  loggedStatuses(): number[] {
    const statuses: number[] = [];
    for (const p of [...this.retired, ...this.processes].filter((p) => p.name.startsWith('api'))) {
      for (const line of p.output().split('\n')) {
        const m = /"statusCode":(\d{3})/.exec(line);
        if (m) statuses.push(Number(m[1]));
      }
    }
    return statuses;
  }

  /** Everything every process printed, for checks that nothing leaks into logs. */
  allOutput(): string {
    return [...this.retired, ...this.processes].map((p) => p.output()).join('\n');
  }

  /** Kills one api process and starts it again on the same port (its requests meanwhile go to the others). */
  async restartApi(index: number, signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
    const name = `api-${index}`;
    const old = this.processes.find((p) => p.name === name);
    if (!old) throw new Error(`no ${name}`);
    await old.stop(signal);
    const url = this.apiUrls[index]!;
    const api = this.startPart(name, 'api', { ...this.apiEnvironment, PORT: new URL(url).port });
    this.processes = this.processes.filter((p) => p !== old).concat(api);
    this.retired.push(old);
    await waitForHttp(`${url}/api/health`, [api]);
  }

  /** Names of the processes that have exited (a crash shows here; a process the test killed does not). */
  exited(): string[] {
    return this.processes.filter((p) => !this.killed.has(p) && (p.child.exitCode !== null || p.child.signalCode !== null)).map((p) => p.name);
  }

  /**
   * Starts one more worker process, named `worker-<n>` in start order (those of `start` are worker-0, worker-1, …),
   * with the environment of the others, and resolves once it is polling Temporal.
   */
  async startWorker(): Promise<string> {
    const name = `worker-${this.workersStarted++}`;
    const healthPort = await freePort();
    const worker = this.startPart(name, 'worker', { ...this.workerEnv, WORKER_HEALTH_PORT: String(healthPort), PULJEFLOW_SERVICE: 'worker' });
    this.processes.push(worker);
    await waitForHttp(`http://127.0.0.1:${healthPort}/health`, [worker], 120_000);
    return name;
  }

  /** Ends a process with `signal` (SIGKILL by default: no handler, no clean-up) and resolves once it has exited. Its
   * output stays readable under its name. */
  async kill(name: string, signal: NodeJS.Signals = 'SIGKILL'): Promise<void> {
    const target = this.processes.find((p) => p.name === name);
    if (!target) throw new Error(`no process ${name}`);
    this.killed.add(target);
    await target.stop(signal);
  }

  /** The OS process id of a process (a Temporal worker's default identity is `<pid>@<host>`). */
  pidOf(name: string): number | undefined {
    return this.processes.find((p) => p.name === name)?.child.pid;
  }

  output(name: string): string {
    return this.processes.find((p) => p.name === name)?.output() ?? '';
  }

  async stop(): Promise<void> {
    await Promise.all(this.processes.map((p) => p.stop()));
    await this.pool.end();
    await this.temporal.teardown();
    await this.db.drop();
    this.contract.assertNone();
  }
}
