import type { MigrationInterface, QueryRunner } from 'typeorm';
import { personalDataSchemaSql } from '@puljeflow/personal-data';
import { referenceDataSchemaSql } from '@puljeflow/reference-data';

/** Reference data (municipalities, labour-market balance), the citizen key table, course read models. */
export class CoursesAndReferenceData1764100000000 implements MigrationInterface {
  name = 'CoursesAndReferenceData1764100000000';

  async up(q: QueryRunner): Promise<void> {
    for (const statement of referenceDataSchemaSql) await q.query(statement);
    for (const statement of personalDataSchemaSql) await q.query(statement);
    await q.query(`CREATE TABLE course_view (
      municipality_code text NOT NULL,
      course_id text NOT NULL,
      pool_id text,
      status text NOT NULL,
      citizen_pseudonym text,
      target_group text,
      start_date date,
      end_date date,
      category text,
      title text,
      provider text,
      estimated_cost_ore bigint,
      employer jsonb,
      cancelled_on date,
      completed_on date,
      employed boolean,
      decisions jsonb NOT NULL DEFAULT '[]',
      PRIMARY KEY (municipality_code, course_id))`);
    await q.query(`CREATE INDEX course_view_pool ON course_view (pool_id, municipality_code)`);
    await q.query(`ALTER TABLE pool_municipality_standing
      ADD COLUMN courses_started int NOT NULL DEFAULT 0,
      ADD COLUMN courses_rejected int NOT NULL DEFAULT 0`);
    await q.query(`ALTER TABLE pool_view ADD COLUMN starts_closed_at timestamptz, ADD COLUMN grace_ended_at timestamptz, ADD COLUMN amendments int NOT NULL DEFAULT 0`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE pool_view DROP COLUMN starts_closed_at, DROP COLUMN grace_ended_at, DROP COLUMN amendments');
    await q.query('ALTER TABLE pool_municipality_standing DROP COLUMN courses_started, DROP COLUMN courses_rejected');
    await q.query('DROP TABLE course_view');
  }
}
