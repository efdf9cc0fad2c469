import { Controller, Get, Inject, Param, UseGuards } from '@nestjs/common';
import type { EventStore } from '@puljeflow/event-store';
import { MunicipalKeyGuard } from '../auth/municipal-key.guard';
import { problems } from '../http/problem';
import { EVENT_STORE } from '../infrastructure/tokens';

type Stored = { status: 'accepted' | 'rejected'; position: string; reasons?: { code: string; message: string }[] };

/** docs/municipal-api.md: `GET …/events/{eventId}` — the recorded outcome of one submission, for reconciliation. */
@Controller('api/v1/municipalities/:municipalityCode/events')
@UseGuards(MunicipalKeyGuard)
export class SubmissionsController {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  @Get(':eventId')
  async outcome(@Param('municipalityCode') municipalityCode: string, @Param('eventId') eventId: string) {
    const { rows } = await this.store.pool.query<{ outcome: Stored | null; created_at: Date }>(
      'SELECT outcome, created_at FROM idempotency_keys WHERE scope = $1 AND key = $2',
      [municipalityCode, eventId],
    );
    const stored = rows[0]?.outcome;
    if (!stored) throw problems.notFound(`Municipality ${municipalityCode} has sent no event with eventId ${eventId}.`);
    return { eventId, status: stored.status, position: stored.position, recordedAt: rows[0]!.created_at.toISOString(), ...(stored.reasons ? { reasons: stored.reasons } : {}) };
  }
}
