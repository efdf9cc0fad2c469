import type { MigrationInterface, QueryRunner } from 'typeorm';
import { eventStoreFunctionsSql } from '@puljeflow/event-store';

/** Writes decided before they are sent check their expectations in the database (WriteBatch.expect). */
export class WriteExpectations1764500000000 implements MigrationInterface {
  name = 'WriteExpectations1764500000000';

  async up(q: QueryRunner): Promise<void> {
    for (const statement of eventStoreFunctionsSql) await q.query(statement);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP FUNCTION IF EXISTS event_store_require(boolean, text)');
    await q.query('DROP FUNCTION IF EXISTS event_store_expect(text[], bigint[], text[], text[])');
  }
}
