import type { MigrationInterface, QueryRunner } from 'typeorm';
import { eventStoreSchemaSql } from '@puljeflow/event-store';

/** The event store's tables, access control and the first read models. */
export class Initial1764000000000 implements MigrationInterface {
  name = 'Initial1764000000000';

  async up(q: QueryRunner): Promise<void> {
    for (const statement of eventStoreSchemaSql) await q.query(statement);
    await q.query(`CREATE TABLE municipalities (code text PRIMARY KEY CHECK (code ~ '^[0-9]{3}$'), name text NOT NULL)`);
    await q.query(`CREATE TABLE api_keys (
      id uuid PRIMARY KEY,
      municipality_code text NOT NULL REFERENCES municipalities(code),
      name text NOT NULL,
      key_hash text NOT NULL UNIQUE,
      key_prefix text NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      revoked_at timestamptz)`);
    await q.query(`CREATE TABLE staff_users (
      username text PRIMARY KEY,
      display_name text NOT NULL,
      password_hash text NOT NULL,
      roles text[] NOT NULL,
      active boolean NOT NULL DEFAULT true)`);
    await q.query(`CREATE TABLE staff_sessions (
      token_hash text PRIMARY KEY,
      username text NOT NULL REFERENCES staff_users(username),
      created_at timestamptz NOT NULL DEFAULT now(),
      expires_at timestamptz NOT NULL)`);
    await q.query(`CREATE TABLE pool_view (
      pool_id text PRIMARY KEY,
      name text NOT NULL,
      status text NOT NULL,
      definition_version int NOT NULL,
      definition jsonb NOT NULL,
      commitments_ore bigint NOT NULL,
      interest_deadline timestamptz NOT NULL,
      allocated_at timestamptz,
      lapsed_ore bigint)`);
    await q.query(`CREATE TABLE pool_municipality_standing (
      pool_id text NOT NULL,
      municipality_code text NOT NULL,
      requested_ore bigint NOT NULL DEFAULT 0,
      expected_participants int,
      allocated_ore bigint,
      committed_ore bigint NOT NULL DEFAULT 0,
      commitment_status text NOT NULL DEFAULT 'none',
      prepared_amount_ore bigint,
      prepared_by text,
      issued_by text,
      issued_at timestamptz,
      PRIMARY KEY (pool_id, municipality_code))`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const t of ['pool_municipality_standing', 'pool_view', 'staff_sessions', 'staff_users', 'api_keys', 'municipalities']) {
      await q.query(`DROP TABLE IF EXISTS ${t}`);
    }
  }
}
