// npm run bench:asof — a municipality's standing read as of a past instant
// (`GET /api/v1/municipalities/{code}/pools/{poolId}?asOf=…`) with 10,000 and with 1,000,000 events stored: p50/p99
// at each size and the ratio between them (the goal: flat, i.e. independent of how many events the store holds).
// Prints one JSON object on stdout; progress on stderr.
//
// The real streams of one standing (municipality 101 in pool `asof-bench`, the rules and calendar of mangelpulje-2019)
// are decided in this process by the application services, each decision at its own 2019–2020 instant (only those
// dates book to the pool's budget years): the pool (opened, interest from 12 municipalities, allocated), 12 commitments
// (prepared, issued), 300 accepted and 30 rejected course starts of 101, an expense per course on 101's ledger and two
// refund claims, each reviewed and approved. The asOf instant lies between the two halves of that (after claim R-1,
// before the second half of the courses). Then filler on OTHER streams — other municipalities' course streams, ledgers,
// submissions, other pools' and commitments' streams, cloned from the real events' shapes, recorded over the last 60
// days — is COPYed in until the table holds 10k events, measured, then filled to 1M and measured again.
//
// Settings (environment), all optional — see bench/README.md: BENCH_ASOF_STAGES (10000,1000000), BENCH_CLIENTS (4),
// BENCH_SECONDS (10, measured per stage and read), BENCH_WARMUP_SECONDS (3), BENCH_ASOF_NOW (1: also the standing
// without asOf, as a reference), DATABASE_URL (use that server; a fresh database is created on it and dropped).
import { randomUUID } from 'node:crypto';
import os from 'node:os';
import type { Pool } from 'pg';
import { Client } from 'pg';
import { CommitmentService, LedgerService, MunicipalEventService, PoolService, readStanding, submissionHashKey } from '@puljeflow/application';
import type { MunicipalEventEnvelope } from '@puljeflow/contracts';
import { copenhagenInstant, mangelpulje2019, type PoolDefinition } from '@puljeflow/domain';
import { EventStore } from '@puljeflow/event-store';
import { CitizenVault, loadVaultKeys } from '@puljeflow/personal-data';
import { MUNICIPALITIES } from '@puljeflow/reference-data';
import { CopyBuffer, copyField, copyFromStdin } from './copy';
import { cpuMeter, intEnv, type Harness, type LoadResult, log, percentile, ratio, runClosedLoop, withHarness } from './harness';

const STAGES = (process.env.BENCH_ASOF_STAGES ?? '10000,1000000').split(',').map((s) => Number(s.trim()));
if (STAGES.some((n) => !Number.isInteger(n) || n < 2_000) || STAGES.some((n, i) => i > 0 && n <= STAGES[i - 1]!)) {
  throw new Error('BENCH_ASOF_STAGES: ascending whole numbers of events, each at least 2000 (the real streams hold ~1,300)');
}
const CLIENTS = intEnv('BENCH_CLIENTS', 4);
const SECONDS = intEnv('BENCH_SECONDS', 10);
const WARMUP_SECONDS = intEnv('BENCH_WARMUP_SECONDS', 3);
const WITH_NOW = intEnv('BENCH_ASOF_NOW', 1) === 1;
const load = { clients: CLIENTS, warmupMs: WARMUP_SECONDS * 1000, durationMs: SECONDS * 1000 };

const CODE = '101';
const POOL_ID = 'asof-bench';
/** Municipalities with interest and a commitment in the pool (101 first). */
const POOL_MUNICIPALITIES = [CODE, ...MUNICIPALITIES.map((m) => m.code).filter((c) => c !== CODE).slice(0, 11)];
/** Filler belongs to every other municipality. */
const OTHER_CODES = MUNICIPALITIES.map((m) => m.code).filter((c) => c !== CODE);
const COURSES_PER_HALF = 150;
const REJECTED_PER_HALF = 15;
/** Rows per COPY statement (each its own transaction) while filling. */
const COPY_BATCH = 50_000;

const round = (n: number, digits = 2) => Math.round(n * 10 ** digits) / 10 ** digits;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const label = (n: number) => (n >= 1_000_000 && n % 1_000_000 === 0 ? `${n / 1_000_000}M` : n >= 1_000 && n % 1_000 === 0 ? `${n / 1_000}k` : String(n));

// ---------------------------------------------------------------------------------------------------------------------
// The real streams of 101's standing, decided by the application services.

