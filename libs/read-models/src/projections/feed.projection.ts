import { MUNICIPAL_EVENT_TYPES } from '@puljeflow/contracts';
import type { Projection, RecordedEvent } from '@puljeflow/event-store';

interface Tx {
  query<R = unknown>(sql: string, params?: unknown[]): Promise<{ rows: R[] }>;
}

/**
 * The municipal feed (docs/municipal-api.md): everything decided about a municipality, oldest first. Items are numbered
 * by a sequence taken while this projection holds its checkpoint lock, so numbers become visible in order: a reader
 * that keeps the last cursor misses nothing and sees nothing twice, whatever other writers do meanwhile.
 */
export const feedProjection: Projection = {
  name: 'municipal-feed',
  async apply(tx, events) {
    for (const event of events) await applyOne(tx as unknown as Tx, event);
  },
  async reset(tx) {
    await tx.query('TRUNCATE municipal_feed, feed_pool_members RESTART IDENTITY');
  },
};

/** Submissions (every municipal event type of the contract) and decisions that name their municipality. */
const OWN_EVENTS = new Set<string>([
  ...MUNICIPAL_EVENT_TYPES,
  'SubmissionRejected',
  'CommitmentIssued',
  'CommitmentReduced',
  'ClaimApproved',
  'BudgetYearSettled',
  'RepaymentDemanded',
  'RepaymentReceived',
  'PaymentMade',
  'CommitmentLapsed',
]);

/** Pool deadlines reached and amended: told to every municipality taking part in the pool. */
const POOL_EVENTS = new Set(['PoolClosedForStarts', 'ReportingGraceEnded', 'DeadlineAmended']);

async function applyOne(tx: Tx, event: RecordedEvent): Promise<void> {
  const data = event.data as Record<string, unknown>;
  if (event.type === 'AllocationMade') {
    const poolId = String(data['poolId']);
    for (const a of data['allocations'] as { municipalityCode: string; requestedOre: number; allocatedOre: number }[]) {
      await member(tx, poolId, a.municipalityCode);
      // Each municipality sees its own share, never the others'.
      await add(tx, a.municipalityCode, event, { poolId, requestedOre: a.requestedOre, allocatedOre: a.allocatedOre, interestDeadlineReached: true });
    }
    return;
  }
  if (POOL_EVENTS.has(event.type)) {
    const { rows } = await tx.query<{ municipality_code: string }>('SELECT municipality_code FROM feed_pool_members WHERE pool_id = $1 ORDER BY municipality_code', [data['poolId']]);
    for (const r of rows) await add(tx, r.municipality_code, event, data);
    return;
  }
  if (!OWN_EVENTS.has(event.type)) return;
  const code = (event.metadata['municipalityCode'] ?? data['municipalityCode']) as string | undefined;
  if (!code) return;
  if (event.type === 'InterestExpressed' && typeof data['poolId'] === 'string') await member(tx, data['poolId'], code);
  // A course start keeps only its pseudonym in the feed (the event holds no CPR number in any case).
  await add(tx, code, event, data);
}

async function member(tx: Tx, poolId: string, municipalityCode: string) {
  await tx.query('INSERT INTO feed_pool_members (pool_id, municipality_code) VALUES ($1, $2) ON CONFLICT DO NOTHING', [poolId, municipalityCode]);
}

async function add(tx: Tx, municipalityCode: string, event: RecordedEvent, data: unknown) {
  await tx.query(
    `INSERT INTO municipal_feed (municipality_code, event_id, submission_event_id, global_position, recorded_at, type, data)
     VALUES ($1, $2, $3, $4, $5, $6, $7)
     ON CONFLICT (municipality_code, event_id) DO NOTHING`,
    [municipalityCode, event.eventId, event.metadata['submissionEventId'] ?? null, event.globalPosition, event.recordedAt, event.type, JSON.stringify(data)],
  );
}
