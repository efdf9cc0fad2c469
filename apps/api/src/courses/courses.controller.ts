import { Controller, Get, Inject, Param, Query, UseGuards } from '@nestjs/common';
import { readCourseAsOf } from '@puljeflow/application';
import type { EventStore } from '@puljeflow/event-store';
import { parseAsOf } from '../http/as-of';
import type { DataSource } from 'typeorm';
import { CourseView } from '@puljeflow/read-models';
import { MunicipalKeyGuard } from '../auth/municipal-key.guard';
import { problems } from '../http/problem';
import { DATA_SOURCE, EVENT_STORE } from '../infrastructure/tokens';

/** docs/municipal-api.md: `GET …/courses/{courseId}` — the course, its status and every decision with its reasons. */
@Controller('api/v1/municipalities/:municipalityCode/courses')
@UseGuards(MunicipalKeyGuard)
export class CoursesController {
  constructor(
    @Inject(DATA_SOURCE) private readonly db: DataSource,
    @Inject(EVENT_STORE) private readonly store: EventStore,
  ) {}

  @Get(':courseId')
  async course(@Param('municipalityCode') municipalityCode: string, @Param('courseId') courseId: string, @Query('asOf') asOfParam: unknown) {
    const { asOf, given } = parseAsOf(asOfParam);
    if (given) {
      await this.store.settle(asOf);
      const then = await readCourseAsOf(this.store, municipalityCode, courseId, asOf);
      if (!then) throw problems.notFound(`Municipality ${municipalityCode} had reported no course '${courseId}' at ${asOf.toISOString()}.`);
      return then;
    }
    const c = await this.db.getRepository(CourseView).findOneBy({ municipalityCode, courseId });
    if (!c) throw problems.notFound(`Municipality ${municipalityCode} has reported no course '${courseId}'.`);
    return {
      municipalityCode,
      courseId,
      poolId: c.poolId,
      status: c.status,
      citizen: c.citizenPseudonym ? { pseudonym: c.citizenPseudonym } : null,
      targetGroup: c.targetGroup,
      course: c.startDate ? { title: c.title, provider: c.provider, category: c.category, startDate: c.startDate, endDate: c.endDate, estimatedCostOre: c.estimatedCostOre } : null,
      employerDeclaration: c.employer,
      cancelledOn: c.cancelledOn,
      completedOn: c.completedOn,
      employed: c.employed,
      decisions: c.decisions,
    };
  }
}
