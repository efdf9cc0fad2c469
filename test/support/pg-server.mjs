// A PostgreSQL server of its own for a test that stops and restarts the database (the outage test), run as a child
// process: prints `READY <adminUrl>` when up; SIGTERM stops the server and exits. Usage: pg-server.mjs <dir> <port>
import { startEmbeddedPostgres } from '../../scripts/lib/postgres.mjs';

const [dir, port] = process.argv.slice(2);
const server = await startEmbeddedPostgres({ dir, port: Number(port), persistent: true });
console.log(`READY ${server.adminUrl}`);
let stopping = false;
const stop = async () => {
  if (stopping) return;
  stopping = true;
  await server.stop().catch(() => undefined);
  process.exit(0);
};
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
setInterval(() => undefined, 1 << 30);
