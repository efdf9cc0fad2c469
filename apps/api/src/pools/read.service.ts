import { Inject, Injectable } from '@nestjs/common';
import type { DataSource } from 'typeorm';
import { Municipality, PoolMunicipalityStanding, PoolView } from '@puljeflow/read-models';
import { problems } from '../http/problem';
import { DATA_SOURCE, EVENT_STORE } from '../infrastructure/tokens';
import { readPoolOverviewAsOf, type PoolSummary } from '@puljeflow/application';
import type { EventStore } from '@puljeflow/event-store';


type Calendar = Record<string, unknown>;

/** Reads of the read models for the api: pools, standings, the back-office overview. */
@Injectable()
export class ReadService {
  constructor(
    @Inject(DATA_SOURCE) private readonly db: DataSource,
    @Inject(EVENT_STORE) private readonly store: EventStore,
  ) {}

  async pools(): Promise<PoolSummary[]> {
    const rows = await this.db.getRepository(PoolView).find({ order: { interestDeadline: 'ASC' } });
    return rows.map(summary);
  }

  async pool(poolId: string): Promise<PoolSummary> {
    const row = await this.db.getRepository(PoolView).findOneBy({ poolId });
    if (!row) throw problems.notFound(`There is no pool '${poolId}'.`);
    return summary(row);
  }

  /** The overview as it was at `asOf`, folded from the streams (the read model holds only the present). */
  async overviewAsOf(poolId: string, asOf: Date) {
    await this.store.settle(asOf);
    const [overview, municipalities] = await Promise.all([readPoolOverviewAsOf(this.store, poolId, asOf), this.db.getRepository(Municipality).find()]);
    if (!overview) throw problems.notFound(`There was no pool '${poolId}' at ${asOf.toISOString()}.`);
    const names = new Map(municipalities.map((m) => [m.code, m.name]));
    return { ...overview, municipalities: overview.municipalities.map((m) => ({ ...m, name: names.get(m.municipalityCode) ?? m.municipalityCode })) };
  }

  async overview(poolId: string) {
    const pool = await this.pool(poolId);
    const [standings, municipalities] = await Promise.all([
      this.db.getRepository(PoolMunicipalityStanding).find({ where: { poolId }, order: { municipalityCode: 'ASC' } }),
      this.db.getRepository(Municipality).find(),
    ]);
    const names = new Map(municipalities.map((m) => [m.code, m.name]));
    return {
      pool: { ...pool, interestDeadline: pool.calendar['interestDeadline'] },
      municipalities: standings.map((s) => ({
        municipalityCode: s.municipalityCode,
        name: names.get(s.municipalityCode) ?? s.municipalityCode,
        requestedOre: s.requestedOre,
        allocatedOre: s.allocatedOre,
        committedOre: s.committedOre,
        commitmentStatus: s.commitmentStatus,
        preparedAmountOre: s.preparedAmountOre,
        preparedBy: s.preparedBy,
        issuedBy: s.issuedBy,
      })),
    };
  }
}

function summary(row: PoolView): PoolSummary {
  const definition = row.definition as { calendar?: Calendar };
  return {
    poolId: row.poolId,
    name: row.name,
    status: row.status,
    definitionVersion: row.definitionVersion,
    amendments: row.amendments,
    commitmentsOre: row.commitmentsOre,
    allocatedAt: row.allocatedAt?.toISOString() ?? null,
    lapsedOre: row.lapsedOre,
    startsClosedAt: row.startsClosedAt?.toISOString() ?? null,
    graceEndedAt: row.graceEndedAt?.toISOString() ?? null,
    calendar: definition.calendar ?? {},
  };
}
