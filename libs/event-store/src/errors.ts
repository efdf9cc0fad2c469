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

/**
 * Runs `fn` again while it fails with a version conflict, up to `attempts` runs in all. No pause between runs:
 * a conflict means the other writer has already committed, so the next read sees its events.
 */
export async function retryOnConflict<T>(
  fn: () => Promise<T>,
  { attempts = 3 }: { attempts?: number } = {},
): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await fn();
    } catch (error) {
      if (!(error instanceof StreamVersionConflictError) || attempt >= attempts) throw error;
    }
  }
}
