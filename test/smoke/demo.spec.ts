// The demo as a person meets it: `npm start` on a fresh data folder loads the historical pool as concluded (its figures
// readable, no workflow of its own left waiting for payout runs of 2020–2021), a second start resumes on the same data
// without recording the demo again, and `--fresh` starts the demo over.
import fs from 'node:fs';
import { Client as TemporalClient, Connection, WorkflowNotFoundError } from '@temporalio/client';
import { Client } from 'pg';
import { killAll, processesMentioning, request, smokeEnvironment, startLine, type PortName, type StartLine } from './start-line';

const READY = 'puljeflow is ready';
const READY_TIMEOUT_MS = 240_000;
const STOP_TIMEOUT_MS = 60_000;
const STEP_MS = READY_TIMEOUT_MS + STOP_TIMEOUT_MS + 60_000;

type Overview = { pool: { poolId: string }; municipalities: { municipalityCode: string; requestedOre: number; allocatedOre: number | null }[] };

describe('npm start: the demo data', () => {
  let dataDir: string;
  let env: NodeJS.ProcessEnv;
  let ports: Record<PortName, number>;
  const api = () => `http://127.0.0.1:${ports.API_PORT}`;

  beforeAll(async () => {
    ({ dataDir, env, ports } = await smokeEnvironment('puljeflow-demo-'));
  });

  afterAll(() => {
    if (!dataDir) return;
    killAll(processesMentioning(dataDir, Object.values(ports ?? {})));
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  async function staffGet<T>(route: string): Promise<{ status: number; body: T }> {
    const session = await request(`${api()}/api/v1/staff/session`, { username: 'aud', password: 'demo-aud' });
    expect(session.status).toBe(200);
    const { token } = JSON.parse(session.body) as { token: string };
    const res = await request(`${api()}${route}`, undefined, { authorization: `Bearer ${token}` });
    return { status: res.status, body: JSON.parse(res.body) as T };
  }

  async function withDatabase<T>(run: StartLine, fn: (db: Client) => Promise<T>): Promise<T> {
    const db = new Client({ connectionString: /PostgreSQL\s+(postgres:\/\/\S+)/.exec(run.output())?.[1] });
    await db.connect();
    try {
      return await fn(db);
    } finally {
      await db.end();
    }
  }

  async function stop(run: StartLine) {
    process.kill(-run.pid, 'SIGINT');
    expect(await run.exitCode(STOP_TIMEOUT_MS)).toBe(0);
  }

  const eventCounts = (db: Client) =>
    // What the seed records (the demo pool's allocation follows later, at its deadline, on the clock).
    db.query<{ type: string; n: number }>("SELECT type, count(*)::int AS n FROM events WHERE type IN ('PoolOpened', 'InterestExpressed') GROUP BY type ORDER BY type").then((r) => r.rows);

  let firstCounts: { type: string; n: number }[];

  it('loads mangelpulje-2019 as a pool whose life is over: allocated pro rata, no workflow of its own, no payout run waiting', async () => {
    const run = startLine(env);
    try {
      await run.waitFor(READY, READY_TIMEOUT_MS);
      const { status, body } = await staffGet<Overview>('/api/v1/staff/pools/mangelpulje-2019/overview');
      expect(status).toBe(200);
      // Oversubscribed (13.8 mio. kr. asked of 12.5): every øre of the pool shared, each share below its request.
      const requested = body.municipalities.reduce((sum, m) => sum + m.requestedOre, 0);
      const allocated = body.municipalities.reduce((sum, m) => sum + (m.allocatedOre ?? 0), 0);
      expect(requested).toBeGreaterThan(1_250_000_000);
      expect(allocated).toBe(1_250_000_000);
      for (const m of body.municipalities) expect(m.allocatedOre!).toBeLessThan(m.requestedOre);

      await withDatabase(run, async (db) => {
        const types = (await db.query<{ type: string }>("SELECT type FROM events WHERE stream_id = 'pool-mangelpulje-2019' ORDER BY stream_position")).rows.map((r) => r.type);
        expect(types).toEqual(expect.arrayContaining(['PoolOpened', 'AllocationMade']));
        firstCounts = await eventCounts(db);
      });

      const connection = await Connection.connect({ address: `127.0.0.1:${ports.TEMPORAL_PORT}` });
      try {
        const client = new TemporalClient({ connection });
        await expect(client.workflow.getHandle('pool-mangelpulje-2019').describe()).rejects.toBeInstanceOf(WorkflowNotFoundError);
        const waiting: string[] = [];
        for await (const wf of client.workflow.list({ query: "ExecutionStatus = 'Running'" })) waiting.push(wf.workflowId);
        expect(waiting.filter((id) => id.includes('mangelpulje-2019'))).toEqual([]);
        expect(waiting).toContain('pool-demo');
      } finally {
        await connection.close();
      }
      await stop(run);
    } finally {
      run.kill();
    }
  }, STEP_MS);

  it('resumes on a second start: nothing of the demo is recorded again', async () => {
    const run = startLine(env);
    try {
      await run.waitFor(READY, READY_TIMEOUT_MS);
      expect(run.output()).not.toContain('creating a new database cluster');
      await withDatabase(run, async (db) => {
        expect(await eventCounts(db)).toEqual(firstCounts);
        await db.query('CREATE TABLE demo_mark (at timestamptz DEFAULT now())');
      });
      await stop(run);
    } finally {
      run.kill();
    }
  }, STEP_MS);

  it('starts the demo over with --fresh', async () => {
    const run = startLine(env, ['--fresh']);
    try {
      await run.waitFor(READY, READY_TIMEOUT_MS);
      expect(run.output()).toMatch(/--fresh: dropped postgres, temporal.* the demo starts over/);
      expect(run.output()).toContain('creating a new database cluster');
      await withDatabase(run, async (db) => {
        expect((await db.query("SELECT to_regclass('demo_mark') AS mark")).rows).toEqual([{ mark: null }]);
        expect(await eventCounts(db)).toEqual(firstCounts);
      });
      await stop(run);
    } finally {
      run.kill();
    }
  }, STEP_MS);

  it('refuses an unknown flag, naming the ones it takes', async () => {
    const run = startLine(env, ['--frseh']);
    expect(await run.exitCode(STOP_TIMEOUT_MS)).toBe(2);
    expect(run.output()).toContain("start takes only --fresh (got '--frseh')");
  }, STOP_TIMEOUT_MS + 10_000);
});
