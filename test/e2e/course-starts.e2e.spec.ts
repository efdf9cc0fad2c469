import { randomUUID } from 'node:crypto';
import { addDays, copenhagenDateOf } from '@puljeflow/domain';
import { readSampleBalanceCsv } from '@puljeflow/reference-data';
import { eventually } from '@puljeflow/test-support';
import { poolStatusQuery, poolWorkflowId } from '@puljeflow/workflows';
import { TestSystem } from '../system/system';

jest.setTimeout(300_000);

/**
 * Course starts across the real processes: decided against every rule with the reference data imported
 * through the api, the CPR number only at the edge, erasure, and the pool workflow closing starts on Temporal's clock.
 */
describe('course starts, end to end', () => {
  let sys: TestSystem;
  let admin: string;
  let karen: string;
  let anders: string;
  // Test CPR numbers (valid dates, fictitious people). None may ever appear in the database or a log line.
  const CPRS = ['0101901234', '1502853456', '3112795678'];
  const today = copenhagenDateOf(new Date());

  beforeAll(async () => {
    sys = await TestSystem.start({
      municipalities: ['101', '147'],
      staff: [
        { username: 'admin', password: 'pw-admin', roles: ['admin'] },
        { username: 'karen', password: 'pw-karen', roles: ['caseworker'] },
        { username: 'anders', password: 'pw-anders', roles: ['approver'] },
      ],
    });
    admin = await sys.signIn('admin', 'pw-admin');
    karen = await sys.signIn('karen', 'pw-karen');
    anders = await sys.signIn('anders', 'pw-anders');
  });

  afterAll(async () => {
    await sys?.stop();
  });

  /** A pool with the 2019 rules and a present-day calendar, interest from 101, allocated and committed. */
  async function committedPool(poolId: string) {
    const definition = await sys.presentDayPool(poolId, 2_000_000);
    expect((await sys.http('POST', '/api/v1/staff/pools', { bearer: admin, body: definition })).status).toBe(201);
    await submit('101', { type: 'InterestExpressed', data: { poolId, requestedAmountOre: 1_000_000, expectedParticipants: 5, contactEmail: 'jc@example.dk' } });
    await sys.passInstant(definition.calendar.interestDeadline);
    await eventually(async () => ((await sys.http('GET', `/api/v1/staff/pools/${poolId}/overview`, { bearer: karen })).body.pool?.status === 'allocated' ? true : undefined), { timeoutMs: 60_000, what: 'allocation' });
    expect((await sys.http('POST', `/api/v1/staff/pools/${poolId}/commitments/101/prepare`, { bearer: karen, body: {} })).status).toBe(200);
    expect((await sys.http('POST', `/api/v1/staff/pools/${poolId}/commitments/101/approve`, { bearer: anders, body: {} })).status).toBe(200);
    return definition;
  }

  async function submit(code: string, event: { type: string; data: Record<string, unknown> }) {
    const res = await sys.http('POST', `/api/v1/municipalities/${code}/events`, {
      bearer: sys.keyOf(code),
      body: { events: [{ eventId: randomUUID(), occurredAt: new Date().toISOString(), ...event }] },
    });
    expect(res.status).toBe(200);
    return res.body.results[0];
  }

  const courseStart = (poolId: string, courseId: string, cpr: string, overrides: Record<string, unknown> = {}) => ({
    type: 'CourseStarted',
    data: {
      poolId,
      courseId,
      citizen: { cpr },
      targetGroup: 'ressourceforloeb',
      employerDeclaration: {
        cvr: '12345678',
        employerName: 'Plejehjemmet Solgården',
        jobTitle: 'Social- og sundhedsassistent',
        rarArea: 'Hovedstaden',
        signedOn: today,
        expectedEmploymentStart: addDays(today, 60),
        withoutWageSubsidy: true,
      },
      course: { title: 'Hygiejne og forflytning', provider: 'AMU Hovedstaden', category: 'opkvalificering', startDate: today, endDate: addDays(today, 30), estimatedCostOre: 1_500_000 },
      ...overrides,
    },
  });

  it('imports the labour-market balance through the api: a file with bad lines is refused whole, a good one says what changed', async () => {
    const bad = '# source: test\nhalf_year,rar_area,job_title,disco_08,status\n2026H2,Hovedstaden,Elektriker,741100,mangel\n2026H7,Atlantis,Elektriker,74,stor mangel\n';
    const refused = await sys.http('POST', '/api/v1/staff/reference-data/labour-market-balance', { bearer: admin, rawBody: bad, headers: { 'content-type': 'text/csv' } });
    expect(refused.status).toBe(422);
    expect(refused.body.errors.map((e: any) => e.path)).toEqual(expect.arrayContaining(['line 4']));
    expect((await sys.pool.query('SELECT count(*)::int AS n FROM balance_versions')).rows[0].n).toBe(0);

    const imported = await sys.http('POST', '/api/v1/staff/reference-data/labour-market-balance', { bearer: admin, rawBody: readSampleBalanceCsv(), headers: { 'content-type': 'text/csv' } });
    expect(imported.status).toBe(200);
    expect(imported.body.sample).toBe(true);
    expect(imported.body.versions.length).toBeGreaterThan(0);
    const again = await sys.http('POST', '/api/v1/staff/reference-data/labour-market-balance', { bearer: admin, rawBody: readSampleBalanceCsv(), headers: { 'content-type': 'text/csv' } });
    expect(again.body.unchanged).toBe(true);
  });

  it('accepts a start that meets every rule, rejects one with all its failing reasons, and reads both back', async () => {
    await committedPool('course-pool');
    const accepted = await submit('101', courseStart('course-pool', 'K-1', CPRS[0]!));
    expect(accepted).toEqual(expect.objectContaining({ status: 'accepted' }));

    const bad = courseStart('course-pool', 'K-2', CPRS[1]!, {
      targetGroup: 'pensionister',
      employerDeclaration: { cvr: '123', employerName: 'X', jobTitle: 'Astronaut', rarArea: 'Hovedstaden', signedOn: today, expectedEmploymentStart: addDays(today, 200), withoutWageSubsidy: false },
    });
    const rejected = await submit('101', bad);
    expect(rejected.status).toBe('rejected');
    expect(rejected.reasons.map((r: any) => r.code)).toEqual(expect.arrayContaining(['NOT_IN_TARGET_GROUP', 'EMPLOYER_DECLARATION_MISSING', 'JOB_NOT_SHORTAGE_TITLE', 'COURSE_TIMING_INVALID']));
    expect(JSON.stringify(rejected)).not.toContain(CPRS[1]);

    const invalidCpr = await submit('101', courseStart('course-pool', 'K-3', '3213991234'));
    expect(invalidCpr.reasons[0].code).toBe('SCHEMA_INVALID');
    expect(JSON.stringify(invalidCpr)).not.toContain('3213991234');

    const course = await eventually(async () => {
      const res = await sys.http('GET', '/api/v1/municipalities/101/courses/K-1', { bearer: sys.keyOf('101') });
      return res.status === 200 ? res.body : undefined;
    }, { what: 'course K-1' });
    expect(course.status).toBe('started');
    expect(course.decisions[0]).toEqual(expect.objectContaining({ outcome: 'accepted', basis: expect.objectContaining({ poolDefinitionVersion: 1, balanceVersion: expect.any(String), shortageStatus: 'omfattende mangel' }) }));
    const rejectedCourse = await eventually(async () => {
      const res = await sys.http('GET', '/api/v1/municipalities/101/courses/K-2', { bearer: sys.keyOf('101') });
      return res.status === 200 ? res.body : undefined;
    }, { what: 'course K-2' });
    expect(rejectedCourse.status).toBe('rejected');
    expect(rejectedCourse.decisions[0].reasons.length).toBeGreaterThanOrEqual(4);

    const foreign = await sys.http('GET', '/api/v1/municipalities/101/courses/K-1', { bearer: sys.keyOf('147') });
    expect(foreign.status).toBe(403);
    expect(JSON.stringify(foreign.body)).not.toContain('Solgården');

    const standing = await eventually(async () => {
      const res = await sys.http('GET', '/api/v1/municipalities/101/pools/course-pool', { bearer: sys.keyOf('101') });
      return res.body.coursesStarted === 1 && res.body.coursesRejected === 1 ? res.body : undefined;
    }, { what: 'course counts' });
    expect(standing.committedOre).toBe(1_000_000);

    // A duplicate course id is its own reason.
    const again = await submit('101', courseStart('course-pool', 'K-1', CPRS[2]!));
    expect(again.reasons.map((r: any) => r.code)).toContain('DUPLICATE_COURSE_ID');
  });

  it('erases a citizen: the person cannot be read back, and every money figure stays the same', async () => {
    const before = await eventually(async () => {
      const res = await sys.http('GET', '/api/v1/municipalities/101/pools/course-pool', { bearer: sys.keyOf('101') });
      return res.body.coursesRejected === 2 ? res.body : undefined;
    }, { what: 'the duplicate start to be counted' });
    const keysBefore = (await sys.pool.query('SELECT count(*)::int AS n FROM citizen_keys')).rows[0].n;
    const erased = await sys.http('POST', '/api/v1/staff/citizens/erasures', { bearer: admin, body: { cpr: CPRS[0], reason: 'Request under GDPR art. 17' } });
    expect(erased.status).toBe(200);
    expect((await sys.pool.query('SELECT count(*)::int AS n FROM citizen_keys')).rows[0].n).toBe(keysBefore - 1);
    const { rows } = await sys.pool.query(`SELECT data->'citizen'->>'pseudonym' AS p FROM events WHERE type = 'CourseStarted' AND data->>'courseId' = 'K-1'`);
    expect(rows[0].p).toBe(erased.body.pseudonym);
    expect((await sys.pool.query('SELECT 1 FROM citizen_keys WHERE pseudonym = $1', [erased.body.pseudonym])).rowCount).toBe(0);
    const after = (await sys.http('GET', '/api/v1/municipalities/101/pools/course-pool', { bearer: sys.keyOf('101') })).body;
    expect({ ...after, nextDeadlines: undefined, asOf: undefined }).toEqual({ ...before, nextDeadlines: undefined, asOf: undefined });
    // The erased person cannot come back through a new report either.
    const reReported = await submit('101', courseStart('course-pool', 'K-9', CPRS[0]!));
    expect(reReported.reasons.map((r: any) => r.code)).toEqual(['CITIZEN_ERASED']);
  });

  it('closes the pool for starts and ends the grace on the workflow clock; an amendment moves the close while it runs', async () => {
    const def = await committedPool('closing-pool');
    const start = Date.parse(def.calendar.startDeadline);
    const moved = new Date(start + 6 * 3600_000);
    const amend = await sys.http('POST', '/api/v1/staff/pools/closing-pool/amendments', { bearer: karen, body: { instant: 'startDeadline', newValue: moved.toISOString().replace('Z', '+00:00'), reason: 'Political agreement to extend' } });
    expect([amend.status, amend.body.detail]).toEqual([200, undefined]);
    expect((await sys.http('POST', '/api/v1/staff/pools/closing-pool/amendments/approve', { bearer: karen })).status).toBe(403);
    expect((await sys.http('POST', '/api/v1/staff/pools/closing-pool/amendments/approve', { bearer: anders })).status).toBe(200);

    const poolRow = async () => (await sys.pool.query('SELECT starts_closed_at, grace_ended_at, amendments FROM pool_view WHERE pool_id = $1', ['closing-pool'])).rows[0];
    // Past the original deadline (Temporal's clock): still open, because the amendment moved it.
    await sys.passInstant(def.calendar.startDeadline, 3600_000);
    // The positive signal that no close is coming: the workflow itself, past the original instant, still waits for
    // the start deadline, at the amended instant.
    const status = await sys.temporal.client.workflow.getHandle(poolWorkflowId('closing-pool')).query(poolStatusQuery);
    expect([status.phase, status.nextDeadline?.name, Date.parse(status.nextDeadline?.at ?? '')]).toEqual(['waiting-for-start-deadline', 'startDeadline', moved.getTime()]);
    expect((await poolRow()).starts_closed_at).toBeNull();
    // Past the amended deadline: closed, at or after the amended instant.
    await sys.temporal.sleep(6 * 3600_000);
    const closed = await eventually(async () => ((await poolRow()).starts_closed_at ? await poolRow() : undefined), { what: 'close for starts' });
    expect(closed.starts_closed_at.getTime()).toBeGreaterThanOrEqual(moved.getTime());
    expect(closed.amendments).toBe(1);
    // During the grace a start dated before the deadline is still accepted…
    expect((await submit('101', courseStart('closing-pool', 'G-1', CPRS[2]!))).status).toBe('accepted');
    // …and after the grace ends every start report is rejected.
    await sys.passInstant(def.calendar.reportingGraceEnds, 3600_000);
    await eventually(async () => ((await poolRow()).grace_ended_at ? true : undefined), { what: 'grace end' });
    const late = await submit('101', courseStart('closing-pool', 'G-2', CPRS[2]!));
    expect(late.reasons.map((r: any) => r.code)).toContain('POOL_CLOSED_FOR_STARTS');
  });

  it('keeps every CPR number out of the database and out of every log line', async () => {
    const { rows: tables } = await sys.pool.query(`SELECT tablename FROM pg_tables WHERE schemaname = 'public'`);
    let dump = '';
    for (const { tablename } of tables) {
      const { rows } = await sys.pool.query(`SELECT t::text AS row FROM "${tablename}" t`);
      dump += rows.map((r) => r.row).join('\n');
    }
    expect(dump.length).toBeGreaterThan(1000);
    const logs = sys.allOutput();
    expect(logs.length).toBeGreaterThan(1000);
    for (const cpr of CPRS) {
      for (const form of [cpr, `${cpr.slice(0, 6)}-${cpr.slice(6)}`]) {
        expect(dump).not.toContain(form);
        expect(logs).not.toContain(form);
      }
    }
  });

  it('answered no request with a 500', () => {
    expect(sys.loggedStatuses().filter((s) => s >= 500)).toEqual([]);
  });
});
