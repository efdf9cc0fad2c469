import 'reflect-metadata';
import { createHash, randomUUID } from 'node:crypto';
import { hash } from '@node-rs/argon2';
import { Client, Connection } from '@temporalio/client';
import { Pool } from 'pg';
import { MunicipalEventService, PoolService, submissionHashKey } from '@puljeflow/application';
import { startPoolWorkflow } from './infrastructure/pool-workflows';
import { copenhagenInstant, mangelpulje2019, type PoolDefinition } from '@puljeflow/domain';
import { EventStore } from '@puljeflow/event-store';
import { runMigrations } from '@puljeflow/read-models';
import { CitizenVault, loadVaultKeys } from '@puljeflow/personal-data';
import { importBalance, importMunicipalities, readSampleBalanceCsv } from '@puljeflow/reference-data';
import { readFileSync } from 'node:fs';

import { newApiKey, sha256 } from './auth/secrets';
import { demoApiKey, demoInterest, demoMunicipalities, demoStaff } from './seed/demo-data';
import { concludeHistoricalPool } from './seed/historical-pool';
import { DEFAULT_DEMO_MINUTE_SECONDS, demoClockOf, presentDayDemoPool } from './seed/demo-pool';

/**
 * Operations from the command line: `migrate`, `seed-demo [--json]`, `import-balance <file>`, `erase-citizen <cpr> <reason>`, `create-staff <user> <name> <password> <roles,…>`,
 * `issue-api-key <municipalityCode> <name>`, `revoke-api-key <keyPrefix>`.
 */
async function main(argv: string[]) {
  const [command, ...args] = argv;
  const databaseUrl = requireEnv('DATABASE_URL', 'a postgres:// URL');
  switch (command) {
    case 'migrate': {
      const applied = await runMigrations(databaseUrl);
      console.log(applied.length ? `applied migrations: ${applied.join(', ')}` : 'database schema is up to date');
      return;
    }
    case 'seed-demo':
      return seedDemo(databaseUrl, requireEnv('TEMPORAL_ADDRESS', 'host:port of Temporal'), args.includes('--json'));
    case 'create-staff': {
      const [username, displayName, password, roles] = args;
      if (!username || !displayName || !password || !roles) throw new Error('usage: create-staff <username> <display name> <password> <role,role>');
      await withPool(databaseUrl, (pool) => upsertStaff(pool, { username, displayName, password, roles: roles.split(',') }, true));
      console.log(`staff account ${username} saved`);
      return;
    }
    case 'issue-api-key': {
      const [code, name] = args;
      if (!code || !name) throw new Error('usage: issue-api-key <municipalityCode> <name>');
      const key = newApiKey(code);
      await withPool(databaseUrl, (pool) => insertKey(pool, code, name, key));
      console.log(`API key for ${code} (shown once, store it now): ${key}`);
      return;
    }
    case 'import-balance': {
      const [file] = args;
      if (!file) throw new Error('usage: import-balance <file.csv>');
      const result = await withPool(databaseUrl, (pool) => importBalance(pool, readFileSync(file, 'utf8'), { importedBy: 'cli' }));
      if (!result.ok) {
        for (const e of result.errors) console.error(`line ${e.line}: ${e.message}`);
        throw new Error(`the file was refused whole (${result.errors.length} error(s)); nothing was imported`);
      }
      console.log(JSON.stringify(result, null, 2));
      return;
    }
    case 'erase-citizen': {
      const [cpr, ...why] = args;
      if (!cpr || why.length === 0) throw new Error('usage: erase-citizen <cpr> <reason…>');
      const erasure = await withPool(databaseUrl, (pool) => {
        const vault = new CitizenVault({ pool, ...loadVaultKeys(process.env) });
        return vault.erase(vault.pseudonymOf(cpr), { by: 'cli', reason: why.join(' ') });
      });
      console.log(`erased ${erasure.pseudonym} at ${erasure.erasedAt.toISOString()}`);
      return;
    }
    case 'revoke-api-key': {
      const [prefix] = args;
      if (!prefix) throw new Error('usage: revoke-api-key <keyPrefix>');
      const n = await withPool(databaseUrl, async (pool) => (await pool.query('UPDATE api_keys SET revoked_at = now() WHERE key_prefix = $1 AND revoked_at IS NULL', [prefix])).rowCount);
      console.log(`revoked ${n} key(s)`);
      return;
    }
    default:
      throw new Error('usage: cli.ts <migrate | seed-demo [--json] | create-staff | issue-api-key | revoke-api-key>');
  }
}

