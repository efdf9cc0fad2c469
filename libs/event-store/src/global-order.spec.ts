import { spawn } from 'node:child_process';
import path from 'node:path';
import { compareCursors } from './index';
import { waitUntilReadable } from './read-all';
import { freshEventStore, repoRoot, sleep, type TestEventStore } from './test/support';

const WRITER_PROCESSES = 2;
const CONNECTIONS_PER_WRITER = 8;
const EVENTS_PER_WRITER = 25_000;

interface WriterStats {
  events: number;
  transactions: number;
  conflicts: number;
  abandoned: number;
  ms: number;
}

/** Runs test/concurrent-writer.ts as its own OS process and resolves with the statistics it prints. */
function runWriter(url: string, writerId: number): Promise<WriterStats> {
  const script = path.join(__dirname, 'test', 'concurrent-writer.ts');
  const args = [script, url, `w${writerId}`, `${EVENTS_PER_WRITER}`, `${CONNECTIONS_PER_WRITER}`];
  const child = spawn(process.execPath, ['-r', '@swc-node/register', ...args], {
    cwd: repoRoot,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk) => (stdout += chunk));
  child.stderr.on('data', (chunk) => (stderr += chunk));
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    // 'close', not 'exit': by then all of stdout has been read.
    child.on('close', (code) => {
      if (code === 0) resolve(JSON.parse(stdout) as WriterStats);
      else reject(new Error(`writer ${writerId} failed (${code}): ${stderr}`));
    });
  });
}

describe('the global order under concurrent writers', () => {
  let t: TestEventStore;
  beforeAll(async () => (t = await freshEventStore('es_global_order')));
  afterAll(() => t.close());

  it('Two OS processes with 8 connections each append ≥ 50,000 events (in total) while a reader follows the global order; the reader sees every committed event exactly once and in order', async () => {
    const started = Date.now();
    let writing = true;
    const writers = Promise.all(Array.from({ length: WRITER_PROCESSES }, (_, i) => runWriter(t.url, i + 1))).finally(
      () => (writing = false),
    );

    const seen: string[] = [];
    let cursor: string | null = null;
    let cursorsNotIncreasing = 0;
    // Events that came after one with a higher global position: a reader following the position alone, reading
    // at the wrong moment, would have passed them by.
    let behindHigherPosition = 0;
    let highestPosition = 0n;
    let seenWhileWriting = 0;
    const readPage = async () => {
      const page = await t.store.readAll({ after: cursor, limit: 1000 });
      for (const event of page) {
        if (cursor !== null && compareCursors(cursor, event.cursor) >= 0) cursorsNotIncreasing += 1;
        const position = BigInt(event.globalPosition);
        if (position < highestPosition) behindHigherPosition += 1;
        else highestPosition = position;
        cursor = event.cursor;
        seen.push(event.eventId);
      }
      return page.length;
    };

    while (writing) {
      if ((await readPage()) === 0) await sleep(5);
    }
    seenWhileWriting = seen.length;
    const stats = await writers;
    const writtenMs = Date.now() - started;
    await waitUntilReadable(t.pool);
    while ((await readPage()) > 0);

    const total = (key: keyof WriterStats) => stats.reduce((sum, s) => sum + s[key], 0);
    const written = total('events');
    const inDatabase = (await t.pool.query<{ event_id: string }>('SELECT event_id FROM events')).rows.map(
      (r) => r.event_id,
    );
    console.log(
      `global order: ${written} events in ${total('transactions')} transactions by ` +
        `${WRITER_PROCESSES}×${CONNECTIONS_PER_WRITER} connections in ${writtenMs} ms ` +
        `(${Math.round((written / writtenMs) * 1000)} events/s); reader saw ${seenWhileWriting} while writing; ` +
        `${behindHigherPosition} events came after a higher position; ` +
        `conflicts retried ${total('conflicts')}, abandoned ${total('abandoned')}`,
    );

    expect(written).toBeGreaterThanOrEqual(50_000);
    expect(inDatabase).toHaveLength(written);
    expect(cursorsNotIncreasing).toBe(0);
    expect(new Set(seen).size).toBe(seen.length);
    expect([...seen].sort()).toEqual(inDatabase.sort());
    expect(seenWhileWriting).toBeGreaterThan(0);
    expect(behindHigherPosition).toBeGreaterThan(0);

    // Every stream is whole: positions 1..version, nothing lost to a conflict or a rollback.
    const broken = await t.pool.query(
      `SELECT s.stream_id FROM streams s JOIN events e USING (stream_id) GROUP BY s.stream_id, s.version
       HAVING count(*) <> s.version OR min(e.stream_position) <> 1 OR max(e.stream_position) <> s.version`,
    );
    expect(broken.rows).toEqual([]);
  }, 120_000);
});
