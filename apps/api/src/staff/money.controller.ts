import path from 'node:path';
import { Body, Controller, Get, HttpCode, Inject, Param, Post, Query, Req, Res, UseGuards } from '@nestjs/common';
import type { Client } from '@temporalio/client';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { LedgerService, MarketingService, PayoutService, describePayoutRun, ledgerTrace, listPayoutRuns } from '@puljeflow/application';
import { MarketingSpendingRequestSchema, ReviewClaimRequestSchema, validationErrors } from '@puljeflow/contracts';
import type { EventStore } from '@puljeflow/event-store';
import { Pain001FileAdapter, runKeyOf } from '@puljeflow/payments';
import { payoutRunWorkflowId, runReleasedSignal } from '@puljeflow/workflows';
import { Roles, StaffGuard } from '../auth/staff.guard';
import { parseAsOf } from '../http/as-of';
import { orThrow } from '../http/outcome';
import { problems } from '../http/problem';
import { logger } from '../infrastructure/logger';
import type { Config } from '../config';
import { CONFIG, EVENT_STORE, TEMPORAL_CLIENT } from '../infrastructure/tokens';

const RunDateSchema = z.iso.date();

function parse<T>(schema: z.ZodType<T>, body: unknown, hint: string): T {
  const parsed = schema.safeParse(body ?? {});
  if (!parsed.success) throw problems.validation(hint, validationErrors(parsed.error));
  return parsed.data;
}

/** Refund claims: a caseworker reviews (approve in full or in part, a reason per cut expense), an approver approves. */
@Controller('api/v1/staff/pools/:poolId/ledgers/:municipalityCode')
@UseGuards(StaffGuard)
export class LedgersController {
  private readonly ledgers: LedgerService;

  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {
    this.ledgers = new LedgerService(store);
  }

  /** The municipality's money in the pool, traced: payments → claims → expenses → courses → declarations. */
  @Get()
  @Roles('caseworker', 'approver', 'finance', 'auditor', 'admin')
  async trace(@Param('poolId') poolId: string, @Param('municipalityCode') code: string, @Query('asOf') asOfParam: unknown) {
    const { asOf, given } = parseAsOf(asOfParam);
    if (given) await this.store.settle(asOf);
    return ledgerTrace(this.store, poolId, code, given ? asOf : undefined);
  }

  @Post('claims/:claimId/review')
  @HttpCode(200)
  @Roles('caseworker')
  async review(@Param('poolId') poolId: string, @Param('municipalityCode') code: string, @Param('claimId') claimId: string, @Body() body: unknown, @Req() request: FastifyRequest) {
    const { cuts } = parse(ReviewClaimRequestSchema, body, 'Send { cuts: [{ courseId, expenseId, approvedOre, reason }] } — empty to approve in full.');
    const result = orThrow(await this.ledgers.review(poolId, code, claimId, cuts.map((c) => ({ ...c, ...(c.reason ? { reason: c.reason } : {}) })), request.staff!.username, new Date()));
    return { status: 'reviewed', position: result.position };
  }

  /** Four-eyes: the approver cannot be the reviewer. */
  @Post('claims/:claimId/approve')
  @HttpCode(200)
  @Roles('approver')
  async approve(@Param('poolId') poolId: string, @Param('municipalityCode') code: string, @Param('claimId') claimId: string, @Req() request: FastifyRequest) {
    const result = orThrow(await this.ledgers.approve(poolId, code, claimId, request.staff!.username, new Date()));
    return { status: 'approved', position: result.position };
  }
}

/** Payout runs: one finance officer prepares, a second releases; the run's workflow then pays. */
@Controller('api/v1/staff/pools/:poolId')
@UseGuards(StaffGuard)
export class PayoutRunsController {
  private readonly payouts: PayoutService;
  private readonly marketing: MarketingService;