function requireEnv(name: string, what: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set (${what})`);
  return value;
}

async function withPool<T>(url: string, fn: (pool: Pool) => Promise<T>): Promise<T> {
  const pool = new Pool({ connectionString: url, max: 4 });
  try {
    return await fn(pool);
  } finally {
    await pool.end();
  }
}

async function upsertStaff(pool: Pool, s: { username: string; displayName: string; password: string; roles: string[] }, overwrite: boolean) {
  const passwordHash = await hash(s.password);
  await pool.query(
    `INSERT INTO staff_users (username, display_name, password_hash, roles) VALUES ($1, $2, $3, $4)
     ON CONFLICT (username) DO ${overwrite ? 'UPDATE SET display_name = EXCLUDED.display_name, password_hash = EXCLUDED.password_hash, roles = EXCLUDED.roles' : 'NOTHING'}`,
    [s.username, s.displayName, passwordHash, s.roles],
  );
}

async function insertKey(pool: Pool, code: string, name: string, key: string) {
  await pool.query(
    `INSERT INTO api_keys (id, municipality_code, name, key_hash, key_prefix) VALUES ($1, $2, $3, $4, $5) ON CONFLICT (key_hash) DO NOTHING`,
    [randomUUID(), code, name, sha256(key), key.slice(0, 12)],
  );
}

/** A stable event id per demo submission, so seeding twice records nothing new. */
const demoEventId = (label: string) => {
  const h = createHash('sha256').update(label).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-8${h.slice(17, 20)}-${h.slice(20, 32)}`;
};

/** The demo clock of a new demo pool: PULJEFLOW_DEMO_MINUTE_SECONDS real seconds per demo minute (a stored pool keeps its own). */
function demoClockFromEnv(): { minuteMs: number } {
  const raw = process.env.PULJEFLOW_DEMO_MINUTE_SECONDS?.trim() || String(DEFAULT_DEMO_MINUTE_SECONDS);
  const seconds = Number(raw);
  if (!(seconds >= 0.5 && seconds <= 3600)) throw new Error(`PULJEFLOW_DEMO_MINUTE_SECONDS: '${raw}' is not a number of seconds from 0.5 to 3600`);
  return { minuteMs: seconds * 1000 };
}

async function seedDemo(databaseUrl: string, temporalAddress: string, json: boolean) {
  let demoDefinition: PoolDefinition | undefined;
  await withPool(databaseUrl, async (pool) => {
    // Reference data: the 98 municipalities and the shipped SAMPLE labour-market balance (re-importing is a no-op).
    await importMunicipalities(pool);
    const balance = await importBalance(pool, readSampleBalanceCsv(), { importedBy: 'seed-demo' });
    if (!balance.ok) throw new Error('the sample labour-market balance does not parse');
    for (const m of demoMunicipalities) await insertKey(pool, m.code, `${m.name} demo key`, demoApiKey(m.code));
    for (const s of demoStaff) await upsertStaff(pool, s, false);

    const store = new EventStore(pool);
    const pools = new PoolService(store);
    const keys = loadVaultKeys(process.env);
    const hashKey = submissionHashKey(keys.pseudonymKey);
    const interest = new MunicipalEventService(store, { vault: new CitizenVault({ pool, ...keys }), hashKey });
    const connection = await Connection.connect({ address: temporalAddress });
    const client = new Client({ connection });
    try {
      const now = new Date();
      // The historical pool, with its interest as it arrived before the 2019 deadline (decided at that time), then
      // concluded as it ended: no workflow of its own, so nothing waits for its payout runs of 2020–2021.
      await pools.open(mangelpulje2019);
      await expressDemoInterest(interest, mangelpulje2019.poolId, copenhagenInstant('2019-11-20', '10:00'));
      await concludeHistoricalPool(pools, mangelpulje2019);
      // The demo pool: the same rules, its calendar moved to now, so the deadline fires while you watch.
      const existing = await store.readStream('pool-demo');
      const demo = existing.version > 0 ? ((existing.events[0]!.data as { definition: PoolDefinition }).definition) : presentDayDemoPool(now, demoClockFromEnv());
      await openAndStart(pools, client, demo);
      demoDefinition = demo;
      await expressDemoInterest(interest, demo.poolId, now);
    } finally {
      await connection.close();
    }
  });
  const result = {
    staff: demoStaff.map(({ username, password, roles }) => ({ username, password, roles })),
    apiKeys: demoMunicipalities.map((m) => ({ municipalityCode: m.code, name: m.name, key: demoApiKey(m.code) })),
    pools: ['demo', mangelpulje2019.poolId],
    demo: { minuteMs: demoClockOf(demoDefinition!).minuteMs, calendar: demoDefinition!.calendar, budgetYears: demoDefinition!.budgetYears },
  };
  console.log(json ? JSON.stringify(result) : `demo data loaded: ${result.staff.length} staff accounts, ${result.apiKeys.length} API keys, pools ${result.pools.join(', ')}`);
}

async function openAndStart(pools: PoolService, client: Client, definition: PoolDefinition) {
  await pools.open(definition);
  await startPoolWorkflow(client, definition);
}

async function expressDemoInterest(service: MunicipalEventService, poolId: string, at: Date) {
  for (const i of demoInterest) {
    await service.submit(
      i.code,
      {
        eventId: demoEventId(`${poolId}:${i.code}:interest`),
        type: 'InterestExpressed',
        occurredAt: at.toISOString(),
        data: { poolId, requestedAmountOre: i.requestedAmountOre, expectedParticipants: i.expectedParticipants, contactEmail: `jobcenter-${i.code}@example.dk` },
      },
      at,
    );
  }
}

main(process.argv.slice(2)).then(
  () => process.exit(0),
  (err) => {
    console.error(`cli: ${err instanceof Error ? err.message : String(err)}`);
    process.exit(1);
  },
);
