import { Body, Controller, HttpCode, Inject, Post, UseGuards } from '@nestjs/common';
import type { Client } from '@temporalio/client';
import { PoolDefinitionSchema } from '@puljeflow/domain';
import { PoolService } from '@puljeflow/application';
import { startPoolWorkflow } from '../infrastructure/pool-workflows';
import type { EventStore } from '@puljeflow/event-store';
import { validationErrors } from '@puljeflow/contracts';
import { Roles, StaffGuard } from '../auth/staff.guard';
import { problems } from '../http/problem';
import { EVENT_STORE, TEMPORAL_CLIENT } from '../infrastructure/tokens';

/** Admin: open (udmelde) a pool from its definition — data, not code — and start its workflow. */
@Controller('api/v1/staff/pools')
@UseGuards(StaffGuard)
export class AdminPoolsController {
  private readonly pools: PoolService;

  constructor(
    @Inject(EVENT_STORE) store: EventStore,
    @Inject(TEMPORAL_CLIENT) private readonly temporal: Client,
  ) {
    this.pools = new PoolService(store);
  }

  @Post()
  @HttpCode(201)
  @Roles('admin')
  async open(@Body() body: unknown) {
    const parsed = PoolDefinitionSchema.safeParse(body);
    if (!parsed.success) throw problems.validation('The body must be a valid pool definition.', validationErrors(parsed.error));
    const { opened } = await this.pools.open(parsed.data);
    if (!opened) throw problems.conflict(`Pool '${parsed.data.poolId}' is already open; change it with an amendment.`);
    await startPoolWorkflow(this.temporal, parsed.data);
    return { poolId: parsed.data.poolId, status: 'open' };
  }
}
