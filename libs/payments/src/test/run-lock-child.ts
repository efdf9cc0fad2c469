// One writer process of the run-lock test (run-lock.spec.ts). Usage:
//   node -r @swc-node/register run-lock-child.ts <log file> <name> <rounds> <advisory|process>
// Each round, holding the run's lock (PostgreSQL's advisory lock of DATABASE_URL, or only this process's), appends
// "<name> in" to the log, waits a few milliseconds, and appends "<name> out". Prints "ready" first.

import { appendFile } from 'node:fs/promises';
import { Pool } from 'pg';
import { PgAdvisoryRunLock, processRunLock } from '../run-lock';

const [log, name, rounds, kind] = process.argv.slice(2);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function main() {
  const pool = new Pool({ connectionString: process.env.DATABASE_URL, max: 2 });
  const lock = kind === 'advisory' ? new PgAdvisoryRunLock(pool) : processRunLock;
  await pool.query('SELECT 1');
  process.stdout.write('ready\n');
  for (let round = 0; round < Number(rounds); round += 1) {
    await lock.withRunLock('mangelpulje-2019_2020-01-31', async () => {
      await appendFile(log!, `${name} in\n`);
      await sleep(1 + Math.random() * 4);
      await appendFile(log!, `${name} out\n`);
    });
  }
  await pool.end();
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
