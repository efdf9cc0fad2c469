import { Controller, Get, Inject, Param, UseGuards } from '@nestjs/common';
import { MunicipalKeyGuard } from '../auth/municipal-key.guard';
import { ReadService } from './read.service';

/** Public pool definitions and their calendar (no key needed). */
@Controller('api/v1/pools')
export class PoolsController {
  constructor(@Inject(ReadService) private readonly reads: ReadService) {}

  @Get()
  async list() {
    return { pools: await this.reads.pools() };
  }

  @Get(':poolId')
  async one(@Param('poolId') poolId: string) {
    return this.reads.pool(poolId);
  }
}

@Controller('api/v1/municipalities/:municipalityCode/pools')
@UseGuards(MunicipalKeyGuard)
export class StandingController {
  constructor(@Inject(ReadService) private readonly reads: ReadService) {}

  @Get(':poolId')
  async standing(@Param('municipalityCode') municipalityCode: string, @Param('poolId') poolId: string) {
    return this.reads.standing(poolId, municipalityCode, new Date());
  }
}
