import { Pool } from 'pg';
import { EventStore, migrateEventStore, ProjectionRunner, type NewEvent } from '@puljeflow/event-store';
import { createFreshDatabase, type FreshDatabase } from '@puljeflow/test-support';
import { runMigrations } from '../data-source';
import { readFeedPage } from '../queries/feed';
import { feedProjection } from './feed.projection';

/**
 * The municipal feed as the projection builds it and the feed query reads it, on a real PostgreSQL: what each
 * municipality is told, in order, and nothing of another's.
 */
describe('the municipal feed', () => {
  let db: FreshDatabase;
  let pool: Pool;
  let store: EventStore;
  const poolId = 'feed-pool';
  const own = (code: string, submissionEventId?: string) => ({ municipalityCode: code, ...(submissionEventId ? { submissionEventId } : {}) });
  const append = (streamId: string, event: NewEvent) => store.append(streamId, [event], { expectedVersion: 'any' });
  const feed = async (code: string, options: { after?: string; limit?: number; asOf?: Date } = {}) => readFeedPage(pool, { municipalityCode: code, limit: options.limit ?? 100, ...options });
  const types = async (code: string) => (await feed(code)).items.map((i) => i.type);
  let beforeAllocation: Date;

  beforeAll(async () => {
    db = await createFreshDatabase('feed_projection');
    pool = new Pool({ connectionString: db.url, max: 4 });
    await migrateEventStore(pool);
    await runMigrations(db.url);
    store = new EventStore(pool);

    await append('interest-101', { type: 'InterestExpressed', data: { poolId, requestedAmountOre: 1_000_000 }, metadata: own('101', 'e-101-interest') });
    await append('interest-147', { type: 'InterestExpressed', data: { poolId, requestedAmountOre: 500_000 }, metadata: own('147', 'e-147-interest') });
    await append('rejections-101', { type: 'SubmissionRejected', data: { reasons: [{ code: 'POOL_NOT_OPEN', message: 'The pool is not open.' }] }, metadata: own('101', 'e-101-bad') });
    // Another pool's news, and a municipality that never joined this one.
    await append('interest-151', { type: 'InterestExpressed', data: { poolId: 'other-pool', requestedAmountOre: 1 }, metadata: own('151', 'e-151-interest') });
    const { recordedAt } = await append('pool-x', { type: 'NotForTheFeed', data: { poolId } });
    beforeAllocation = recordedAt;
    await waitForClockAfter(recordedAt);
    await append(`pool-${poolId}`, {
      type: 'AllocationMade',
      data: { poolId, allocations: [{ municipalityCode: '101', requestedOre: 1_000_000, allocatedOre: 600_000 }, { municipalityCode: '147', requestedOre: 500_000, allocatedOre: 400_000 }] },
    });
    await append('commitment-101', { type: 'CommitmentIssued', data: { poolId, municipalityCode: '101', committedOre: 600_000 } });
    await append('commitment-101', { type: 'CommitmentReduced', data: { poolId, municipalityCode: '101', committedOre: 500_000 } });
    await append('ledger-147', { type: 'ClaimApproved', data: { poolId, municipalityCode: '147', approvedRefundOre: 80_000 } });
    await append('ledger-101', { type: 'PaymentMade', data: { poolId, municipalityCode: '101', amountOre: 120_000 } });
    await append(`pool-${poolId}`, { type: 'PoolClosedForStarts', data: { poolId, at: '2020-12-31T23:00:00Z' } });
    await new ProjectionRunner(pool, [feedProjection]).catchUp();
  });

  afterAll(async () => {
    await pool?.end();
    await db?.drop();
  });

  it("tells each municipality its own decisions and the pool's deadlines, in the order they were recorded", async () => {
    expect(await types('101')).toEqual(['InterestExpressed', 'SubmissionRejected', 'AllocationMade', 'CommitmentIssued', 'CommitmentReduced', 'PaymentMade', 'PoolClosedForStarts']);
    expect(await types('147')).toEqual(['InterestExpressed', 'AllocationMade', 'ClaimApproved', 'PoolClosedForStarts']);
    // 151 joined another pool: its interest, and nothing of this pool's deadlines.
    expect(await types('151')).toEqual(['InterestExpressed']);
    expect(await types('999')).toEqual([]);
  });

  it('shows each municipality its own share of an allocation, never the others', async () => {
    const share = async (code: string) => (await feed(code)).items.find((i) => i.type === 'AllocationMade')!.data;
    expect(await share('101')).toEqual({ poolId, requestedOre: 1_000_000, allocatedOre: 600_000, interestDeadlineReached: true });
    expect(await share('147')).toEqual({ poolId, requestedOre: 500_000, allocatedOre: 400_000, interestDeadlineReached: true });
    expect(JSON.stringify((await feed('147')).items)).not.toContain('600000');
  });

  it('reads a rejected submission back under its own eventId, with its reasons', async () => {
    const rejected = (await feed('101')).items.find((i) => i.type === 'SubmissionRejected')!;
    expect(rejected).toMatchObject({ eventId: 'e-101-bad', data: { reasons: [{ code: 'POOL_NOT_OPEN' }] } });
    // A decision of the agency is no answer to a submission: it carries no eventId.
    expect((await feed('101')).items.find((i) => i.type === 'CommitmentIssued')).not.toHaveProperty('eventId');
  });

  it('pages by cursor: every item once, in order, and an empty page keeps the cursor', async () => {
    const all = (await feed('101')).items;
    const seen: string[] = [];
    let after: string | undefined;
    for (;;) {
      const page = await feed('101', { limit: 3, ...(after ? { after } : {}) });
      if (page.items.length === 0) {
        expect(page.nextCursor).toBe(after);
        break;
      }
      seen.push(...page.items.map((i) => i.cursor));
      after = page.nextCursor!;
    }
    expect(seen).toEqual(all.map((i) => i.cursor));
  });

  it('as of an instant before the allocation, holds only what was recorded by then', async () => {
    expect((await feed('101', { asOf: beforeAllocation })).items.map((i) => i.type)).toEqual(['InterestExpressed', 'SubmissionRejected']);
  });

  it('applies an event once, however often it is read again', async () => {
    const before = await feed('101');
    // Rewound to the start, as after a lost checkpoint: every event is read again.
    await pool.query('UPDATE projection_checkpoints SET cursor = NULL WHERE name = $1', [feedProjection.name]);
    expect(await new ProjectionRunner(pool, [feedProjection]).catchUp()).toBe(11);
    expect(await feed('101')).toEqual(before);
  });

  async function waitForClockAfter(instant: Date) {
    for (;;) {
      const { rows } = await pool.query<{ later: boolean }>(`SELECT clock_timestamp() >= $1::timestamptz + interval '1 millisecond' AS later`, [instant]);
      if (rows[0]!.later) return;
    }
  }
});
