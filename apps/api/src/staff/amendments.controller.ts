import { Body, Controller, HttpCode, Inject, Param, Post, Req, UseGuards } from '@nestjs/common';
import type { Client } from '@temporalio/client';
import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import { PoolService } from '@puljeflow/application';
import { validationErrors } from '@puljeflow/contracts';
import { AMENDABLE_INSTANTS } from '@puljeflow/domain';
import type { EventStore } from '@puljeflow/event-store';
import { deadlinesAmendedSignal, poolWorkflowId } from '@puljeflow/workflows';
import { Roles, StaffGuard } from '../auth/staff.guard';
import { orThrow } from '../http/outcome';
import { problems } from '../http/problem';
import { logger } from '../infrastructure/logger';
import { EVENT_STORE, TEMPORAL_CLIENT } from '../infrastructure/tokens';

const PrepareAmendmentSchema = z
  .object({ instant: z.enum(AMENDABLE_INSTANTS), newValue: z.iso.datetime({ offset: true }), reason: z.string().min(3).max(1000) })
  .strict();

/** Moving a deadline of a running pool: prepared by one person with a reason, approved by another; the workflow follows. */
@Controller('api/v1/staff/pools/:poolId/amendments')
@UseGuards(StaffGuard)
export class AmendmentsController {
  private readonly pools: PoolService;

  constructor(
    @Inject(EVENT_STORE) store: EventStore,
    @Inject(TEMPORAL_CLIENT) private readonly temporal: Client,
  ) {
    this.pools = new PoolService(store);
  }

  @Post()
  @HttpCode(200)
  @Roles('caseworker', 'approver', 'admin')
  async prepare(@Param('poolId') poolId: string, @Body() body: unknown, @Req() request: FastifyRequest) {
    const parsed = PrepareAmendmentSchema.safeParse(body);
    if (!parsed.success) throw problems.validation('Send { instant, newValue (RFC 3339 with offset), reason }.', validationErrors(parsed.error));
    const result = orThrow(await this.pools.prepareDeadlineAmendment(poolId, parsed.data, request.staff!.username, new Date()));
    return { status: 'prepared', position: result.position };
  }

  @Post('approve')
  @HttpCode(200)
  @Roles('approver', 'admin')
  async approve(@Param('poolId') poolId: string, @Req() request: FastifyRequest) {
    const outcome = await this.pools.approveDeadlineAmendment(poolId, request.staff!.username, new Date());
    const result = orThrow(outcome);
    if (outcome.ok && outcome.calendar) {
      const { interestDeadline, startDeadline, reportingGraceEnds } = outcome.calendar;
      // The amendment is recorded already; if the signal is lost the workflow still learns it from the store at the old deadline.
      await this.temporal.workflow
        .getHandle(poolWorkflowId(poolId))
        .signal(deadlinesAmendedSignal, { interestDeadline, startDeadline, reportingGraceEnds })
        .catch((err) => logger.warn({ err, poolId }, 'could not signal the pool workflow about an amendment'));
    }
    return { status: 'amended', position: result.position };
  }
}
