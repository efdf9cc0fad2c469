import { Body, Controller, Delete, Get, HttpCode, Inject, Param, Post, Query, Req, UseGuards } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import type { FastifyRequest } from 'fastify';
import { LoginRequestSchema, PrepareCommitmentRequestSchema, PrepareReductionRequestSchema, validationErrors } from '@puljeflow/contracts';
import { bearerToken } from '../auth/principals';
import { StaffAuthService } from '../auth/staff-auth.service';
import { Roles, StaffGuard } from '../auth/staff.guard';
import { parseAsOf } from '../http/as-of';
import { orThrow } from '../http/outcome';
import { problems } from '../http/problem';
import { ReadService } from '../pools/read.service';
import { ApproveCommitment, ApproveReduction, PrepareCommitment, PrepareReduction } from './commitment.commands';

@Controller('api/v1/staff/session')
export class StaffSessionController {
  constructor(@Inject(StaffAuthService) private readonly auth: StaffAuthService) {}

  @Post()
  @HttpCode(200)
  async signIn(@Body() body: unknown, @Req() request: FastifyRequest) {
    const parsed = LoginRequestSchema.safeParse(body);
    if (!parsed.success) throw problems.validation('Send { "username", "password" }.', validationErrors(parsed.error));
    return this.auth.signIn(parsed.data.username, parsed.data.password, request.ip);
  }

  @Delete()
  @HttpCode(204)
  @UseGuards(StaffGuard)
  async signOut(@Req() request: FastifyRequest) {
    await this.auth.signOut(bearerToken(request.headers.authorization) ?? '');
  }

  @Get()
  @UseGuards(StaffGuard)
  me(@Req() request: FastifyRequest) {
    const { username, displayName, roles } = request.staff!;
    return { user: { username, displayName, roles } };
  }
}

@Controller('api/v1/staff/pools/:poolId')
@UseGuards(StaffGuard)
export class StaffPoolsController {
  constructor(
    @Inject(CommandBus) private readonly commands: CommandBus,
    @Inject(ReadService) private readonly reads: ReadService,
  ) {}

  @Get('overview')
  @Roles('caseworker', 'approver', 'finance', 'auditor', 'admin')
  overview(@Param('poolId') poolId: string, @Query('asOf') asOfParam: unknown) {
    const { asOf, given } = parseAsOf(asOfParam);
    return given ? this.reads.overviewAsOf(poolId, asOf) : this.reads.overview(poolId);
  }

  /** A caseworker prepares the commitment (tilsagn) from the allocation; it is not issued until a second person approves. */
  @Post('commitments/:municipalityCode/prepare')
  @HttpCode(200)
  @Roles('caseworker')
  async prepare(@Param('poolId') poolId: string, @Param('municipalityCode') code: string, @Body() body: unknown, @Req() request: FastifyRequest) {
    const parsed = PrepareCommitmentRequestSchema.safeParse(body ?? {});
    if (!parsed.success) throw problems.validation('Send {} or { "amountOre": <whole øre> }.', validationErrors(parsed.error));
    const result = orThrow(await this.commands.execute(new PrepareCommitment(poolId, code, request.staff!.username, parsed.data.amountOre)));
    return { status: 'prepared', position: result.position };
  }

  /** Four-eyes: an approver other than the preparer issues the commitment. */
  @Post('commitments/:municipalityCode/approve')
  @HttpCode(200)
  @Roles('approver')
  async approve(@Param('poolId') poolId: string, @Param('municipalityCode') code: string, @Req() request: FastifyRequest) {
    const result = orThrow(await this.commands.execute(new ApproveCommitment(poolId, code, request.staff!.username)));
    return { status: 'issued', position: result.position };
  }

  /** A commitment is reduced, never raised, and never below the refunds approved; a second person approves. */
  @Post('commitments/:municipalityCode/reduction/prepare')
  @HttpCode(200)
  @Roles('caseworker')
  async prepareReduction(@Param('poolId') poolId: string, @Param('municipalityCode') code: string, @Body() body: unknown, @Req() request: FastifyRequest) {
    const parsed = PrepareReductionRequestSchema.safeParse(body ?? {});
    if (!parsed.success) throw problems.validation('Send { "newAmountOre": <whole øre>, "reason": "…" }.', validationErrors(parsed.error));
    const result = orThrow(await this.commands.execute(new PrepareReduction(poolId, code, request.staff!.username, parsed.data.newAmountOre, parsed.data.reason)));
    return { status: 'prepared', position: result.position };
  }

  /** Four-eyes: an approver other than the preparer reduces the commitment. */
  @Post('commitments/:municipalityCode/reduction/approve')
  @HttpCode(200)
  @Roles('approver')
  async approveReduction(@Param('poolId') poolId: string, @Param('municipalityCode') code: string, @Req() request: FastifyRequest) {
    const result = orThrow(await this.commands.execute(new ApproveReduction(poolId, code, request.staff!.username)));
    return { status: 'reduced', position: result.position };
  }
}
