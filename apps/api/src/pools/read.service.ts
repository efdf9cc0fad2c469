import { Inject, Injectable } from '@nestjs/common';
import type { DataSource } from 'typeorm';
import { Municipality, PoolMunicipalityStanding, PoolView } from '@puljeflow/read-models';
import { problems } from '../http/problem';
import { DATA_SOURCE } from '../infrastructure/tokens';

type Calendar = Record<string, unknown>;

export interface PoolSummary {
  poolId: string;
  name: string;
  status: string;
  definitionVersion: number;
  commitmentsOre: number;
  allocatedAt: string | null;
  lapsedOre: number | null;
  calendar: Calendar;
}

/** Reads of the read models for the api: pools, standings, the back-office overview. */
@Injectable()
export class ReadService {
  constructor(@Inject(DATA_SOURCE) private readonly db: DataSource) {}

  async pools(): Promise<PoolSummary[]> {
    const rows = await this.db.getRepository(PoolView).find({ order: { interestDeadline: 'ASC' } });
    return rows.map(summary);
  }

  async pool(poolId: string): Promise<PoolSummary> {
    const row = await this.db.getRepository(PoolView).findOneBy({ poolId });
    if (!row) throw problems.notFound(`There is no pool '${poolId}'.`);
    return summary(row);
  }

  /** municipal-api.md "Reading back": one municipality's standing in one pool. */
  async standing(poolId: string, municipalityCode: string, now: Date) {
    const pool = await this.pool(poolId);
    const s = await this.db.getRepository(PoolMunicipalityStanding).findOneBy({ poolId, municipalityCode });
    const committedOre = s?.committedOre ?? 0;
    const approvedRefundOre = 0;
    return {
      poolId,
      municipalityCode,
      requestedOre: s?.requestedOre ?? 0,
      allocatedOre: s?.allocatedOre ?? null,
      committedOre,
      commitmentStatus: s?.commitmentStatus ?? 'none',
      expensesOre: 0,
      claimedRefundOre: 0,
      approvedRefundOre,
      paidOre: 0,
      remainingCommitmentOre: committedOre - approvedRefundOre,
      coursesStarted: s?.coursesStarted ?? 0,
      coursesRejected: s?.coursesRejected ?? 0,
      nextDeadlines: nextDeadlines(pool.calendar, now),
    };
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
    commitmentsOre: row.commitmentsOre,
    allocatedAt: row.allocatedAt?.toISOString() ?? null,
    lapsedOre: row.lapsedOre,
    calendar: definition.calendar ?? {},
  };
}

/** The next instants of the pool's calendar after `now`, soonest first. */
export function nextDeadlines(calendar: Calendar, now: Date, count = 3): { name: string; at: string }[] {
  const all: { name: string; at: string }[] = [];
  for (const [name, value] of Object.entries(calendar)) {
    if (typeof value === 'string' && /T/.test(value)) all.push({ name, at: value });
    else if (value && typeof value === 'object' && !Array.isArray(value)) {
      for (const [k, v] of Object.entries(value)) if (typeof v === 'string' && /T/.test(v)) all.push({ name: `${name}.${k}`, at: v });
    }
  }
  return all
    .filter((d) => Date.parse(d.at) > now.getTime())
    .sort((a, b) => Date.parse(a.at) - Date.parse(b.at))
    .slice(0, count);
}