const BALANCE_CSV = [
  '# source: puljeflow bench, invented statuses (not the official labour-market balance)',
  '# sample: yes',
  'half_year,rar_area,job_title,disco_08,status',
  '2019H2,Hovedstaden,Social- og sundhedsassistent,532100,omfattende mangel',
  '2019H2,Hovedstaden,Sygeplejerske,222100,omfattende mangel',
  '2019H2,Hovedstaden,Elektriker,741100,mangel',
  '2019H2,Hovedstaden,Lagerarbejder,933300,ingen mangel',
  '',
].join('\n');

const TITLES = ['Social- og sundhedsassistent', 'Sygeplejerske', 'Elektriker'];

/** A valid-format CPR number per course, each its own person (born 1960–1998; 7th digit 1: the 1900s). */
function cprOf(i: number): string {
  const born = new Date(Date.UTC(1960, 0, 1) + (i % 14_000) * 86_400_000);
  const p = (n: number) => String(n).padStart(2, '0');
  return `${p(born.getUTCDate())}${p(born.getUTCMonth() + 1)}${p(born.getUTCFullYear() % 100)}${1000 + Math.floor(i / 14_000)}`;
}

/** Runs `work` for each item, at most `limit` at a time. */
async function eachLimited<T>(items: readonly T[], limit: number, work: (item: T, index: number) => Promise<void>): Promise<void> {
  let next = 0;
  const lane = async () => {
    while (next < items.length) {
      const i = next++;
      await work(items[i]!, i);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, lane));
}

