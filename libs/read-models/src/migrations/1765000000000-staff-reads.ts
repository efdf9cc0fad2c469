import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The staff read models. Rows that change carry their validity (`valid_from`, `valid_to`: the recorded-at instants of
 * the events that made and replaced them), so a read as of any instant is the same index range scan as a read now.
 * Lists page by `seq` (the global position of the row's first event), which never changes.
 */
export class StaffReads1765000000000 implements MigrationInterface {
  name = 'StaffReads1765000000000';

  async up(q: QueryRunner): Promise<void> {
    const versioned = `id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, valid_from timestamptz NOT NULL, valid_to timestamptz`;
    await q.query(`CREATE TABLE staff_course_report (${versioned},
      seq bigint NOT NULL, pool_id text NOT NULL, municipality_code text NOT NULL, course_id text NOT NULL, status text NOT NULL,
      reason_codes text[] NOT NULL DEFAULT '{}', target_group text, start_date date, end_date date, title text,
      decisions jsonb NOT NULL DEFAULT '[]', expenses jsonb NOT NULL DEFAULT '[]')`);
    await q.query('CREATE UNIQUE INDEX staff_course_report_current ON staff_course_report (municipality_code, course_id) WHERE valid_to IS NULL');
    await q.query('CREATE INDEX staff_course_report_by_pool ON staff_course_report (pool_id, seq, valid_from)');
    await q.query('CREATE INDEX staff_course_report_by_municipality ON staff_course_report (pool_id, municipality_code, seq)');
    await q.query('CREATE INDEX staff_course_report_by_status ON staff_course_report (pool_id, status, seq)');
    await q.query('CREATE INDEX staff_course_report_by_target_group ON staff_course_report (pool_id, target_group, seq)');
    await q.query('CREATE INDEX staff_course_report_by_start ON staff_course_report (pool_id, start_date, seq)');
    await q.query('CREATE INDEX staff_course_report_by_reason ON staff_course_report USING gin (reason_codes)');

    await q.query(`CREATE TABLE staff_claim (${versioned},
      seq bigint NOT NULL, pool_id text NOT NULL, municipality_code text NOT NULL, claim_id text NOT NULL, status text NOT NULL,
      budget_year int NOT NULL, kind text NOT NULL, eligible_ore bigint NOT NULL, refund_before_cap_ore bigint NOT NULL,
      claimed_refund_ore bigint NOT NULL, commitment_ore bigint NOT NULL, refund_rate_basis_points int NOT NULL, cap text NOT NULL,
      claimed_at timestamptz NOT NULL, reviewed_by text, reviewed_at timestamptz, approved_eligible_ore bigint, cuts jsonb NOT NULL DEFAULT '[]',
      approved_by text, approved_at timestamptz, approved_refund_ore bigint)`);
    await q.query('CREATE UNIQUE INDEX staff_claim_current ON staff_claim (pool_id, municipality_code, claim_id) WHERE valid_to IS NULL');
    await q.query('CREATE INDEX staff_claim_by_status ON staff_claim (status, seq, valid_from)');
    await q.query('CREATE INDEX staff_claim_by_pool ON staff_claim (pool_id, status, seq)');

    await q.query(`CREATE TABLE staff_ledger_year (${versioned},
      pool_id text NOT NULL, municipality_code text NOT NULL, budget_year int NOT NULL,
      committed_ore bigint NOT NULL DEFAULT 0, claimed_interim_ore bigint NOT NULL DEFAULT 0, claimed_final_ore bigint, approved_interim_ore bigint NOT NULL DEFAULT 0,
      approved_settled_ore bigint, paid_ore bigint NOT NULL DEFAULT 0, repayment_demanded_ore bigint NOT NULL DEFAULT 0, repaid_ore bigint NOT NULL DEFAULT 0, lapsed_ore bigint NOT NULL DEFAULT 0)`);
    await q.query('CREATE UNIQUE INDEX staff_ledger_year_current ON staff_ledger_year (pool_id, municipality_code, budget_year) WHERE valid_to IS NULL');
    await q.query('CREATE INDEX staff_ledger_year_by_pool ON staff_ledger_year (pool_id, valid_from)');

    await q.query(`CREATE TABLE staff_settlement (${versioned},
      pool_id text NOT NULL, municipality_code text NOT NULL, budget_year int NOT NULL, claim_id text NOT NULL,
      approved_refund_ore bigint NOT NULL, paid_ore bigint NOT NULL, owed_ore bigint NOT NULL, repayment_ore bigint NOT NULL,
      settled_at timestamptz NOT NULL, demand_state text NOT NULL, demanded_at timestamptz, received_ore bigint NOT NULL DEFAULT 0, received_at timestamptz)`);
    await q.query('CREATE UNIQUE INDEX staff_settlement_current ON staff_settlement (pool_id, municipality_code, budget_year) WHERE valid_to IS NULL');
    await q.query('CREATE INDEX staff_settlement_by_pool ON staff_settlement (pool_id, budget_year, municipality_code, valid_from)');

    // Staff decisions are facts: one row per event, never changed; as of an instant is recorded_at <= it.
    await q.query(`CREATE TABLE staff_audit (
      seq bigint PRIMARY KEY, recorded_at timestamptz NOT NULL, pool_id text NOT NULL, municipality_code text, person text NOT NULL,
      kind text NOT NULL, decided_at timestamptz NOT NULL, rule_set_version int NOT NULL, rule_set_amendments int NOT NULL, what jsonb NOT NULL)`);
    await q.query('CREATE INDEX staff_audit_by_pool ON staff_audit (pool_id, seq)');
    await q.query('CREATE INDEX staff_audit_by_municipality ON staff_audit (pool_id, municipality_code, seq)');
    await q.query('CREATE INDEX staff_audit_by_person ON staff_audit (person, seq)');
    await q.query('CREATE INDEX staff_audit_by_kind ON staff_audit (kind, seq)');
    await q.query('CREATE TABLE staff_rule_set (pool_id text PRIMARY KEY, version int NOT NULL, amendments int NOT NULL DEFAULT 0)');
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of ['staff_rule_set', 'staff_audit', 'staff_settlement', 'staff_ledger_year', 'staff_claim', 'staff_course_report']) await q.query(`DROP TABLE ${table}`);
  }
}
