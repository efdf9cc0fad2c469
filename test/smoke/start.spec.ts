// The start line as a user meets it: `node scripts/puljeflow.mjs start` on a fresh data folder and free ports, every
// part answering, Ctrl-C leaving nothing behind, a second start on the same data, and wrong settings named plainly.
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { Client } from 'pg';
import { freePorts, isPortFree, killAll, processesMentioning, request, smokeEnvironment, startLine, tcpAnswers, type PortName } from './start-line';

const READY = 'puljeflow is ready';
const READY_TIMEOUT_MS = 240_000;
const STOP_TIMEOUT_MS = 60_000;
const STACK_FRAME = /^\s+at .+:\d+:\d+\)?$/m;

describe('npm start', () => {
  let dataDir: string;
  let env: NodeJS.ProcessEnv;
  let ports: Record<PortName, number>;

  beforeAll(async () => {
    ({ dataDir, env, ports } = await smokeEnvironment('puljeflow-smoke-'));
  });

  afterAll(() => {
    if (!dataDir) return;
    killAll(processesMentioning(dataDir, Object.values(ports ?? {})));
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  async function expectNothingLeft() {
    // The stop is over when the start line exits, but give the kernel a moment to reap and release.
    let left = processesMentioning(dataDir, Object.values(ports));
    for (let i = 0; i < 20 && left.length; i++) {
      await new Promise((r) => setTimeout(r, 250));
      left = processesMentioning(dataDir, Object.values(ports));
    }
    expect(left).toEqual([]);
    for (const [name, port] of Object.entries(ports)) expect({ name, free: await isPortFree(port) }).toEqual({ name, free: true });
  }

  it('brings every part up on a fresh data folder, and Ctrl-C stops all of it and exits 0', async () => {
    const run = startLine(env);
    try {
      await run.waitFor(READY, READY_TIMEOUT_MS);
      const out = run.output();
      expect(out).toContain('creating a new database cluster');
      expect(out).toContain('puljeflow: developer mode: TypeScript through swc');
      expect(fs.statSync(path.join(dataDir, 'vault-keys.json')).mode & 0o077).toBe(0); // made once, private

      const api = `http://127.0.0.1:${ports.API_PORT}`;
      expect((await request(`${api}/api/health`)).status).toBe(200);
      expect((await request(`http://127.0.0.1:${ports.WORKER_HEALTH_PORT}/health`)).status).toBe(200);
      const web = await request(`http://127.0.0.1:${ports.WEB_PORT}/`);
      expect(web.status).toBe(200);
      expect(web.body).toContain('<html');
      // The web dev server passes /api on to the api it was given.
      expect((await request(`http://127.0.0.1:${ports.WEB_PORT}/api/health`)).status).toBe(200);
      expect((await request(`http://127.0.0.1:${ports.TEMPORAL_UI_PORT}/`)).status).toBe(200);
      expect(await tcpAnswers(ports.TEMPORAL_PORT)).toBe(true);

      // The banner names the URLs checked here (and the API docs).
      for (const url of [`http://127.0.0.1:${ports.WEB_PORT}/`, `${api}/api/docs`, `http://127.0.0.1:${ports.TEMPORAL_UI_PORT}/`]) {
        expect(out).toContain(url);
      }
      const pgUrl = /PostgreSQL\s+(postgres:\/\/\S+)/.exec(out)?.[1];
      expect(pgUrl).toContain(`:${ports.PG_PORT}/`);
      const db = new Client({ connectionString: pgUrl });
      await db.connect();
      try {
        expect((await db.query('select 1 as one')).rows).toEqual([{ one: 1 }]);
        // A mark for the second start to find: the data must outlive the stop.
        await db.query('create table smoke_mark (at timestamptz default now())');
      } finally {
        await db.end();
      }

      // The printed demo credentials work: a staff sign-in and a municipal API key.
      const staff = /^\s+(\S+)\s+password (\S+)\s+roles:/m.exec(out);
      expect(staff).not.toBeNull();
      expect((await request(`${api}/api/v1/staff/session`, { username: staff![1], password: staff![2] })).status).toBe(200);
      const key = /^\s+(\d{3})\s+.*\s(pfk_\S+)$/m.exec(out);
      expect(key).not.toBeNull();
      const standing = await request(`${api}/api/v1/municipalities/${key![1]}/pools/demo`, undefined, { authorization: `Bearer ${key![2]}` });
      expect(standing.status).toBe(200);

      process.kill(-run.pid, 'SIGINT'); // as Ctrl-C in a terminal: to the whole foreground process group
      expect(await run.exitCode(STOP_TIMEOUT_MS)).toBe(0);
      await expectNothingLeft();
    } finally {
      run.kill();
    }
  }, READY_TIMEOUT_MS + STOP_TIMEOUT_MS + 60_000);

  it('starts again on the same data without re-creating it, and SIGTERM stops it cleanly', async () => {
    const run = startLine(env);
    try {
      await run.waitFor(READY, READY_TIMEOUT_MS);
      expect(run.output()).not.toContain('creating a new database cluster');
      expect(run.output()).not.toContain('made the vault keys');
      expect(fs.existsSync(path.join(dataDir, 'temporal', 'temporal.db'))).toBe(true);

      const pgUrl = /PostgreSQL\s+(postgres:\/\/\S+)/.exec(run.output())?.[1];
      const db = new Client({ connectionString: pgUrl });
      await db.connect();
      try {
        expect((await db.query('select count(*)::int as n from smoke_mark')).rows).toEqual([{ n: 0 }]);
      } finally {
        await db.end();
      }
      expect((await request(`http://127.0.0.1:${ports.API_PORT}/api/health`)).status).toBe(200);

      process.kill(run.pid, 'SIGTERM'); // as a process manager would: to the start line only
      expect(await run.exitCode(STOP_TIMEOUT_MS)).toBe(0);
      await expectNothingLeft();
    } finally {
      run.kill();
    }
  }, READY_TIMEOUT_MS + STOP_TIMEOUT_MS + 60_000);

  it('names a DATABASE_URL it cannot reach, with a hint and no stack trace, and starts nothing', async () => {
    const [nobody] = await freePorts(1);
    const run = startLine({ ...env, DATABASE_URL: `postgres://someone:s3cret@127.0.0.1:${nobody}/nothing` });
    expect(await run.exitCode(STOP_TIMEOUT_MS)).not.toBe(0);
    const out = run.output();
    expect(out).toMatch(/DATABASE_URL: cannot connect to .*hint: unset it to use the embedded PostgreSQL/);
    expect(out).not.toContain('s3cret');
    expect(out).not.toMatch(STACK_FRAME);
    await expectNothingLeft();
  }, STOP_TIMEOUT_MS + 10_000);

  it('names the variable to set when a port is taken', async () => {
    const blocker = net.createServer();
    await new Promise<void>((resolve) => blocker.listen(ports.API_PORT, '127.0.0.1', resolve));
    try {
      const run = startLine(env);
      expect(await run.exitCode(STOP_TIMEOUT_MS)).not.toBe(0);
      expect(run.output()).toContain(`API_PORT: port ${ports.API_PORT} on 127.0.0.1 is in use (hint: set API_PORT to a free port`);
      expect(run.output()).not.toMatch(STACK_FRAME);
    } finally {
      await new Promise((resolve) => blocker.close(resolve));
    }
  }, STOP_TIMEOUT_MS + 10_000);
});
