import { Controller, Get, Inject, Param, Query, UseGuards } from '@nestjs/common';
import type { Pool } from 'pg';
import type { z } from 'zod';
import { getCourseReport, ledgerSummary, listAuditTrail, listClaimsQueue, listCourseReports, listSettlements, staffPoolKnown } from '@puljeflow/application';
import { AuditQuerySchema, ClaimsQueueQuerySchema, CourseReportsQuerySchema, SettlementsQuerySchema, STAFF_READERS, validationErrors } from '@puljeflow/contracts';
import { Roles, StaffGuard } from '../auth/staff.guard';
import { parseAsOf } from '../http/as-of';
import { problems } from '../http/problem';
import { PG_POOL } from '../infrastructure/tokens';

function parseQuery<T extends { asOf?: string | undefined }>(schema: z.ZodType<T>, query: unknown): T & { at: Date } {
  const parsed = schema.safeParse(query ?? {});
  if (!parsed.success) throw problems.validation('The query is not valid (see errors).', validationErrors(parsed.error));
  return { ...parsed.data, at: parseAsOf(parsed.data.asOf).asOf };
}

/** Staff reads from the staff read models: course reports, the claims queue, the ledger summary, settlements, the audit trail. */
@Controller('api/v1/staff')
@UseGuards(StaffGuard)
export class StaffReadsController {
  constructor(@Inject(PG_POOL) private readonly db: Pool) {}

  private async knownPool(poolId: string): Promise<void> {
    if (!(await staffPoolKnown(this.db, poolId))) throw problems.notFound(`There is no pool '${poolId}'.`);
  }

  @Get('pools/:poolId/course-reports')
  @Roles(...STAFF_READERS)
  async courseReports(@Param('poolId') poolId: string, @Query() query: unknown) {
    const q = parseQuery(CourseReportsQuerySchema, query);
    await this.knownPool(poolId);
    return listCourseReports(this.db, poolId, q, q.at);
  }

  @Get('pools/:poolId/course-reports/:municipalityCode/:courseId')
  @Roles(...STAFF_READERS)
  async courseReport(@Param('poolId') poolId: string, @Param('municipalityCode') code: string, @Param('courseId') courseId: string, @Query('asOf') asOf: unknown) {
    const course = await getCourseReport(this.db, poolId, code, courseId, parseAsOf(asOf).asOf);
    if (!course) throw problems.notFound(`Pool '${poolId}' has no course '${courseId}' of municipality ${code}.`);
    return course;
  }

  @Get('claims')
  @Roles(...STAFF_READERS)
  claims(@Query() query: unknown) {
    const q = parseQuery(ClaimsQueueQuerySchema, query);
    return listClaimsQueue(this.db, q, q.at);
  }

  @Get('pools/:poolId/ledger-summary')
  @Roles(...STAFF_READERS)
  async summary(@Param('poolId') poolId: string, @Query('asOf') asOf: unknown) {
    const at = parseAsOf(asOf).asOf;
    await this.knownPool(poolId);
    return ledgerSummary(this.db, poolId, at);
  }

  @Get('pools/:poolId/settlements')
  @Roles(...STAFF_READERS)
  async settlements(@Param('poolId') poolId: string, @Query() query: unknown) {
    const q = parseQuery(SettlementsQuerySchema, query);
    await this.knownPool(poolId);
    return listSettlements(this.db, poolId, q, q.at);
  }

  @Get('audit')
  @Roles(...STAFF_READERS)
  audit(@Query() query: unknown) {
    const q = parseQuery(AuditQuerySchema, query);
    return listAuditTrail(this.db, q, q.at);
  }
}
