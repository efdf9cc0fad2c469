import type { ExpectedVersion } from './events';

/** The stream moved on since the caller read it: read again, decide again, append again (see `retryOnConflict`). */
export class StreamVersionConflictError extends Error {
  override readonly name = 'StreamVersionConflictError';

  constructor(
    readonly streamId: string,
    readonly expected: ExpectedVersion,
    readonly actual: number,
  ) {
    super(`Stream '${streamId}' is at version ${actual}, expected ${expected}`);
  }
}

/** A concurrent transaction recorded an outcome under one of the batch's idempotency keys first: decide again. */
export class IdempotencyKeyTakenError extends Error {
  override readonly name = 'IdempotencyKeyTakenError';

  constructor() {
    super('an idempotency key of this batch was recorded by a concurrent transaction first');
  }
}

/**
 * Whether a whole transaction may simply run again: a version conflict, a key another transaction took first, or
 * the database ending it to break a deadlock or a serialization failure. Only for transactions whose every effect
 * is in the database (nothing sent elsewhere).
 */
export function isRetryableTransactionError(error: unknown): boolean {
  if (error instanceof StreamVersionConflictError || error instanceof IdempotencyKeyTakenError) return true;
  const code = (error as { code?: unknown } | null)?.code;
  return code === '40P01' || code === '40001';
}

/** `retryOnConflict` for transactions that are all in the database: also after deadlocks and taken keys. */
export function retryTransaction<T>(fn: () => Promise<T>, { attempts = 5 }: { attempts?: number } = {}): Promise<T> {
  return retryWhile(fn, attempts, isRetryableTransactionError);
}

/**
 * Runs `fn` again while it fails with a version conflict, up to `attempts` runs in all. No pause between runs:
 * a conflict means the other writer has already committed, so the next read sees its events.
 */
export async function retryOnConflict<T>(
  fn: () => Promise<T>,
  { attempts = 3 }: { attempts?: number } = {},
): Promise<T> {
  return retryWhile(fn, attempts, (error) => error instanceof StreamVersionConflictError);
}

async function retryWhile<T>(fn: () => Promise<T>, attempts: number, retryable: (error: unknown) => boolean): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await fn();
    } catch (error) {
      if (!retryable(error) || attempt >= attempts) throw error;
    }
  }
}

/** PostgreSQL and socket errors that mean the database is away (not that a statement was wrong). */
const DB_UNAVAILABLE = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', '57P01', '57P02', '57P03', '08000', '08001', '08003', '08004', '08006', '53300']);

/** Whether `error` says the database cannot be reached now: retrying at once, or piece by piece, will not help. */
export function isDatabaseUnavailable(error: unknown): boolean {
  const e = error as { code?: string; message?: string } | null;
  if (!e) return false;
  if (e.code && DB_UNAVAILABLE.has(e.code)) return true;
  return /Connection terminated|connect ECONNREFUSED|timeout exceeded when trying to connect/i.test(e.message ?? '');
}

/**
 * A batch decided ahead (WriteBatch.expect) needed something from the database that it did not know in advance (a
 * stream's version, events it has not folded): nothing was sent. Decide it the usual way.
 */
export class NotDecidableAheadError extends Error {
  override readonly name = 'NotDecidableAheadError';

  constructor(readonly reason: string) {
    super(`the batch cannot be decided ahead: ${reason}`);
  }
}

/**
 * The database refused what a batch decided ahead expected (a stream had moved, a key had an outcome, a requirement
 * failed): nothing of it was written. Decide it again the usual way.
 */
export class ExpectationFailedError extends Error {
  override readonly name = 'ExpectationFailedError';

  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}
