// npm run bench:staff-reads — the staff lists read from their read models with 1,000 and with 100,000 course reports
// stored: the course list of a pool (a page of 50 after a random cursor, and filtered by municipality and status), the
// claims queue (awaiting approval, across municipalities) and the audit trail of the pool, p50/p99 at each size and
// the ratio between them (the goal: ≤ 1.5, the cost independent of the size). Prints one JSON object on stdout;
// progress on stderr.
//
// The rows are made by the staff-reads projection itself from events shaped as the domain writes them (a pool opened,
// commitments prepared and issued, course starts accepted and one in ten rejected, an expense per course, a refund
// claim per ten courses, reviewed with a cut, every other one approved), applied in batches as the projection runner
// does; then ANALYZE, as autovacuum would. Reads go through the api over HTTP with a staff session.
//
// Settings (environment), all optional: BENCH_STAFF_STAGES (1000,100000: course reports), BENCH_CLIENTS (4),
// BENCH_SECONDS (5, measured per stage and read), BENCH_WARMUP_SECONDS (2), DATABASE_URL (use that server).
import { randomUUID } from 'node:crypto';
import type { PoolClient } from 'pg';
import type { RecordedEvent } from '@puljeflow/event-store';
import { mangelpulje2019 } from '@puljeflow/domain';
import { MUNICIPALITIES } from '@puljeflow/reference-data';
import { staffReadsProjection } from '@puljeflow/read-models';
import { intEnv, log, ratio, runClosedLoop, withHarness, type Harness, type LoadResult } from './harness';

const STAGES = (process.env.BENCH_STAFF_STAGES ?? '1000,100000').split(',').map((s) => Number(s.trim()));
if (STAGES.some((n) => !Number.isInteger(n) || n < 100) || STAGES.some((n, i) => i > 0 && n <= STAGES[i - 1]!)) throw new Error('BENCH_STAFF_STAGES: ascending whole numbers of course reports, each at least 100');
const load = { clients: intEnv('BENCH_CLIENTS', 4), warmupMs: intEnv('BENCH_WARMUP_SECONDS', 2) * 1000, durationMs: intEnv('BENCH_SECONDS', 5) * 1000 };
const POOL_ID = mangelpulje2019.poolId;
const CODES = MUNICIPALITIES.map((m) => m.code).slice(0, 20);
const LANES = 4;
const BATCH = 500;

let position = 0;
const at = (i: number) => new Date(Date.UTC(2020, 0, 2) + i * 1000);
const recorded = (type: string, data: Record<string, unknown>): RecordedEvent => {
  position += 1;
  return { globalPosition: String(position), cursor: String(position), streamId: `bench-${position}`, streamPosition: 1, eventId: randomUUID(), type, data, metadata: {}, recordedAt: at(position) };
};

const basis = { poolDefinitionVersion: mangelpulje2019.version, poolAmendments: 0, balanceVersion: '2019H2@1', balanceHalfYear: '2019H2', shortageStatus: 'mangel' };

/** The events of course `n` (its start, its expense, and per ten courses a claim with its review and approval). */
function courseEvents(n: number): RecordedEvent[] {
  const municipalityCode = CODES[n % CODES.length]!;
  const courseId = `K-${n}`;
  const startDate = `2020-${String(1 + (n % 12)).padStart(2, '0')}-${String(1 + (n % 28)).padStart(2, '0')}`;
  const decidedAt = at(position).toISOString();
  if (n % 10 === 9) return [recorded('CourseStartRejected', { poolId: POOL_ID, municipalityCode, courseId, reasons: [{ code: 'JOB_NOT_SHORTAGE_TITLE', message: 'not a shortage title' }], decidedAt, basis })];
  const out = [
    recorded('CourseStarted', {
      poolId: POOL_ID, municipalityCode, courseId, citizen: { pseudonym: `p-${n}` }, targetGroup: n % 3 ? 'ledig' : 'ressourceforloeb',
      employerDeclaration: { cvr: '12345678', employerName: 'El-Service ApS', jobTitle: 'Elektriker' },
      course: { title: `Kursus ${n}`, provider: 'AMU', category: 'opkvalificering', startDate, endDate: startDate, estimatedCostOre: 500_000 }, decidedAt, basis,
    }),
    recorded('ExpenseIncurred', { poolId: POOL_ID, municipalityCode, courseId, expenseId: 'E-1', category: 'kursusafgift', amountOre: 100_000 + n, incurredOn: startDate, invoiceRef: `F-${n}`, budgetYear: 2020, decidedAt }),
  ];
  if (n % 10 === 8) {
    const claimId = `C-${n}`;
    const expenses = [{ courseId, expenseId: 'E-1', amountOre: 100_000 + n }];
    out.push(recorded('RefundClaimed', { poolId: POOL_ID, municipalityCode, claimId, budgetYear: 2020, kind: 'interim', upTo: startDate, expenses, eligibleOre: 100_000 + n, refundBeforeCapOre: 80_000, claimedRefundOre: 80_000, commitmentOre: 10_000_000, refundRateBasisPoints: 8000, claimedAt: decidedAt }));
    out.push(recorded('ClaimReviewed', { poolId: POOL_ID, municipalityCode, claimId, reviewedBy: `caseworker-${n % 7}`, cuts: [{ courseId, expenseId: 'E-1', amountOre: 100_000 + n, approvedOre: 90_000, reason: 'moms' }], approvedEligibleOre: 90_000, reviewedAt: decidedAt }));
    if (n % 20 === 8) out.push(recorded('ClaimApproved', { poolId: POOL_ID, municipalityCode, claimId, budgetYear: 2020, kind: 'interim', reviewedBy: `caseworker-${n % 7}`, approvedBy: `approver-${n % 5}`, approvedEligibleOre: 90_000, refundBeforeCapOre: 72_000, approvedRefundOre: 72_000, commitmentOre: 10_000_000, approvedAt: decidedAt }));
  }
  return out;
}

