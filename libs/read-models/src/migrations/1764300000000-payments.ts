import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The database's own guard against paying twice — one row per payment reference, written in the same
 * transaction as the PaymentMade event.
 */
export class Payments1764300000000 implements MigrationInterface {
  name = 'Payments1764300000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE payments (
      reference text PRIMARY KEY,
      pool_id text NOT NULL,
      municipality_code text NOT NULL,
      run_date date NOT NULL,
      amount_ore bigint NOT NULL CHECK (amount_ore > 0),
      recorded_at timestamptz NOT NULL DEFAULT now(),
      UNIQUE (pool_id, run_date, municipality_code))`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE payments');
  }
}
