import { spawn } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm, utimes, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { LockTimeoutError, withLockFile } from './lock-file';

const OPTIONS = { staleMs: 60_000, timeoutMs: 5_000, retryMs: 5 };
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The pid of a process that has ended (and been reaped), as a worker killed mid-payment leaves it. */
const deadPid = (): Promise<number> =>
  new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['-e', '']);
    child.on('error', reject);
    child.on('exit', () => resolve(child.pid!));
  });

describe('the lock file', () => {
  let folder: string;
  let lockPath: string;
  beforeEach(async () => {
    folder = await mkdtemp(path.join(os.tmpdir(), 'puljeflow-lock-'));
    lockPath = path.join(folder, 'run.lock');
  });
  afterEach(() => rm(folder, { recursive: true, force: true }));

  const leaveLock = async (owner: object, ageMs = 0) => {
    await writeFile(lockPath, JSON.stringify({ token: 'left-behind', acquiredAt: new Date().toISOString(), ...owner }));
    const then = new Date(Date.now() - ageMs);
    await utimes(lockPath, then, then);
  };

  it('lets one holder in at a time, and is gone when the last has left', async () => {
    let inside = 0;
    let most = 0;
    const hold = () =>
      withLockFile(
        lockPath,
        async () => {
          most = Math.max(most, (inside += 1));
          await sleep(5);
          inside -= 1;
        },
        OPTIONS,
      );

    await Promise.all(Array.from({ length: 8 }, hold));

    expect(most).toBe(1);
    expect(await readdir(folder)).toEqual([]);
  });

  it('names its owner in the lock while held', async () => {
    const owner = await withLockFile(lockPath, () => readFile(lockPath, 'utf8'), OPTIONS);
    expect(JSON.parse(owner)).toMatchObject({ pid: process.pid, host: os.hostname() });
  });

  it('takes over at once a lock whose owner on this machine has died', async () => {
    await leaveLock({ pid: await deadPid(), host: os.hostname() });
    const started = Date.now();

    await withLockFile(lockPath, async () => undefined, OPTIONS);

    expect(Date.now() - started).toBeLessThan(1_000);
  });

  it('takes over a lock naming this process but not held by it (an earlier process with the same pid)', async () => {
    await leaveLock({ pid: process.pid, host: os.hostname() });
    await expect(withLockFile(lockPath, async () => 'in', OPTIONS)).resolves.toBe('in');
  });

  it('waits for a fresh lock of another machine, and gives up after the time limit', async () => {
    await leaveLock({ pid: 1, host: 'another-worker' });

    const waiting = withLockFile(lockPath, async () => 'in', { ...OPTIONS, timeoutMs: 200 });

    await expect(waiting).rejects.toThrow(LockTimeoutError);
  });

  it('takes over a lock of another machine once it is older than staleMs', async () => {
    await leaveLock({ pid: 1, host: 'another-worker' }, 10_000);
    await expect(withLockFile(lockPath, async () => 'in', { ...OPTIONS, staleMs: 5_000 })).resolves.toBe('in');
  });

  it('does not remove, on leaving, a lock that was taken over from it meanwhile', async () => {
    await withLockFile(
      lockPath,
      async () => {
        await writeFile(lockPath, JSON.stringify({ token: 'the-new-owner' }));
      },
      OPTIONS,
    );
    expect(JSON.parse(await readFile(lockPath, 'utf8'))).toEqual({ token: 'the-new-owner' });
  });

  it('releases the lock when the work throws', async () => {
    await expect(withLockFile(lockPath, () => Promise.reject(new Error('boom')), OPTIONS)).rejects.toThrow('boom');
    expect(await readdir(folder)).toEqual([]);
  });
});
