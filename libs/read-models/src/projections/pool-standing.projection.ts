import type { CommitmentEvent, PoolEvent } from '@puljeflow/domain';
import type { Projection, RecordedEvent } from '@puljeflow/event-store';

interface Tx {
  query(sql: string, params?: unknown[]): Promise<unknown>;
}

/**
 * Pools and each municipality's standing in them, from the `pool-*` and `commitment-*` streams.
 * Every statement is an upsert keyed by the event's own ids, so a rebuild from zero gives the same rows.
 */
export const poolStandingProjection: Projection = {
  name: 'pool-standing',
  handles: [
    'PoolOpened',
    'InterestExpressed',
    'InterestWithdrawn',
    'AllocationMade',
    'CommitmentPrepared',
    'CommitmentIssued',
    'CommitmentReduced',
    'DeadlineAmended',
    'PoolClosedForStarts',
    'ReportingGraceEnded',
  ],
  async apply(tx, events) {
    for (const event of events) await applyOne(tx, event);
  },
  async reset(tx) {
    await tx.query('TRUNCATE pool_view, pool_municipality_standing');
  },
};

/** The events this projection reads, typed by the domain that wrote them. */
type Handled = PoolEvent | CommitmentEvent;

async function applyOne(tx: Tx, recorded: RecordedEvent): Promise<void> {
  const event = { type: recorded.type, data: recorded.data } as Handled;
  switch (event.type) {
    case 'PoolOpened': {
      const def = event.data.definition;
      await tx.query(
        `INSERT INTO pool_view (pool_id, name, status, definition_version, definition, commitments_ore, interest_deadline)
         VALUES ($1, $2, 'open', $3, $4, $5, $6)
         ON CONFLICT (pool_id) DO UPDATE SET name = EXCLUDED.name, definition_version = EXCLUDED.definition_version,
           definition = EXCLUDED.definition, commitments_ore = EXCLUDED.commitments_ore, interest_deadline = EXCLUDED.interest_deadline`,
        [event.data.poolId, def.name, def.version, JSON.stringify(def), def.money.commitmentsOre, def.calendar.interestDeadline],
      );
      return;
    }
    case 'InterestExpressed':
      await tx.query(
        `INSERT INTO pool_municipality_standing (pool_id, municipality_code, requested_ore, expected_participants)
         VALUES ($1, $2, $3, $4)
         ON CONFLICT (pool_id, municipality_code) DO UPDATE SET requested_ore = EXCLUDED.requested_ore,
           expected_participants = EXCLUDED.expected_participants`,
        [event.data.poolId, event.data.municipalityCode, event.data.requestedAmountOre, event.data.expectedParticipants],
      );
      return;
    case 'InterestWithdrawn':
      await tx.query(
        `UPDATE pool_municipality_standing SET requested_ore = 0, expected_participants = NULL
         WHERE pool_id = $1 AND municipality_code = $2`,
        [event.data.poolId, event.data.municipalityCode],
      );
      return;
    case 'AllocationMade': {
      await tx.query(`UPDATE pool_view SET status = 'allocated', allocated_at = $2, lapsed_ore = $3 WHERE pool_id = $1`, [
        event.data.poolId,
        recorded.recordedAt,
        event.data.lapsedOre,
      ]);
      for (const a of event.data.allocations) {
        await tx.query(
          `INSERT INTO pool_municipality_standing (pool_id, municipality_code, requested_ore, allocated_ore)
           VALUES ($1, $2, $3, $4)
           ON CONFLICT (pool_id, municipality_code) DO UPDATE SET allocated_ore = EXCLUDED.allocated_ore`,
          [event.data.poolId, a.municipalityCode, a.requestedOre, a.allocatedOre],
        );
      }
      return;
    }
    case 'CommitmentPrepared':
      await tx.query(
        `UPDATE pool_municipality_standing SET commitment_status = 'prepared', prepared_amount_ore = $3, prepared_by = $4
         WHERE pool_id = $1 AND municipality_code = $2`,
        [event.data.poolId, event.data.municipalityCode, event.data.amountOre, event.data.preparedBy],
      );
      return;
    case 'CommitmentIssued':
      await tx.query(
        `UPDATE pool_municipality_standing SET commitment_status = 'issued', committed_ore = $3, issued_by = $4, issued_at = $5
         WHERE pool_id = $1 AND municipality_code = $2`,
        [event.data.poolId, event.data.municipalityCode, event.data.amountOre, event.data.approvedBy, event.data.issuedAt],
      );
      return;
    case 'DeadlineAmended':
      // The pool's calendar as amended: the definition keeps its version, the amendment count says what changed.
      await tx.query(
        `UPDATE pool_view SET definition = jsonb_set(definition, ARRAY['calendar', $2::text], to_jsonb($3::text)),
           interest_deadline = CASE WHEN $2 = 'interestDeadline' THEN $3::timestamptz ELSE interest_deadline END,
           amendments = amendments + 1
         WHERE pool_id = $1`,
        [event.data.poolId, event.data.instant, event.data.newValue],
      );
      return;
    case 'PoolClosedForStarts':
      await tx.query('UPDATE pool_view SET starts_closed_at = $2 WHERE pool_id = $1', [event.data.poolId, event.data.at]);
      return;
    case 'ReportingGraceEnded':
      await tx.query('UPDATE pool_view SET grace_ended_at = $2 WHERE pool_id = $1', [event.data.poolId, event.data.at]);
      return;
    case 'CommitmentReduced':
      await tx.query(
        `UPDATE pool_municipality_standing SET committed_ore = $3 WHERE pool_id = $1 AND municipality_code = $2`,
        [event.data.poolId, event.data.municipalityCode, event.data.newAmountOre],
      );
      return;
  }
}
