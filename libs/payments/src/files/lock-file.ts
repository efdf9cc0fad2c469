// A lock file, so that two worker processes never write a run's files at once. Exclusive creation is link(2) of a
// file already holding the owner's name: like an O_EXCL create it fails when the lock exists, and unlike one the
// lock never exists empty, even if its creator is killed halfway.
//
// A lock is stale when its owner died: at once if the owner was a process on this machine that no longer runs,
// otherwise once it is older than `staleMs` (an owner elsewhere, or a pid taken by another process). To take one
// over, a process first claims that very lock (a claim file named after its content, created exclusively), then
// removes the lock only if it still is the one judged stale. A dead owner removes nothing, and only the claimant
// removes its lock, so nothing can replace it between that check and the removal; a new owner's lock is never
// removed. Only a misjudgement by age (an owner elsewhere, alive but slower than `staleMs`) can let two in.

import { createHash, randomBytes } from 'node:crypto';
import { link, readFile, stat, unlink, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { removeTempFiles, tempPathFor } from './atomic-file';

export interface LockFileOptions {
  /** A lock older than this is taken over whoever owns it; longer than any holder keeps it. */
  staleMs: number;
  /** How long to wait for the lock before giving up with a LockTimeoutError. */
  timeoutMs: number;
  /** The pause between attempts (with jitter, so waiting processes do not move in step). */
  retryMs: number;
}

interface LockOwner {
  token: string;
  pid: number;
  host: string;
  acquiredAt: string;
}

export class LockTimeoutError extends Error {
  override readonly name = 'LockTimeoutError';
  constructor(
    readonly lockPath: string,
    readonly owner: string,
  ) {
    super(`timed out waiting for lock ${lockPath}, held by ${owner || '(unknown)'}`);
  }
}

/** Tokens of the locks this process holds: a lock naming our pid but none of these is from an earlier process that
 * had the same pid (pid 1 in a restarted container). */
const heldTokens = new Set<string>();

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const isRunning = (pid: number): boolean => {
  try {
    process.kill(pid, 0); // signal 0 only asks whether the process exists
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM'; // it exists, under another user
  }
};

const errorCode = (error: unknown) => (error as NodeJS.ErrnoException).code;

async function tryCreate(lockPath: string, owner: LockOwner): Promise<boolean> {
  const temp = tempPathFor(lockPath);
  await writeFile(temp, JSON.stringify(owner), { flag: 'wx' });
  try {
    await link(temp, lockPath);
    return true;
  } catch (error) {
    if (errorCode(error) === 'EEXIST') return false;
    throw error;
  } finally {
    await unlink(temp).catch(() => undefined);
  }
}

interface SeenLock {
  raw: string;
  ageMs: number;
}

async function look(lockPath: string): Promise<SeenLock | undefined> {
  try {
    const [raw, info] = await Promise.all([readFile(lockPath, 'utf8'), stat(lockPath)]);
    return { raw, ageMs: Date.now() - info.mtimeMs };
  } catch (error) {
    if (errorCode(error) === 'ENOENT') return undefined; // released meanwhile
    throw error;
  }
}

const ownerOf = (raw: string): Partial<LockOwner> => {
  try {
    return JSON.parse(raw) as Partial<LockOwner>;
  } catch {
    return {};
  }
};

function isStale(seen: SeenLock, staleMs: number): boolean {
  if (seen.ageMs > staleMs) return true;
  const owner = ownerOf(seen.raw);
  if (owner.host !== os.hostname() || typeof owner.pid !== 'number') return false;
  if (owner.pid === process.pid) return !heldTokens.has(owner.token ?? '');
  return !isRunning(owner.pid);
}

/** The claim on one particular lock; named like a temporary file, so one its claimant died holding is cleaned up. */
const claimPathFor = (lockPath: string, seen: SeenLock): string => {
  const id = createHash('sha256').update(seen.raw).digest('hex').slice(0, 16);
  return path.join(path.dirname(lockPath), `.${path.basename(lockPath)}.claim-${id}.tmp`);
};

/** Removes the lock seen, if it is still there and no one else is taking it over; says whether it did. */
async function takeOver(lockPath: string, seen: SeenLock, staleMs: number): Promise<boolean> {
  const claim = claimPathFor(lockPath, seen);
  try {
    await writeFile(claim, '', { flag: 'wx' });
  } catch (error) {
    if (errorCode(error) !== 'EEXIST') throw error;
    // Another process is taking it over; or died doing so, and its claim must not block the lock for ever.
    const claimed = await stat(claim).catch(() => undefined);
    if (claimed && Date.now() - claimed.mtimeMs > staleMs) await unlink(claim).catch(() => undefined);
    return false;
  }
  try {
    if ((await look(lockPath))?.raw !== seen.raw) return false;
    await unlink(lockPath);
    return true;
  } finally {
    await unlink(claim).catch(() => undefined);
  }
}

async function acquire(lockPath: string, options: LockFileOptions): Promise<string> {
  const token = randomBytes(12).toString('hex');
  const owner: LockOwner = { token, pid: process.pid, host: os.hostname(), acquiredAt: new Date().toISOString() };
  const deadline = Date.now() + options.timeoutMs;
  // Known before the lock exists: another call of this process must never see it as a dead process's lock.
  heldTokens.add(token);
  try {
    for (;;) {
      if (await tryCreate(lockPath, owner)) {
        // Temporary files of killed processes; ones in use are milliseconds old.
        await removeTempFiles([lockPath], { olderThanMs: options.staleMs });
        return token;
      }
      const seen = await look(lockPath);
      if (!seen) continue;
      if (isStale(seen, options.staleMs) && (await takeOver(lockPath, seen, options.staleMs))) continue;
      if (Date.now() > deadline) throw new LockTimeoutError(lockPath, seen.raw);
      await sleep(options.retryMs * (0.5 + Math.random()));
    }
  } catch (error) {
    heldTokens.delete(token);
    throw error;
  }
}

async function release(lockPath: string, token: string): Promise<void> {
  try {
    const seen = await look(lockPath);
    // Leave a lock that is no longer ours (taken over as stale while we held it): it is its new owner's now.
    if (seen && ownerOf(seen.raw).token === token) await unlink(lockPath).catch(() => undefined);
  } finally {
    heldTokens.delete(token);
  }
}

/** Runs `work` holding the lock file at `lockPath`, and releases it after, whatever `work` does. */
export async function withLockFile<T>(lockPath: string, work: () => Promise<T>, options: LockFileOptions): Promise<T> {
  const token = await acquire(lockPath, options);
  try {
    return await work();
  } finally {
    await release(lockPath, token);
  }
}