async function realStreams(h: Harness): Promise<{ asOf: Date; counts: Record<string, number> }> {
  const balance = await h.http.request('POST', '/api/v1/staff/reference-data/labour-market-balance', { bearer: h.staffToken, raw: BALANCE_CSV, contentType: 'text/csv' });
  if (balance.status !== 200) throw new Error(`balance import: ${balance.status} ${JSON.stringify(balance.body)}`);
  const store = new EventStore(h.db);
  const keys = loadVaultKeys(h.vaultEnv);
  const events = new MunicipalEventService(store, { vault: new CitizenVault({ pool: h.db, ...keys }), hashKey: submissionHashKey(keys.pseudonymKey) });
  const pools = new PoolService(store);
  const commitments = new CommitmentService(store);
  const ledgers = new LedgerService(store);
  const counts: Record<string, number> = {};
  const submit = async (code: string, type: MunicipalEventEnvelope['type'], data: Record<string, unknown>, at: Date, expect: 'accepted' | 'rejected' = 'accepted') => {
    const r = await events.submit(code, { eventId: randomUUID(), type, occurredAt: at.toISOString(), data }, at);
    if (r.status !== expect) throw new Error(`${type} of ${code}: expected ${expect}, got ${JSON.stringify(r)}`);
    counts[`${type} ${r.status}`] = (counts[`${type} ${r.status}`] ?? 0) + 1;
  };
  const ok = (what: string, outcome: { ok: boolean; reasons?: readonly { code: string; message: string }[] }) => {
    if (!outcome.ok) throw new Error(`${what}: ${JSON.stringify(outcome.reasons)}`);
  };

  const definition: PoolDefinition = { ...mangelpulje2019, poolId: POOL_ID, name: `Bench: ${mangelpulje2019.name}` };
  if (!(await pools.open(definition)).opened) throw new Error(`pool ${POOL_ID} was open already`);
  for (const [i, code] of POOL_MUNICIPALITIES.entries()) {
    await submit(code, 'InterestExpressed', { poolId: POOL_ID, requestedAmountOre: code === CODE ? 900_000_000 : 50_000_000 + i * 1_000_000, expectedParticipants: code === CODE ? 300 : 20, contactEmail: `jobcenter-${code}@example.dk` }, copenhagenInstant('2019-11-20', '10:00'));
  }
  await pools.allocate(POOL_ID, copenhagenInstant('2019-11-29', '12:00'));
  await eachLimited(POOL_MUNICIPALITIES, 4, async (code) => {
    ok(`prepare ${code}`, await commitments.prepare({ poolId: POOL_ID, municipalityCode: code, by: 'karen.sagsbehandler', at: copenhagenInstant('2019-12-02', '10:00') }));
    ok(`approve ${code}`, await commitments.approve({ poolId: POOL_ID, municipalityCode: code, by: 'anders.godkender', at: copenhagenInstant('2019-12-03', '10:00') }));
  });

  const courseStart = (i: number, jobTitle: string) => ({
    poolId: POOL_ID,
    courseId: `KBH-2020-${String(i + 1).padStart(4, '0')}`,
    citizen: { cpr: cprOf(i) },
    targetGroup: i % 3 === 0 ? 'dagpenge' : 'ressourceforloeb',
    ...(i % 3 === 0 ? { unemployedSince: '2019-06-01' } : {}),
    employerDeclaration: { cvr: String(30_000_000 + i * 7919), employerName: 'Plejehjemmet Solgården', jobTitle, rarArea: 'Hovedstaden', signedOn: '2019-12-16', expectedEmploymentStart: '2020-04-01', withoutWageSubsidy: true },
    course: { title: 'Hygiejne og forflytning', provider: 'AMU Hovedstaden', category: 'opkvalificering', startDate: '2020-01-06', endDate: '2020-03-27', estimatedCostOre: 1_500_000 + (i % 7) * 100_000 },
  });
  const half = async (h0: number, expenseDay: string, claim: { id: string; upTo: string; on: string; review: string; approve: string }) => {
    const starts = Array.from({ length: COURSES_PER_HALF }, (_, k) => h0 + k);
    await eachLimited(starts, 4, (i) => submit(CODE, 'CourseStarted', courseStart(i, TITLES[i % TITLES.length]!), copenhagenInstant('2020-01-06', '09:00')));
    const rejectedStarts = Array.from({ length: REJECTED_PER_HALF }, (_, k) => 10_000 + h0 + k);
    await eachLimited(rejectedStarts, 4, (i) => submit(CODE, 'CourseStarted', courseStart(i, 'Lagerarbejder'), copenhagenInstant('2020-01-06', '09:00'), 'rejected'));
    await eachLimited(starts, 4, (i) =>
      submit(CODE, 'ExpenseIncurred', { courseId: `KBH-2020-${String(i + 1).padStart(4, '0')}`, expenseId: `E-${i + 1}`, category: 'kursusafgift', amountOre: 900_000 + (i % 13) * 10_007, incurredOn: expenseDay, invoiceRef: `INV-2020-${i + 1}` }, copenhagenInstant(expenseDay, '16:00')),
    );
    await submit(CODE, 'RefundClaimed', { poolId: POOL_ID, claimId: claim.id, budgetYear: 2020, kind: 'interim', upTo: claim.upTo }, copenhagenInstant(claim.on, '10:00'));
    ok(`review ${claim.id}`, await ledgers.review(POOL_ID, CODE, claim.id, [], 'karen.sagsbehandler', copenhagenInstant(claim.review, '10:00')));
    ok(`approve ${claim.id}`, await ledgers.approve(POOL_ID, CODE, claim.id, 'anders.godkender', copenhagenInstant(claim.approve, '10:00')));
  };
  await half(0, '2020-02-10', { id: 'R-1', upTo: '2020-02-28', on: '2020-03-02', review: '2020-03-05', approve: '2020-03-06' });
  // The instant read: recorded_at of the first half's events is before it, the second half's after it.
  await sleep(50);
  const asOf = new Date();
  await sleep(50);
  await half(COURSES_PER_HALF, '2020-03-10', { id: 'R-2', upTo: '2020-03-31', on: '2020-04-02', review: '2020-04-05', approve: '2020-04-06' });
  return { asOf, counts };
}

// ---------------------------------------------------------------------------------------------------------------------
// Filler: events on other streams, cloned from the shapes of the real events, COPYed in batches.

interface Template {
  type: string;
  data: Record<string, unknown>;
  metadata: Record<string, unknown>;
}

/** A small deterministic generator (the same filler every run). */
function lcg(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1_664_525) + 1_013_904_223) >>> 0;
    return s / 2 ** 32;
  };
}

class Filler {
  private seq = 0;
  private readonly rand = lcg(42);
  private ledger = { pair: 0, position: 0 };
  private pool = { index: 0, position: 0 };
  private commitmentSeq = 0;
  private readonly submissionPositions = new Map<string, number>();
  private readonly fromMs: number;
  private readonly toMs: number;

  constructor(
    private readonly t: Record<'CourseStarted' | 'CourseStartRejected' | 'ExpenseIncurred' | 'InterestExpressed' | 'SubmissionRejected', Template>,
    private readonly commitment: Template[],
  ) {
    this.toMs = Date.now();
    this.fromMs = this.toMs - 60 * 86_400_000;
  }

