import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Bulk imports — the file as received, its progress, and the result of every line. */
export class Imports1764400000000 implements MigrationInterface {
  name = 'Imports1764400000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE import_jobs (
      id text PRIMARY KEY,
      municipality_code text NOT NULL,
      format text NOT NULL CHECK (format IN ('ndjson', 'csv')),
      event_type text,
      body text NOT NULL,
      lines_total int NOT NULL,
      lines_read int NOT NULL DEFAULT 0,
      status text NOT NULL DEFAULT 'queued',
      received_at timestamptz NOT NULL DEFAULT now(),
      finished_at timestamptz,
      error text)`);
    await q.query(`CREATE TABLE import_line_results (
      import_id text NOT NULL REFERENCES import_jobs(id),
      line int NOT NULL,
      event_id text,
      status text NOT NULL,
      position text,
      reasons jsonb,
      PRIMARY KEY (import_id, line))`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE import_line_results');
    await q.query('DROP TABLE import_jobs');
  }
}