  private readonly files: Pain001FileAdapter;

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(TEMPORAL_CLIENT) private readonly temporal: Client,
    @Inject(CONFIG) config: Config,
  ) {
    this.payouts = new PayoutService(store);
    this.marketing = new MarketingService(store);
    this.files = new Pain001FileAdapter({ folder: path.resolve(config.PAYMENT_FILES_DIR), initiatingParty: config.PAYMENT_DEBTOR_NAME });
  }

  @Get('payout-runs')
  @Roles('finance', 'auditor', 'admin', 'approver', 'caseworker')
  async runs(@Param('poolId') poolId: string, @Query('asOf') asOfParam: unknown) {
    const { asOf, given } = parseAsOf(asOfParam);
    if (given) await this.store.settle(asOf);
    const runs = await listPayoutRuns(this.store, poolId, asOf);
    if (!runs) throw problems.notFound(given ? `There was no pool '${poolId}' at ${asOf.toISOString()}.` : `There is no pool '${poolId}'.`);
    return runs;
  }

  /** The run's pain.001 file as the bank receives it (as written by the worker's payment adapter). */
  @Get('payout-runs/:runDate/pain001')
  @Roles('finance', 'auditor', 'admin')
  async file(@Param('poolId') poolId: string, @Param('runDate') runDate: string, @Query('asOf') asOfParam: unknown, @Res({ passthrough: true }) reply: FastifyReply) {
    parse(RunDateSchema, runDate, 'runDate is YYYY-MM-DD.');
    const { asOf, given } = parseAsOf(asOfParam);
    let runKey: string;
    try {
      runKey = runKeyOf({ poolId, runDate });
      this.files.fileOf(runKey);
    } catch {
      throw problems.notFound(`There is no payout run '${poolId}' on ${runDate}.`);
    }
    const xml = await this.files.readFile(runKey, given ? asOf : undefined);
    if (xml === undefined) throw problems.notFound(`No pain.001 file has been written for the payout run of ${poolId} on ${runDate}${given ? ` by ${asOf.toISOString()}` : ''}.`);
    void reply.header('content-type', 'application/xml; charset=utf-8').header('content-disposition', `attachment; filename="${runKey}.pain001.xml"`);
    return xml;
  }

  @Get('payout-runs/:runDate')
  @Roles('finance', 'auditor', 'admin', 'approver', 'caseworker')
  async run(@Param('poolId') poolId: string, @Param('runDate') runDate: string, @Query('asOf') asOfParam: unknown) {
    parse(RunDateSchema, runDate, 'runDate is YYYY-MM-DD.');
    const { asOf, given } = parseAsOf(asOfParam);
    if (given) await this.store.settle(asOf);
    return describePayoutRun(this.store, poolId, runDate, asOf);
  }

  @Post('payout-runs/:runDate/prepare')
  @HttpCode(200)
  @Roles('finance')
  async prepare(@Param('poolId') poolId: string, @Param('runDate') runDate: string, @Req() request: FastifyRequest) {
    parse(RunDateSchema, runDate, 'runDate is YYYY-MM-DD.');
    const result = orThrow(await this.payouts.prepare(poolId, runDate, request.staff!.username, new Date()));
    return { ...(await describePayoutRun(this.store, poolId, runDate, new Date())), position: result.position };
  }

  @Post('payout-runs/:runDate/release')
  @HttpCode(200)
  @Roles('finance')
  async release(@Param('poolId') poolId: string, @Param('runDate') runDate: string, @Req() request: FastifyRequest) {
    parse(RunDateSchema, runDate, 'runDate is YYYY-MM-DD.');
    const result = orThrow(await this.payouts.release(poolId, runDate, request.staff!.username, new Date()));
    // The release is recorded; if the signal is lost, the run's workflow finds it in the store within a day.
    await this.temporal.workflow
      .getHandle(payoutRunWorkflowId(poolId, runDate))
      .signal(runReleasedSignal)
      .catch((err) => logger.warn({ err, poolId, runDate }, 'could not signal the payout run workflow'));
    return { status: 'released', position: result.position };
  }

  @Post('marketing-spending')
  @HttpCode(200)
  @Roles('finance')
  async spend(@Param('poolId') poolId: string, @Body() body: unknown, @Req() request: FastifyRequest) {
    const spending = parse(MarketingSpendingRequestSchema, body, 'Send { spendingId, amountOre, spentOn, description }.');
    const result = orThrow(await this.marketing.record(poolId, spending, request.staff!.username, new Date()));
    return { status: 'recorded', position: result.position };
  }
}
