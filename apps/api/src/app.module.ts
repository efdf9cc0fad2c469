import { type DynamicModule, Module } from '@nestjs/common';
import { APP_FILTER, APP_INTERCEPTOR } from '@nestjs/core';
import { CqrsModule } from '@nestjs/cqrs';
import { MunicipalKeyGuard } from './auth/municipal-key.guard';
import { StaffAuthService } from './auth/staff-auth.service';
import { StaffGuard } from './auth/staff.guard';
import { UnauthenticatedLimiter } from './auth/unauthenticated-limiter';
import type { Config } from './config';
import type { VaultKeys } from '@puljeflow/personal-data';
import { HealthController } from './health.controller';
import { DocsController } from './docs.controller';
import { ProblemFilter } from './http/problem.filter';
import { RouteInputInterceptor } from './http/route-input.interceptor';
import { InfrastructureModule } from './infrastructure/infrastructure.module';
import { MunicipalEventsController } from './municipal/events.controller';
import { SubmitMunicipalEventsHandler } from './municipal/submit-events.command';
import { SubmissionsController } from './municipal/submissions.controller';
import { FeedController } from './municipal/feed.controller';
import { ImportsController } from './municipal/imports.controller';
import { PoolsController, StandingController } from './pools/pools.controller';
import { ReadService } from './pools/read.service';
import { AdminPoolsController } from './staff/admin.controller';
import { commitmentCommandHandlers } from './staff/commitment.commands';
import { StaffPoolsController, StaffSessionController } from './staff/staff.controller';
import { StaffReadsController } from './staff/reads.controller';
import { AmendmentsController } from './staff/amendments.controller';
import { ApiKeysController } from './staff/api-keys.controller';
import { StaffAccountsController } from './staff/staff-accounts.controller';
import { LedgersController, PayoutRunsController } from './staff/money.controller';
import { MarketingLineController, RepaymentsController } from './staff/repayments.controller';
import { CoursesController } from './courses/courses.controller';
import { ReferenceDataController } from './reference/reference-data.controller';

@Module({})
export class AppModule {
  static forRoot(config: Config, vaultKeys: VaultKeys): DynamicModule {
    return {
      module: AppModule,
      imports: [InfrastructureModule.forRoot(config, vaultKeys), CqrsModule.forRoot()],
      controllers: [HealthController, DocsController, PoolsController, StandingController, MunicipalEventsController, SubmissionsController, FeedController, ImportsController, StaffSessionController, StaffPoolsController, AdminPoolsController, AmendmentsController, ApiKeysController, StaffAccountsController, LedgersController, PayoutRunsController, RepaymentsController, MarketingLineController, CoursesController, ReferenceDataController, StaffReadsController],
      providers: [
        { provide: APP_FILTER, useClass: ProblemFilter },
        { provide: APP_INTERCEPTOR, useClass: RouteInputInterceptor },
        MunicipalKeyGuard,
        StaffGuard,
        StaffAuthService,
        UnauthenticatedLimiter,
        ReadService,
        SubmitMunicipalEventsHandler,
        ...commitmentCommandHandlers,
      ],
    };
  }
}