  private recordedAt() {
    return new Date(this.fromMs + this.rand() * (this.toMs - this.fromMs)).toISOString();
  }

  private code(n: number) {
    return OTHER_CODES[n % OTHER_CODES.length]!;
  }

  private row(buf: CopyBuffer, streamId: string, position: number, t: Template, data: Record<string, unknown>, metadata: Record<string, unknown>) {
    buf.row([copyField(streamId), position, t.type, copyField(JSON.stringify({ ...t.data, ...data })), copyField(JSON.stringify({ ...t.metadata, ...metadata })), this.recordedAt()]);
  }

  /** Adds `rows` rows to `buf`: 45 % course starts, 25 % ledger expenses, 15 % other pools' interest, 10 % rejected
   * submissions, 5 % commitments (two events each). */
  fill(buf: CopyBuffer, rows: number) {
    const until = buf.rows + rows;
    while (buf.rows < until) {
      const n = this.seq++;
      // A commitment is two events: never past the number asked for.
      const kind = n % 20 === 19 && until - buf.rows < 2 ? 0 : n % 20;
      if (kind < 9) {
        const code = this.code(n);
        const courseId = `F-${n}`;
        const rejected = n % 10 === 0;
        const t = rejected ? this.t.CourseStartRejected : this.t.CourseStarted;
        const poolId = n % 3 === 0 ? POOL_ID : `filler-pool-${n % 17}`;
        const citizen = { pseudonym: n.toString(16).padStart(16, '0').repeat(4), cprCiphertext: Buffer.from(`filler-${n}`.padEnd(45, '.')).toString('base64') };
        this.row(buf, `course-${code}-${courseId}`, 1, t, { poolId, municipalityCode: code, courseId, citizen }, { municipalityCode: code, submissionEventId: randomUUID() });
      } else if (kind < 14) {
        // A ledger per (pool, municipality), 150 expenses each: first the other municipalities' in our pool, then
        // theirs in the filler pools.
        if (this.ledger.position >= 150) this.ledger = { pair: this.ledger.pair + 1, position: 0 };
        const pair = this.ledger.pair;
        const code = this.code(pair);
        const poolId = pair < OTHER_CODES.length ? POOL_ID : `filler-pool-${Math.floor(pair / OTHER_CODES.length)}`;
        const position = ++this.ledger.position;
        this.row(buf, `ledger-${poolId}-${code}`, position, this.t.ExpenseIncurred, { poolId, municipalityCode: code, courseId: `F-${n}`, expenseId: `FE-${n}` }, { municipalityCode: code, submissionEventId: randomUUID() });
      } else if (kind < 17) {
        if (this.pool.position >= 100) this.pool = { index: this.pool.index + 1, position: 0 };
        const code = this.code(n);
        this.row(buf, `pool-filler-pool-${this.pool.index}`, ++this.pool.position, this.t.InterestExpressed, { poolId: `filler-pool-${this.pool.index}`, municipalityCode: code }, { municipalityCode: code, submissionEventId: randomUUID() });
      } else if (kind < 19) {
        const code = this.code(n);
        const position = (this.submissionPositions.get(code) ?? 0) + 1;
        this.submissionPositions.set(code, position);
        this.row(buf, `submissions-${code}`, position, this.t.SubmissionRejected, { eventId: randomUUID() }, { municipalityCode: code, submissionEventId: randomUUID() });
      } else {
        const k = this.commitmentSeq++;
        const code = this.code(k);
        const poolId = `filler-pool-${Math.floor(k / OTHER_CODES.length)}`;
        this.commitment.forEach((t, i) => this.row(buf, `commitment-${poolId}-${code}`, i + 1, t, { poolId, municipalityCode: code }, {}));
      }
    }
  }
}

async function templates(h: Harness) {
  const { rows } = await h.db.query<Template>(
    `SELECT DISTINCT ON (type) type, data, metadata FROM events
      WHERE type IN ('CourseStarted', 'CourseStartRejected', 'ExpenseIncurred', 'InterestExpressed', 'SubmissionRejected')
      ORDER BY type, global_position`,
  );
  const byType = Object.fromEntries(rows.map((r) => [r.type, r])) as ConstructorParameters<typeof Filler>[0];
  for (const t of ['CourseStarted', 'CourseStartRejected', 'ExpenseIncurred', 'InterestExpressed', 'SubmissionRejected'] as const) if (!byType[t]) throw new Error(`no ${t} recorded to clone`);
  const commitment = (await h.db.query<Template>('SELECT type, data, metadata FROM events WHERE stream_id = $1 ORDER BY stream_position', [`commitment-${POOL_ID}-${CODE}`])).rows;
  return new Filler(byType, commitment);
}

