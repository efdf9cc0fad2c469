// The run's lock across processes: two writer processes on one run never interleave with PostgreSQL's advisory
// lock, and do interleave with only an in-process one (so the check can see it); a lock that is not free in time
// refuses with RunLockTimeoutError; a holder whose connection dies holds nothing.

import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Client, Pool } from 'pg';
import { createFreshDatabase, repoRoot, type FreshDatabase } from '@puljeflow/test-support';
import { PgAdvisoryRunLock, RunLockTimeoutError } from './run-lock';

const CHILD = path.join(__dirname, 'test', 'run-lock-child.ts');
const RUN = 'mangelpulje-2019_2020-01-31';
const ROUNDS = 40;

/** Starts the writers together (each once connected) and resolves with the log when all have ended. */
async function writers(db: FreshDatabase, kind: 'advisory' | 'process', count = 2): Promise<string[]> {
  const folder = await mkdtemp(path.join(os.tmpdir(), 'puljeflow-run-lock-'));
  const log = path.join(folder, 'log');
  try {
    const runs = Array.from({ length: count }, (_, i) => {
      const child = spawn(process.execPath, ['-r', '@swc-node/register', CHILD, log, `w${i}`, String(ROUNDS), kind], {
        cwd: repoRoot,
        env: { ...process.env, DATABASE_URL: db.url },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let output = '';
      child.stdout.on('data', (d: Buffer) => (output += d.toString()));
      child.stderr.on('data', (d: Buffer) => (output += d.toString()));
      return new Promise<void>((resolve, reject) =>
        child.on('close', (code) => (code === 0 ? resolve() : reject(new Error(`writer w${i} exited with ${code}:\n${output}`)))),
      );
    });
    await Promise.all(runs);
    return (await readFile(log, 'utf8')).trim().split('\n');
  } finally {
    await rm(folder, { recursive: true, force: true });
  }
}

/** Where a writer came in while another was inside: none when each "in" is followed by the same writer's "out". */
const interleavings = (log: string[]): number => {
  let count = 0;
  for (let i = 0; i + 1 < log.length; i += 2) {
    const [who, what] = log[i]!.split(' ');
    if (what !== 'in' || log[i + 1] !== `${who} out`) count += 1;
  }
  return count;
};

describe('the run lock (PostgreSQL advisory lock)', () => {
  let db: FreshDatabase;
  let pool: Pool;
  beforeAll(async () => {
    db = await createFreshDatabase('run_lock');
    pool = new Pool({ connectionString: db.url, max: 4 });
  });
  afterAll(async () => {
    await pool.end();
    await db.drop();
  });

  it('two writer processes on one run never interleave', async () => {
    const log = await writers(db, 'advisory');

    expect(log).toHaveLength(2 * 2 * ROUNDS);
    expect(interleavings(log)).toBe(0);
  }, 60_000);

  it('with only an in-process lock the same two processes do interleave (the check above can fail)', async () => {
    const log = await writers(db, 'process');

    expect(log).toHaveLength(2 * 2 * ROUNDS);
    expect(interleavings(log)).toBeGreaterThan(0);
  }, 60_000);

  /** Another session (as another pod would) holding the run's lock in a transaction it leaves open. */
  const holdElsewhere = async (runKey: string): Promise<Client> => {
    const other = new Client({ connectionString: db.url });
    await other.connect();
    other.on('error', () => undefined);
    await other.query('BEGIN');
    await other.query('SELECT pg_advisory_xact_lock(74210100, hashtext($1))', [runKey]);
    return other;
  };

  it('refuses with RunLockTimeoutError when the run stays locked elsewhere, and locks other runs meanwhile', async () => {
    const other = await holdElsewhere(RUN);
    try {
      const lock = new PgAdvisoryRunLock(pool, { timeoutMs: 300 });
      let ran = false;

      await expect(lock.withRunLock(RUN, async () => (ran = true))).rejects.toThrow(RunLockTimeoutError);
      expect(ran).toBe(false);
      await expect(lock.withRunLock('mangelpulje-2019_2020-02-28', async () => 'other run')).resolves.toBe('other run');
    } finally {
      await other.end();
    }
  });

  it('is free again once its holder is gone, even killed with its connection', async () => {
    const other = await holdElsewhere(RUN);
    const lock = new PgAdvisoryRunLock(pool, { timeoutMs: 10_000 });
    const waiting = lock.withRunLock(RUN, async () => 'got it');
    await new Promise((r) => setTimeout(r, 200));
    const { rows } = await pool.query(`SELECT pg_terminate_backend($1) AS ok`, [(other as unknown as { processID: number }).processID]);
    expect(rows[0].ok).toBe(true);

    await expect(waiting).resolves.toBe('got it');
    await other.end().catch(() => undefined);
  });

  it('lets a second call in after the first, also when the first failed', async () => {
    const lock = new PgAdvisoryRunLock(pool, { timeoutMs: 1_000 });
    await expect(lock.withRunLock(RUN, async () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');

    await expect(lock.withRunLock(RUN, async () => 'second')).resolves.toBe('second');
    const { rows } = await pool.query(`SELECT count(*)::int AS n FROM pg_locks WHERE locktype = 'advisory' AND classid = 74210100`);
    expect(rows[0].n).toBe(0);
  });
});
