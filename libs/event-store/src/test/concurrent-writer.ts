// One writer process of the global-order acceptance test (global-order.spec.ts). Usage:
//   node -r @swc-node/register concurrent-writer.ts <database url> <writer id> <events> <connections>
// Appends until this process has committed <events> events, through <connections> concurrent connections, to
// streams shared with the other writers. Transactions vary in size, some append to several streams, and some stay
// open a while between and after their appends, so that transactions commit in another order than they began.
// Prints one JSON line of statistics.
import { Pool } from 'pg';
import { EventStore, retryOnConflict, StreamVersionConflictError, type ExpectedVersion } from '../index';

const [url, writerId, target, connections] = process.argv.slice(2);
const STREAMS = 64;

const randomInt = (min: number, max: number) => min + Math.floor(Math.random() * (max - min + 1));
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function main() {
  const pool = new Pool({ connectionString: url, max: Number(connections) });
  const store = new EventStore(pool);
  // What this process believes each stream's version is; a conflict corrects it.
  const known = new Map<string, number>();
  const stats = { writerId, events: 0, transactions: 0, conflicts: 0, abandoned: 0, ms: 0 };
  const started = Date.now();

  const oneTransaction = async () => {
    // Sorted, so two transactions lock shared streams in the same order and never deadlock.
    const picks = Array.from({ length: randomInt(1, 3) }, () => `shared-${randomInt(1, STREAMS)}`);
    const streams = [...new Set(picks)].sort();
    const holdMs = Math.random() < 0.15 ? randomInt(5, 30) : 0;
    return store.transaction(async (tx) => {
      let appended = 0;
      for (const streamId of streams) {
        const events = Array.from({ length: randomInt(1, 25) }, (_, i) => ({
          type: 'Written',
          data: { writerId, i },
          metadata: { streamId },
        }));
        const expectedVersion: ExpectedVersion = Math.random() < 0.2 ? 'any' : (known.get(streamId) ?? 'no_stream');
        try {
          const result = await tx.append(streamId, events, { expectedVersion });
          known.set(streamId, result.nextExpectedVersion);
        } catch (error) {
          if (error instanceof StreamVersionConflictError) {
            stats.conflicts += 1;
            known.set(streamId, error.actual);
          }
          throw error;
        }
        appended += events.length;
        if (holdMs) await sleep(holdMs);
      }
      return appended;
    });
  };

  const loop = async () => {
    while (stats.events < Number(target)) {
      try {
        // Not `stats.events += await ...`: that would read stats.events before the wait, losing other loops' counts.
        const appended = await retryOnConflict(oneTransaction, { attempts: 10 });
        stats.events += appended;
        stats.transactions += 1;
      } catch (error) {
        if (!(error instanceof StreamVersionConflictError)) throw error;
        stats.abandoned += 1;
      }
    }
  };
  await Promise.all(Array.from({ length: Number(connections) }, loop));
  stats.ms = Date.now() - started;
  await pool.end();
  process.stdout.write(`${JSON.stringify(stats)}\n`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