async function countEvents(h: Harness): Promise<number> {
  return (await h.db.query<{ n: number }>('SELECT count(*)::int AS n FROM events')).rows[0]!.n;
}

/** COPYs filler until the table holds `target` events; then VACUUM (ANALYZE), as autovacuum would after such a load. */
async function fillTo(h: Harness, filler: Filler, target: number) {
  const have = await countEvents(h);
  const rows = target - have;
  if (rows <= 0) throw new Error(`the table holds ${have} events already, more than ${target}`);
  log(`filling ${rows} events (to ${target})`);
  const client = new Client({ connectionString: h.databaseUrl });
  await client.connect();
  let copied = 0;
  let generateMs = 0;
  let copyMs = 0;
  try {
    while (copied < rows) {
      const g0 = performance.now();
      const buf = new CopyBuffer();
      filler.fill(buf, Math.min(COPY_BATCH, rows - copied));
      const chunks = buf.done();
      const c0 = performance.now();
      generateMs += c0 - g0;
      copied += await copyFromStdin(client, 'COPY events (stream_id, stream_position, type, data, metadata, recorded_at) FROM STDIN', chunks);
      copyMs += performance.now() - c0;
      if (rows > COPY_BATCH) log(`  ${copied}/${rows} rows (${round(copied / (copyMs / 1000), 0)} rows/s in COPY)`);
    }
    const v0 = performance.now();
    await client.query('VACUUM (ANALYZE) events');
    const vacuumMs = performance.now() - v0;
    const events = await countEvents(h);
    const size = (await h.db.query<{ mb: number }>("SELECT round(pg_total_relation_size('events') / 1048576.0)::int AS mb")).rows[0]!.mb;
    return { rows: copied, events, copySeconds: round(copyMs / 1000, 1), copyRowsPerSec: round(copied / (copyMs / 1000), 0), generateSeconds: round(generateMs / 1000, 1), vacuumAnalyzeSeconds: round(vacuumMs / 1000, 1), tableAndIndexesMiB: size };
  } finally {
    await client.end();
  }
}

// ---------------------------------------------------------------------------------------------------------------------
// Measuring.

/** The SQL readStanding sends (captured in this process through a recording pool), each under EXPLAIN ANALYZE. */
async function explainStanding(h: Harness, asOf: Date) {
  const captured: { text: string; values: unknown[] }[] = [];
  const recorder = {
    // A statement as text and values, or as a named statement ({ name, text, values }).
    query: (statement: string | { text: string; values?: unknown[] }, params?: unknown[]) => {
      const text = typeof statement === 'string' ? statement : statement.text;
      const values = (typeof statement === 'string' ? params : statement.values) ?? [];
      captured.push({ text, values });
      return h.db.query(text, values);
    },
  } as unknown as Pool;
  await readStanding(new EventStore(recorder), POOL_ID, CODE, asOf);
  const out: { query: string; executionMs: number; planningMs: number; rows: number | null; plan: string[] }[] = [];
  for (const { text, values } of captured) {
    // Parameters bound as the app binds them (an unnamed statement, planned with their values).
    const { rows } = await h.db.query<{ 'QUERY PLAN': string }>(`EXPLAIN (ANALYZE, BUFFERS) ${text}`, values);
    const plan = rows.map((r) => r['QUERY PLAN']);
    const ms = (name: string) => Number(/: ([\d.]+) ms/.exec(plan.find((l) => l.startsWith(name)) ?? '')?.[1] ?? NaN);
    const actual = /actual time=[\d.]+\.\.[\d.]+ rows=([\d.]+)/.exec(plan[0] ?? '');
    const what = /LIKE/i.test(text) ? `courseCounts (LIKE '${String(values[0])}')` : `readStream ${String(values[0])}`;
    out.push({ query: what, executionMs: ms('Execution Time'), planningMs: ms('Planning Time'), rows: actual ? Number(actual[1]) : null, plan: plan.map((l) => l.replace(/\s+/g, ' ').trim()) });
  }
  return out;
}

