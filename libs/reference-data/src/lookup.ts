import { halfYearOf, isShortageStatus, type BalanceLookup as BalanceInForce, type IsoDate } from '@puljeflow/domain';
import type { QueryResult, QueryResultRow } from 'pg';

/** Anything that runs a query: a pool, a client, or a caller's transaction. */
export interface Queryable {
  query<R extends QueryResultRow = QueryResultRow>(text: string, values?: unknown[]): Promise<QueryResult<R>>;
}
import { rarAreaNamed } from './areas';
import { jobTitleKey, type BalanceStatus } from './balance';

/** The answer of `statusOn`, as the course decider takes it (libs/domain labour-market-balance.ts): the balance
 * version that answered, to be kept with the decision, its half-year, and the title's shortage status there (null
 * when it is 'ingen mangel' or not on the balance at all). */
export type BalanceStatusOn = BalanceInForce;

/** Reads the labour-market balance in force on a date (docs/domain.md §5: "for the half-year in force on the declaration
 * date"). */
export class BalanceLookup {
  constructor(private readonly db: Queryable) {}

  /**
   * The status of a job title in a RAR area on a date. The balance in force is the latest imported version of the
   * most recent half-year at or before the date's half-year (a date on 30 June uses H1, on 1 July H2; a half-year
   * not imported yet falls back to the one before). Null if no balance that early exists. Titles and areas match
   * whatever their case and surrounding spaces.
   */
  async statusOn(date: IsoDate, rarArea: string, jobTitle: string): Promise<BalanceStatusOn | null> {
    const area = rarAreaNamed(rarArea);
    if (!area) throw new RangeError(`not a RAR area: ${rarArea}`);
    // Half-years sort as text ('2019H2' < '2020H1'); the table's check keeps them in that shape.
    const r = await this.db.query<{ version: string; half_year: string; status: BalanceStatus | null }>(
      `SELECT v.version, v.half_year, e.status
         FROM (SELECT version, half_year FROM balance_versions
                WHERE half_year <= $1 ORDER BY half_year DESC, revision DESC LIMIT 1) v
         LEFT JOIN balance_entries e ON e.version = v.version AND e.rar_area = $2 AND e.job_title_key = $3`,
      [halfYearOf(date), area, jobTitleKey(jobTitle)],
    );
    const row = r.rows[0];
    if (!row) return null;
    return { version: row.version, halfYear: row.half_year, status: isShortageStatus(row.status) ? row.status : null };
  }
}
