import { Controller, Get, Inject } from '@nestjs/common';
import type { Client } from '@temporalio/client';
import type { Pool } from 'pg';
import { problems } from './http/problem';
import { PG_POOL, TEMPORAL_CLIENT } from './infrastructure/tokens';

/** Liveness and readiness for people and probes: the database and Temporal both answer. */
@Controller('api/health')
export class HealthController {
  constructor(
    @Inject(PG_POOL) private readonly pool: Pool,
    @Inject(TEMPORAL_CLIENT) private readonly temporal: Client,
  ) {}

  @Get()
  async health() {
    const [database, temporal] = await Promise.all([
      this.pool.query('SELECT 1').then(() => 'ok' as const, () => 'unavailable' as const),
      this.temporal.workflowService.getSystemInfo({}).then(() => 'ok' as const, () => 'unavailable' as const),
    ]);
    if (database !== 'ok' || temporal !== 'ok') throw problems.unavailable(`database: ${database}, temporal: ${temporal}`);
    return { status: 'ok', database, temporal };
  }
}
