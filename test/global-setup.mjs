// One PostgreSQL server for the whole jest run (embedded, fresh, thrown away at the end) unless DATABASE_URL names one.
// Every test file then creates its own fresh databases on it (test/support/db.ts).
import path from 'node:path';
import { startEmbeddedPostgres, tempDir } from '../scripts/lib/postgres.mjs';
import { freePort } from '../scripts/lib/ports.mjs';

export default async function globalSetup() {
  if (process.env.DATABASE_URL) {
    process.env.PULJEFLOW_PG_ADMIN_URL = process.env.DATABASE_URL;
    return;
  }
  const dir = path.join(tempDir('puljeflow-test-pg-'), 'data');
  const port = await freePort();
  const server = await startEmbeddedPostgres({ dir, port, persistent: false });
  process.env.PULJEFLOW_PG_ADMIN_URL = server.adminUrl;
  globalThis.__puljeflowPg = server;
}
