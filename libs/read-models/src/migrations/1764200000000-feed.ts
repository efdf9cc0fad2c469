import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The municipal feed, and the index that makes per-municipality course reads (and as-of reads) cheap. */
export class Feed1764200000000 implements MigrationInterface {
  name = 'Feed1764200000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE municipal_feed (
      id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      municipality_code text NOT NULL,
      event_id uuid NOT NULL,
      submission_event_id text,
      global_position bigint NOT NULL,
      recorded_at timestamptz NOT NULL,
      type text NOT NULL,
      data jsonb NOT NULL,
      UNIQUE (municipality_code, event_id))`);
    await q.query('CREATE INDEX municipal_feed_by_municipality ON municipal_feed (municipality_code, id)');
    await q.query('CREATE TABLE feed_pool_members (pool_id text NOT NULL, municipality_code text NOT NULL, PRIMARY KEY (pool_id, municipality_code))');
    // Prefix reads of a municipality's course streams (stream ids 'course-<code>-<courseId>') under any collation.
    await q.query('CREATE INDEX events_stream_prefix ON events (stream_id text_pattern_ops, recorded_at)');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP INDEX events_stream_prefix');
    await q.query('DROP TABLE feed_pool_members');
    await q.query('DROP TABLE municipal_feed');
  }
}
