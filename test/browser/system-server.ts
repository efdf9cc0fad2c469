// The real system for the browser suite, in a process of its own (run with @swc-node/register, as the api is): an
// embedded PostgreSQL, the time-skipping Temporal server, api and worker processes (TestSystem), a pool allocated on
// Temporal's clock and waiting for its commitments, and the web app's dev server proxying /api to the api. It writes
// what the specs need to the JSON file named by its first argument and runs until it is sent SIGTERM.
import { spawn, spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { copenhagenDateOf, copenhagenInstant } from '@puljeflow/domain';
import { freePort, repoRoot, waitForHttp } from '@puljeflow/test-support';
import { poolOfThisYear } from '../e2e/this-year-pool';
import { TestSystem, type StaffAccount } from '../system/system';
import type { BrowserState } from './state';

const STAFF: StaffAccount[] = [
  { username: 'karin', password: 'pw-karin', roles: ['caseworker'] },
  { username: 'anders', password: 'pw-anders', roles: ['approver'] },
  { username: 'bo', password: 'pw-bo', roles: ['caseworker', 'approver'] },
  { username: 'frida', password: 'pw-frida', roles: ['finance'] },
  { username: 'finn', password: 'pw-finn', roles: ['finance'] },
  { username: 'aud', password: 'pw-aud', roles: ['auditor'] },
  { username: 'admin', password: 'pw-admin', roles: ['admin'] },
];
const POOL_ID = 'browser-pulje';
const REQUESTS: Record<string, number> = { '101': 4_000_000, '147': 3_000_000, '151': 2_000_000 };

async function main() {
  const stateFile = process.argv[2];
  if (!stateFile) throw new Error('usage: system-server.ts <state.json>');
  const { startEmbeddedPostgres, tempDir } = (await import(path.join(repoRoot, 'scripts/lib/postgres.mjs'))) as {
    startEmbeddedPostgres: (o: { dir: string; port: number; persistent: boolean }) => Promise<{ adminUrl: string; stop: () => Promise<void> }>;
    tempDir: (prefix: string) => string;
  };
  const pg = await startEmbeddedPostgres({ dir: path.join(tempDir('puljeflow-browser-pg-'), 'data'), port: await freePort(), persistent: false });
  process.env['PULJEFLOW_PG_ADMIN_URL'] = pg.adminUrl;
  // pain.001 files where both api (download) and worker (writing) find them.
  const paymentsDir = tempDir('puljeflow-browser-payments-');
  const system = await TestSystem.start({ municipalities: Object.keys(REQUESTS), staff: STAFF, apiEnv: { PAYMENT_FILES_DIR: paymentsDir }, workerEnv: { PAYMENT_FILES_DIR: paymentsDir } });

  const admin = await system.signIn('admin', 'pw-admin');
  const caseworker = await system.signIn('karin', 'pw-karin');
  // Budget years this year and the next and a payout run today, so expenses incurred today are claimed and paid.
  const definition = await poolOfThisYear(system, POOL_ID, 8_000_000);
  const opened = await system.http('POST', '/api/v1/staff/pools', { bearer: admin, body: definition });
  if (opened.status !== 201) throw new Error(`open pool: ${opened.status} ${JSON.stringify(opened.body)}`);
  for (const [code, amount] of Object.entries(REQUESTS)) {
    const res = await system.http('POST', `/api/v1/municipalities/${code}/events`, {
      bearer: system.keyOf(code),
      body: { events: [{ eventId: randomUUID(), type: 'InterestExpressed', occurredAt: new Date().toISOString(), data: { poolId: POOL_ID, requestedAmountOre: amount, expectedParticipants: 5, contactEmail: 'jc@example.dk' } }] },
    });
    if (res.body?.results?.[0]?.status !== 'accepted') throw new Error(`interest of ${code}: ${JSON.stringify(res.body)}`);
  }
  await system.passInstant(definition.calendar.interestDeadline);
  for (let i = 0; ; i++) {
    const res = await system.http('GET', `/api/v1/staff/pools/${POOL_ID}/overview`, { bearer: caseworker });
    if (res.body?.pool?.status === 'allocated') break;
    if (i > 300) throw new Error(`pool ${POOL_ID} was not allocated`);
    await new Promise((r) => setTimeout(r, 200));
  }
  // Temporal's clock past the opening of today's payout run (08:00 Copenhagen), so its workflow waits for the release
  // and pays a run as soon as a second finance officer releases it.
  await system.passInstant(copenhagenInstant(copenhagenDateOf(new Date()), '08:00').toISOString());

  // TestSystem keeps its api addresses to itself; the first api is the one the web app's proxy talks to.
  const apiUrl = (system as unknown as { apiUrls: string[] }).apiUrls[0]!;
  const webPort = await freePort();
  // The production build, served by vite preview (which proxies /api as the dev server does): what staff get.
  const viteBin = path.join(repoRoot, 'node_modules/vite/bin/vite.js');
  // Into a folder of this run's own, so two suites (or a suite and `npm start`) never build over each other.
  const outDir = tempDir('puljeflow-browser-web-');
  const built = spawnSync(process.execPath, [viteBin, 'build', '--config', 'apps/web/vite.config.mts', '--logLevel', 'warn', '--outDir', outDir, '--emptyOutDir'], { cwd: repoRoot, stdio: 'inherit' });
  if (built.status !== 0) throw new Error(`vite build exited with ${built.status}`);
  const vite = spawn(process.execPath, [viteBin, 'preview', '--config', 'apps/web/vite.config.mts', '--outDir', outDir], {
    cwd: repoRoot,
    env: { ...process.env, WEB_PORT: String(webPort), PULJEFLOW_API_URL: apiUrl },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  const webUrl = `http://127.0.0.1:${webPort}`;
  await waitForHttp(`${webUrl}/`, []);

  const state: BrowserState = {
    apiUrl,
    webUrl,
    poolId: POOL_ID,
    municipalities: Object.keys(REQUESTS),
    municipalKeys: Object.fromEntries(Object.keys(REQUESTS).map((code) => [code, system.keyOf(code)])),
    staff: Object.fromEntries(STAFF.map((s) => [s.username, s.password])),
    definition,
  };
  fs.writeFileSync(stateFile, JSON.stringify(state));

  let stopping = false;
  // Once stopping, a connection the stopped servers refuse is expected, not a failure.
  process.on('uncaughtException', (error) => {
    if (!stopping) throw error;
  });
  const stop = async () => {
    stopping = true;
    vite.kill('SIGTERM');
    await system.stop().catch((error: unknown) => console.error('stopping the system:', error));
    await pg.stop().catch((error: unknown) => console.error('stopping PostgreSQL:', error));
    for (const dir of [outDir, paymentsDir]) fs.rmSync(dir, { recursive: true, force: true });
    process.exit(0);
  };
  process.once('SIGTERM', () => void stop());
  process.once('SIGINT', () => void stop());
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
