import type { Pool } from 'pg';

type Stream = { _write: (...a: unknown[]) => unknown; _writev: (...a: unknown[]) => unknown };

/**
 * Counts the writes to the database socket of every connection `pool` hands out while `fn` runs (on a pipelined
 * pool, statements sent together are one write: a round trip's worth).
 */
export async function countingWrites<T>(pool: Pool, fn: () => Promise<T>): Promise<{ result: T; writes: number }> {
  let writes = 0;
  const patched: { stream: Stream; write: Stream['_write']; writev: Stream['_writev'] }[] = [];
  const onAcquire = (client: unknown) => {
    const stream = (client as { connection: { stream: Stream } }).connection.stream;
    // A connection handed out again while fn runs is counted once.
    if (patched.some((p) => p.stream === stream)) return;
    const [w, wv] = [stream._write, stream._writev];
    patched.push({ stream, write: w, writev: wv });
    stream._write = function (...a: unknown[]) {
      writes++;
      return w.apply(this, a);
    };
    stream._writev = function (...a: unknown[]) {
      writes++;
      return wv.apply(this, a);
    };
  };
  pool.on('acquire', onAcquire);
  try {
    return { result: await fn(), writes };
  } finally {
    pool.off('acquire', onAcquire);
    for (const p of patched) Object.assign(p.stream, { _write: p.write, _writev: p.writev });
  }
}