async function applyInTransaction(client: PoolClient, events: RecordedEvent[]): Promise<void> {
  await client.query('BEGIN');
  await staffReadsProjection.apply(client as never, events);
  await client.query('COMMIT');
}

/** Applies the events of courses [from, to) in LANES lanes (each lane a municipality-disjoint share), BATCH at a time. */
async function fill(h: Harness, from: number, to: number): Promise<void> {
  const started = performance.now();
  const lanes = Array.from({ length: LANES }, async (_, lane) => {
    const client = await h.db.connect();
    try {
      let batch: RecordedEvent[] = [];
      for (let n = from; n < to; n++) {
        if (CODES.indexOf(CODES[n % CODES.length]!) % LANES !== lane) continue;
        batch.push(...courseEvents(n));
        if (batch.length >= BATCH) { await applyInTransaction(client, batch); batch = []; }
      }
      if (batch.length) await applyInTransaction(client, batch);
    } finally {
      client.release();
    }
  });
  await Promise.all(lanes);
  log(`  courses ${from}–${to} applied in ${Math.round(performance.now() - started)} ms`);
}

const printable = (r: LoadResult) => ({ p50Ms: r.p50Ms, p99Ms: r.p99Ms, maxMs: r.maxMs, requests: r.requests, readsPerSec: r.eventsPerSec, failedRequests: r.failedRequests });

async function measure(h: Harness, courses: number) {
  const get = async (path: string) => {
    const res = await h.http.request<{ items?: unknown[] }>('GET', path, { bearer: h.staffToken });
    return res.status === 200 && (res.body.items?.length ?? 0) > 0 ? { events: 1 } : { events: 0, failed: true, tally: { [`http_${res.status}_or_empty`]: 1 } };
  };
  const reads: Record<string, (i: number) => Promise<{ events: number; failed?: boolean }>> = {
    courseList: (i) => get(`/api/v1/staff/pools/${POOL_ID}/course-reports?limit=50&after=${(i * 7919) % Math.max(1, position - 200)}`),
    courseListFiltered: (i) => get(`/api/v1/staff/pools/${POOL_ID}/course-reports?limit=50&municipalityCode=${CODES[i % CODES.length]}&status=${(i % CODES.length) % 10 === 9 ? 'rejected' : 'started'}`),
    claimsQueue: () => get('/api/v1/staff/claims?status=awaiting-approval&limit=50'),
    auditTrail: (i) => get(`/api/v1/staff/audit?poolId=${POOL_ID}&limit=50&after=${(i * 104729) % Math.max(1, position - 2000)}`),
  };
  const out: Record<string, ReturnType<typeof printable>> = {};
  for (const [name, read] of Object.entries(reads)) {
    const r = await runClosedLoop(load, (_, i) => read(i));
    out[name] = printable(r);
    log(`  ${courses} courses, ${name}: p50 ${r.p50Ms} ms, p99 ${r.p99Ms} ms, ${r.requests} requests, ${r.failedRequests} failed`);
  }
  return out;
}

async function main() {
  const result = await withHarness({ municipalities: CODES, deadlineMs: 30 * 60_000 }, async (h) => {
    const setup = [recorded('PoolOpened', { poolId: POOL_ID, definition: mangelpulje2019 })];
    for (const municipalityCode of CODES) {
      setup.push(recorded('CommitmentPrepared', { poolId: POOL_ID, municipalityCode, amountOre: 10_000_000, preparedBy: 'karen', preparedAt: at(position).toISOString() }));
      setup.push(recorded('CommitmentIssued', { poolId: POOL_ID, municipalityCode, amountOre: 10_000_000, preparedBy: 'karen', approvedBy: 'anders', issuedAt: at(position).toISOString() }));
    }
    const client = await h.db.connect();
    await applyInTransaction(client, setup).finally(() => client.release());
    const stages: Record<string, { rows: Record<string, number>; reads: Awaited<ReturnType<typeof measure>> }> = {};
    let done = 0;
    for (const courses of STAGES) {
      log(`filling to ${courses} course reports`);
      await fill(h, done, courses);
      done = courses;
      await h.db.query('ANALYZE');
      const counts = (await h.db.query(`SELECT (SELECT count(*) FROM staff_course_report WHERE valid_to IS NULL) AS courses, (SELECT count(*) FROM staff_audit) AS audit, (SELECT count(*) FROM staff_claim WHERE valid_to IS NULL AND status = 'awaiting-approval') AS awaiting`)).rows[0];
      stages[String(courses)] = { rows: { courseReports: Number(counts.courses), auditEntries: Number(counts.audit), claimsAwaitingApproval: Number(counts.awaiting) }, reads: await measure(h, courses) };
    }
    const [small, large] = [stages[String(STAGES[0])]!, stages[String(STAGES.at(-1))]!];
    const ratios = Object.fromEntries(Object.keys(small.reads).map((name) => [name, { p50: ratio(large.reads[name]?.p50Ms, small.reads[name]?.p50Ms), p99: ratio(large.reads[name]?.p99Ms, small.reads[name]?.p99Ms) }]));
    return { bench: 'staff-reads', settings: { ...load, stages: STAGES, municipalities: CODES.length }, postgres: { version: h.pgVersion, mode: h.postgresMode }, stages, [`ratio${STAGES.at(-1)}to${STAGES[0]}`]: ratios };
  });
  process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
}

main().catch((err) => {
  log(err instanceof Error ? (err.stack ?? err.message) : String(err));
  process.exit(1);
});
