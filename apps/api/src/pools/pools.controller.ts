import { Controller, Get, Inject, Param, Query, UseGuards } from '@nestjs/common';
import { ledgerTrace, readPool, readPoolSummaries, readStanding } from '@puljeflow/application';
import type { EventStore } from '@puljeflow/event-store';
import { parseAsOf } from '../http/as-of';
import { problems } from '../http/problem';
import { EVENT_STORE } from '../infrastructure/tokens';
import { MunicipalKeyGuard } from '../auth/municipal-key.guard';
import { ReadService } from './read.service';

/** Public pool definitions and their calendar (no key needed). */
@Controller('api/v1/pools')
export class PoolsController {
  constructor(
    @Inject(ReadService) private readonly reads: ReadService,
    @Inject(EVENT_STORE) private readonly store: EventStore,
  ) {}

  @Get()
  async list(@Query('asOf') asOfParam: unknown) {
    const { asOf, given } = parseAsOf(asOfParam);
    if (!given) return { pools: await this.reads.pools() };
    await this.store.settle(asOf);
    return { pools: await readPoolSummaries(this.store, asOf) };
  }

  @Get(':poolId')
  async one(@Param('poolId') poolId: string, @Query('asOf') asOfParam: unknown) {
    // The whole public definition, as amended by `asOf` (now when absent), folded from the pool's stream.
    const { asOf, given } = parseAsOf(asOfParam);
    if (given) await this.store.settle(asOf);
    const pool = await readPool(this.store, poolId, asOf);
    if (!pool) throw problems.notFound(given ? `There was no pool '${poolId}' at ${asOf.toISOString()}.` : `There is no pool '${poolId}'.`);
    return pool;
  }
}

@Controller('api/v1/municipalities/:municipalityCode/pools')
@UseGuards(MunicipalKeyGuard)
export class StandingController {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  /** The standing, folded from the pool's, the commitment's and the ledger's streams: now, or `asOf` a past instant. */
  @Get(':poolId')
  async standing(@Param('municipalityCode') municipalityCode: string, @Param('poolId') poolId: string, @Query('asOf') asOfParam: unknown) {
    const { asOf, given } = parseAsOf(asOfParam);
    if (given) await this.store.settle(asOf);
    const standing = await readStanding(this.store, poolId, municipalityCode, asOf);
    if (!standing) throw problems.notFound(given ? `There was no pool '${poolId}' at ${asOf.toISOString()}.` : `There is no pool '${poolId}'.`);
    return standing;
  }

  /** This municipality's money in the pool, traced from payments to claims, expenses, courses and declarations. */
  @Get(':poolId/ledger')
  async ledger(@Param('municipalityCode') municipalityCode: string, @Param('poolId') poolId: string, @Query('asOf') asOfParam: unknown) {
    const { asOf, given } = parseAsOf(asOfParam);
    if (given) await this.store.settle(asOf);
    return ledgerTrace(this.store, poolId, municipalityCode, given ? asOf : undefined);
  }
}