/** readStanding in this process (no HTTP, no NestJS): the fold's own cost, sequentially, median and p99 of 100. */
async function inProcess(h: Harness, asOf: Date) {
  const store = new EventStore(h.db);
  const times: number[] = [];
  for (let i = 0; i < 110; i++) {
    const t0 = performance.now();
    await readStanding(store, POOL_ID, CODE, asOf);
    if (i >= 10) times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  return { p50Ms: round(percentile(times, 50)), p99Ms: round(percentile(times, 99)), n: times.length };
}

async function measureReads(h: Harness, asOf: Date, expected: string) {
  const url = `/api/v1/municipalities/${CODE}/pools/${POOL_ID}?asOf=${encodeURIComponent(asOf.toISOString())}`;
  log(`measuring GET …?asOf (${CLIENTS} clients, ${WARMUP_SECONDS} s warm-up + ${SECONDS} s)`);
  const stopCpu = await cpuMeter(h, { api: true });
  const asOfRead = await runClosedLoop(load, async () => {
    const res = await h.http.request('GET', url, { bearer: h.keyOf(CODE) });
    if (res.status !== 200) return { events: 0, failed: true, tally: { [`http_${res.status}`]: 1 } };
    // Every answer as of the instant must be the same, however many events came later.
    const same = JSON.stringify(res.body) === expected;
    return { events: 1, failed: !same, tally: { [same ? 'same' : 'different']: 1 } };
  });
  const cpu = await stopCpu();
  const perRead = (ms: number) => round(ms / Math.max(1, asOfRead.eventsIncludingWarmup), 3);
  const asOfResult = {
    ...printable(asOfRead),
    cpuMsPerRead: { api: perRead(cpu.apiMs), postgres: perRead(cpu.postgresMs), bench: perRead(cpu.benchMs), total: perRead(cpu.apiMs + cpu.postgresMs + cpu.benchMs) },
    loadAverage1mAtEnd: cpu.loadAverage1m,
  };
  log(`  asOf: p50 ${asOfRead.p50Ms} ms, p99 ${asOfRead.p99Ms} ms, ${asOfRead.requests} requests, ${asOfRead.failedRequests} failed ${JSON.stringify(asOfRead.tally ?? {})}; CPU-ms/read ${asOfResult.cpuMsPerRead.total}`);
  let now: ReturnType<typeof printable> | undefined;
  if (WITH_NOW) {
    log('measuring GET … without asOf (the standing now)');
    const nowRead = await runClosedLoop(load, async () => {
      const res = await h.http.request('GET', `/api/v1/municipalities/${CODE}/pools/${POOL_ID}`, { bearer: h.keyOf(CODE) });
      return res.status === 200 ? { events: 1 } : { events: 0, failed: true, tally: { [`http_${res.status}`]: 1 } };
    });
    now = printable(nowRead);
    log(`  now: p50 ${nowRead.p50Ms} ms, p99 ${nowRead.p99Ms} ms, ${nowRead.requests} requests, ${nowRead.failedRequests} failed`);
  }
  return { asOf: asOfResult, ...(now ? { now } : {}) };
}

function printable(r: LoadResult) {
  return { p50Ms: r.p50Ms, p99Ms: r.p99Ms, maxMs: r.maxMs, requests: r.requests, readsPerSec: r.eventsPerSec, failedRequests: r.failedRequests, ...(r.tally ? { tally: r.tally } : {}) };
}

async function main() {
  const started = Date.now();
  const pg = { version: '', mode: '', settings: {} as Record<string, string> };
  // The api's per-municipality rate limit (100/s by default) would answer most of the closed loop's reads with 429.
  const api = { env: { RATE_LIMIT_PER_SECOND: '1000000', RATE_LIMIT_BURST: '1000000' } };
  const output = await withHarness({ municipalities: [CODE], api, deadlineMs: 20 * 60_000 }, async (h) => {
    pg.version = h.pgVersion;
    pg.mode = h.postgresMode;
    pg.settings = h.pgSettings;
    log(`deciding the real streams of ${CODE}'s standing in ${POOL_ID}`);
    const t0 = performance.now();
    const { asOf, counts } = await realStreams(h);
    const realEvents = await countEvents(h);
    log(`  ${realEvents} events in ${round((performance.now() - t0) / 1000, 1)} s; asOf ${asOf.toISOString()}`);
    const reference = await h.http.request('GET', `/api/v1/municipalities/${CODE}/pools/${POOL_ID}?asOf=${encodeURIComponent(asOf.toISOString())}`, { bearer: h.keyOf(CODE) });
    if (reference.status !== 200) throw new Error(`standing asOf: ${reference.status} ${JSON.stringify(reference.body)}`);
    const expected = JSON.stringify(reference.body);
    const filler = await templates(h);
    const stages: Record<string, unknown> = {};
    const p: Record<string, { p50: number; p99: number; inProcessP50: number; cpu: number }> = {};
    for (const target of STAGES) {
      const fill = await fillTo(h, filler, target);
      log(`  ${fill.events} events; COPY ${fill.copyRowsPerSec} rows/s, VACUUM (ANALYZE) ${fill.vacuumAnalyzeSeconds} s, ${fill.tableAndIndexesMiB} MiB`);
      const reads = await measureReads(h, asOf, expected);
      const inproc = await inProcess(h, asOf);
      const explain = await explainStanding(h, asOf);
      for (const e of explain) log(`  EXPLAIN ${e.query}: ${e.executionMs} ms, ${e.rows} rows; ${e.plan.slice(0, 3).join(' | ')}`);
      stages[label(target)] = { fill, reads, inProcessReadStanding: inproc, explain };
      p[label(target)] = { p50: reads.asOf.p50Ms, p99: reads.asOf.p99Ms, inProcessP50: inproc.p50Ms, cpu: reads.asOf.cpuMsPerRead.total };
    }
    return { realEvents, counts, asOf, standing: reference.body, stages, p };
  });
  const keys = Object.keys(output.p);
  const first = output.p[keys[0]!]!;
  const last = output.p[keys.at(-1)!]!;
  const json = {
    asOf: {
      [keys[0]!]: { p50Ms: first.p50, p99Ms: first.p99 },
      [keys.at(-1)!]: { p50Ms: last.p50, p99Ms: last.p99 },
      ratio: { p50: ratio(last.p50, first.p50), p99: ratio(last.p99, first.p99), inProcessP50: ratio(last.inProcessP50, first.inProcessP50), cpuMsPerRead: ratio(last.cpu, first.cpu) },
      goal: 'flat: the ratio near 1, the read independent of the events stored',
    },
    stages: output.stages,
    realStreams: { events: output.realEvents, decisions: output.counts, asOf: output.asOf.toISOString(), standingAsOf: output.standing },
    machine: { cpus: os.cpus().length, cpuModel: os.cpus()[0]?.model, node: process.version, pg: pg.version, postgres: pg.mode, pgSettings: pg.settings },
    config: {
      read: `GET /api/v1/municipalities/${CODE}/pools/${POOL_ID}?asOf=<instant between the two halves of the real streams>, ${CLIENTS} closed-loop clients, ${WARMUP_SECONDS} s warm-up + ${SECONDS} s per stage; every answer compared with the one read before any filler (tally same/different)`,
      now: WITH_NOW ? 'the same read without asOf (the standing now), for reference' : 'off (BENCH_ASOF_NOW=0)',
      filler: `COPY in statements of ${COPY_BATCH} rows on streams of other municipalities and pools: 45 % course starts (course-<code>-F<n>), 25 % ledger expenses, 15 % other pools' interest, 10 % rejected submissions, 5 % commitments; data cloned from the real events; recorded_at spread over the last 60 days; VACUUM (ANALYZE) events after each fill`,
      explain: 'EXPLAIN (ANALYZE, BUFFERS) of the statements readStanding sends (captured in process), with the same parameters',
      inProcessReadStanding: 'readStanding called in this process, one at a time, 100 after 10 warm-up: the queries and the fold without HTTP/NestJS/key check/settle',
      api: 'one api process, RUN_PROJECTIONS=off, LOG_LEVEL=warn, RATE_LIMIT_PER_SECOND and RATE_LIMIT_BURST raised to 1,000,000 (one municipality reads in a closed loop)',
      durability: pg.mode === 'embedded' ? 'embedded PostgreSQL, fsync=off' : 'as configured on the DATABASE_URL server',
    },
    totalSeconds: Math.round((Date.now() - started) / 1000),
  };
  process.stdout.write(JSON.stringify(json, null, 2) + '\n');
}

main().then(
  () => process.exit(0),
  (err) => {
    log(`failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
    process.exit(1);
  },
);
