import { Body, Controller, Get, HttpCode, Inject, Param, Post, Query, Req, UseGuards } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { confirmRepayment, describeMarketingLine, prepareRepayment } from '@puljeflow/application';
import { PrepareRepaymentRequestSchema, RepaymentPathSchema, validationErrors } from '@puljeflow/contracts';
import type { EventStore } from '@puljeflow/event-store';
import { Roles, StaffGuard } from '../auth/staff.guard';
import { parseAsOf } from '../http/as-of';
import { orThrow } from '../http/outcome';
import { problems } from '../http/problem';
import { EVENT_STORE } from '../infrastructure/tokens';

function budgetYearOf(params: Record<string, string>): number {
  const parsed = RepaymentPathSchema.safeParse(params);
  if (!parsed.success) throw problems.validation('budgetYear is a year, YYYY.', validationErrors(parsed.error));
  return Number(parsed.data.budgetYear);
}

/** Repayments received (docs/domain.md §8): one finance officer prepares the receipt, another confirms it. */
@Controller('api/v1/staff/pools/:poolId/ledgers/:municipalityCode/repayments/:budgetYear')
@UseGuards(StaffGuard)
export class RepaymentsController {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  @Post('prepare')
  @HttpCode(200)
  @Roles('finance')
  async prepare(@Param() params: Record<string, string>, @Body() body: unknown, @Req() request: FastifyRequest) {
    const budgetYear = budgetYearOf(params);
    const parsed = PrepareRepaymentRequestSchema.safeParse(body ?? {});
    if (!parsed.success) throw problems.validation('Send { "amountOre": <whole øre>, "receivedOn": "YYYY-MM-DD", "reference": "…" }.', validationErrors(parsed.error));
    const by = request.staff!.username;
    const result = orThrow(await prepareRepayment(this.store, { poolId: params['poolId']!, municipalityCode: params['municipalityCode']!, budgetYear, by, at: new Date(), ...parsed.data }));
    return { status: 'prepared', position: result.position };
  }

  /** Four-eyes: a finance officer other than the preparer confirms the receipt. */
  @Post('confirm')
  @HttpCode(200)
  @Roles('finance')
  async confirm(@Param() params: Record<string, string>, @Req() request: FastifyRequest) {
    const budgetYear = budgetYearOf(params);
    const by = request.staff!.username;
    const result = orThrow(await confirmRepayment(this.store, { poolId: params['poolId']!, municipalityCode: params['municipalityCode']!, budgetYear, by, at: new Date() }));
    return { status: 'received', position: result.position };
  }
}

/** The marketing line read back (docs/domain.md §9). */
@Controller('api/v1/staff/pools/:poolId/marketing')
@UseGuards(StaffGuard)
export class MarketingLineController {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  @Get()
  @Roles('caseworker', 'approver', 'finance', 'auditor', 'admin')
  async line(@Param('poolId') poolId: string, @Query('asOf') asOfParam: unknown) {
    const { asOf, given } = parseAsOf(asOfParam);
    if (given) await this.store.settle(asOf);
    const line = await describeMarketingLine(this.store, poolId, asOf);
    if (line === null) throw problems.notFound(`There is no pool ${poolId}.`);
    return line;
  }
}
