// Worker processes paying one run's file: killed at random moments and restarted, or several at once. Whatever
// happens, the file ends with every reference exactly once, and at every moment it is a valid, consistent pain.001.
// They hold the run's lock in PostgreSQL (a killed writer's lock ends with its connection).

import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { createFreshDatabase, repoRoot, type FreshDatabase } from '@puljeflow/test-support';
import { readFileIfExists } from '../files/atomic-file';
import { runKeyOf } from '../payment-instruction';
import { readPain001 } from '../test/pain001-check';
import { municipalityCodes, RUN_DATE } from '../test/payments';
import { Pain001FileAdapter } from './pain001-file-adapter';

const REFERENCES = 40;
const RUN = runKeyOf({ poolId: 'mangelpulje-2019', runDate: RUN_DATE });
const CHILD = path.join(__dirname, '..', 'test', 'pay-run-child.ts');
const expected = municipalityCodes(REFERENCES).map((code) => `mangelpulje-2019-20200131-${code}`).sort();

interface Worker {
  /** Resolves once the worker is about to pay its first payment. */
  ready: Promise<void>;
  /** Resolves when it ended: its exit code, or the signal that killed it. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null; output: string }>;
  kill(): void;
}

let db: FreshDatabase;
beforeAll(async () => (db = await createFreshDatabase('pain001_processes')));
afterAll(() => db.drop());

function startWorker(folder: string, order: 'in-order' | 'shuffled'): Worker {
  const child = spawn(process.execPath, ['-r', '@swc-node/register', CHILD, folder, String(REFERENCES), '3', order], {
    cwd: repoRoot,
    env: { ...process.env, DATABASE_URL: db.url },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  let onReady: () => void = () => undefined;
  const ready = new Promise<void>((resolve) => (onReady = resolve));
  child.stdout.on('data', (chunk: Buffer) => {
    output += chunk.toString();
    if (output.startsWith('ready')) onReady();
  });
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  // 'close', not 'exit': by then the process is reaped and all its output read.
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null; output: string }>((resolve) =>
    child.on('close', (code, signal) => {
      onReady(); // one that died before it was ready must not leave the test waiting
      resolve({ code, signal, output });
    }),
  );
  return { ready, exited, kill: () => child.kill('SIGKILL') };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('pain.001 run files written by worker processes', () => {
  let folder: string;
  beforeEach(async () => (folder = await mkdtemp(path.join(os.tmpdir(), 'puljeflow-pain001-processes-'))));
  afterEach(() => rm(folder, { recursive: true, force: true }));

  /** The state a crash may leave: the XML valid and consistent, holding no reference twice and none the journal
   * lacks, at most the one payment the journal has recorded behind. */
  const expectConsistent = async () => {
    const journal = (await new Pain001FileAdapter({ folder }).listPayments(RUN)).map((p) => p.instruction.reference);
    const xml = await readFileIfExists(path.join(folder, `${RUN}.pain001.xml`));
    const inFile = xml === undefined ? [] : readPain001(xml).transactions.map((tx) => tx.endToEndId);
    expect(new Set(journal).size).toBe(journal.length);
    expect(journal).toEqual(expect.arrayContaining(inFile));
    expect(journal.length - inFile.length).toBeLessThanOrEqual(1);
    return { journal, inFile };
  };

  const expectComplete = async () => {
    const file = readPain001(await readFile(path.join(folder, `${RUN}.pain001.xml`), 'utf8'));
    expect(file.transactions.map((tx) => tx.endToEndId).sort()).toEqual(expected);
  };

  it('a worker SIGKILLed at random moments 20 times, paying the whole list again each time, pays every reference exactly once', async () => {
    let killedWhilePaying = 0;
    for (let round = 0; round < 20; round += 1) {
      const worker = startWorker(folder, 'shuffled');
      await worker.ready;
      await sleep(Math.random() * 400);
      worker.kill();
      const { signal, output } = await worker.exited;
      if (signal === 'SIGKILL') killedWhilePaying += 1;
      else expect(output).toMatch(/"accepted"/); // it finished before the kill came
      await expectConsistent();
    }

    const last = await startWorker(folder, 'in-order').exited;

    expect(last.code).toBe(0);
    await expectComplete();
    expect((await expectConsistent()).inFile).toHaveLength(REFERENCES);
    expect(killedWhilePaying).toBeGreaterThanOrEqual(5); // the kills did land mid-run
  }, 180_000);

  it('three workers paying the same run at once, one of them killed, pay every reference exactly once', async () => {
    const workers = [startWorker(folder, 'shuffled'), startWorker(folder, 'shuffled'), startWorker(folder, 'in-order')];
    await workers[0]!.ready;
    await sleep(50 + Math.random() * 200);
    workers[0]!.kill();

    const [, second, third] = await Promise.all(workers.map((w) => w.exited));

    expect([second!.code, third!.code]).toEqual([0, 0]);
    await expectComplete();
    // Each survivor had every payment answered; between them they accepted each at most once.
    type Counts = { accepted: number; duplicate: number };
    const [a, b] = [second!, third!].map((w) => JSON.parse(w.output.split('\n')[1]!) as Counts);
    expect([a!.accepted + a!.duplicate, b!.accepted + b!.duplicate]).toEqual([REFERENCES, REFERENCES]);
    expect(a!.accepted + b!.accepted).toBeLessThanOrEqual(REFERENCES);
  }, 60_000);
});
