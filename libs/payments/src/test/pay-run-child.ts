// One worker process of the crash and concurrency tests (pain001-processes.spec.ts). Usage:
//   DATABASE_URL=… node -r @swc-node/register pay-run-child.ts <folder> <count> <concurrency> <order: in-order|shuffled>
// Pays the run of mangelpulje-2019 on 2020-01-31 to <count> municipalities into <folder>, <concurrency> calls at a
// time, as a restarted worker would: the whole list again, whatever was paid before. Prints "ready" before the
// first payment and one line of counts at the end. The run's lock is PostgreSQL's advisory lock, as in the worker.

import { Pool } from 'pg';
import { Pain001FileAdapter } from '../pain001/pain001-file-adapter';
import { PgAdvisoryRunLock } from '../run-lock';
import { instructionFor, municipalityCodes } from './payments';

const [folder, count, concurrency, order] = process.argv.slice(2);

async function main() {
  const pool = new Pool({ connectionString: process.env.DATABASE_URL, max: 2 });
  const port = new Pain001FileAdapter({ folder: folder!, lock: new PgAdvisoryRunLock(pool, { timeoutMs: 30_000 }) });
  const codes = municipalityCodes(Number(count));
  if (order === 'shuffled') codes.sort(() => Math.random() - 0.5);
  const queue = codes.map((code) => instructionFor(code));
  const counts = { accepted: 0, duplicate: 0 };
  process.stdout.write('ready\n');
  const worker = async () => {
    for (let next = queue.shift(); next; next = queue.shift()) counts[(await port.pay(next)).status] += 1;
  };
  await Promise.all(Array.from({ length: Number(concurrency) }, worker));
  process.stdout.write(`${JSON.stringify(counts)}\n`);
  await pool.end();
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
