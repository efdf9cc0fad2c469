import { mangelpulje2019 } from '@puljeflow/domain';
import { findRoute } from './api-routes';
import { validateResponse } from './validate-response';

const standing = {
  poolId: 'mangelpulje-2019',
  municipalityCode: '101',
  requestedOre: 250_000_000,
  allocatedOre: 180_000_000,
  committedOre: 180_000_000,
  commitmentStatus: 'issued',
  expensesOre: 0,
  claimedRefundOre: 0,
  approvedRefundOre: 0,
  paidOre: 0,
  remainingCommitmentOre: 180_000_000,
  coursesStarted: 3,
  coursesRejected: 1,
  nextDeadlines: [{ name: 'startDeadline', at: '2020-12-31T23:00:00.000Z' }],
};

const poolSummary = {
  poolId: mangelpulje2019.poolId,
  name: mangelpulje2019.name,
  status: 'allocated',
  definitionVersion: mangelpulje2019.version,
  commitmentsOre: mangelpulje2019.money.commitmentsOre,
  allocatedAt: '2019-11-29T11:00:00.000Z',
  lapsedOre: null,
  amendments: 0,
  startsClosedAt: null,
  graceEndedAt: null,
  calendar: mangelpulje2019.calendar,
};

describe('validateResponse', () => {
  it('finds the route of a concrete path, a template, or a path with a query', () => {
    expect(findRoute('GET', '/api/v1/municipalities/101/pools/demo')?.operationId).toBe('getStanding');
    expect(findRoute('get', '/api/v1/municipalities/{municipalityCode}/pools/{poolId}')?.operationId).toBe('getStanding');
    expect(findRoute('GET', '/api/v1/municipalities/101/feed?after=x&limit=10')?.operationId).toBe('getFeed');
    expect(findRoute('POST', '/api/v1/staff/pools/demo/amendments/approve')?.operationId).toBe('approveAmendment');
    expect(findRoute('GET', '/api/v1/pools/demo/')?.operationId).toBe('getPool');
    expect(findRoute('GET', '/api/v1/nothing')).toBeUndefined();
  });

  it('accepts a standing as the api builds it', () => {
    expect(validateResponse('GET', '/api/v1/municipalities/101/pools/mangelpulje-2019', 200, standing)).toEqual({
      valid: true,
      errors: [],
      route: 'GET /api/v1/municipalities/{municipalityCode}/pools/{poolId}',
    });
  });

  it('accepts a standing read as of an instant, with repayments and lapsed commitment', () => {
    const asOf = { ...standing, asOf: '2021-07-01T00:00:00.000Z', repaidOre: 0, lapsedOre: 12_000_000 };
    expect(validateResponse('GET', '/api/v1/municipalities/101/pools/mangelpulje-2019?asOf=2021-07-01T00:00:00Z', 200, asOf).errors).toEqual([]);
  });

  it('accepts the public pool list with the calendar of a real definition', () => {
    expect(validateResponse('GET', '/api/v1/pools', 200, { pools: [poolSummary] }).errors).toEqual([]);
    expect(validateResponse('GET', '/api/v1/pools/mangelpulje-2019', 200, { ...poolSummary, definition: mangelpulje2019 }).errors).toEqual([]);
    expect(validateResponse('GET', '/api/v1/pools/mangelpulje-2019', 200, poolSummary).errors).toEqual(["(body) must have required property 'definition'"]);
  });

  it('says where a body breaks the document', () => {
    const check = validateResponse('GET', '/api/v1/municipalities/101/pools/x', 200, { ...standing, paidOre: -1, coursesStarted: undefined });
    expect(check.valid).toBe(false);
    expect(check.errors).toEqual(expect.arrayContaining(['/paidOre must be >= 0', "(body) must have required property 'coursesStarted'"]));
  });

  it('notices a member the document does not name, unless told to allow it', () => {
    const check = validateResponse('GET', '/api/v1/municipalities/101/pools/x', 200, { ...standing, secret: 1 });
    expect(check).toMatchObject({ valid: false, errors: ['(body) must NOT have additional properties (secret)'] });
    expect(validateResponse('GET', '/api/v1/municipalities/101/pools/x', 200, { ...standing, secret: 1 }, { allowUnknownProperties: true }).valid).toBe(true);
  });

  it('checks errors against ProblemDetails, which admits extension members', () => {
    const notFound = { type: 'https://puljeflow.dk/problems/not-found', title: 'Not found', status: 404, detail: 'No course x.', instance: '/x', traceId: 'abc' };
    expect(validateResponse('GET', '/api/v1/municipalities/101/courses/x', 404, notFound).valid).toBe(true);
    expect(validateResponse('GET', '/api/v1/municipalities/101/courses/x', 404, { title: 'Not found' }).valid).toBe(false);
  });

  it('refuses an undocumented status or route, and a body where the document has none', () => {
    expect(validateResponse('GET', '/api/v1/pools', 500, {})).toMatchObject({ valid: false, errors: [expect.stringContaining('status 500 is not documented')] });
    expect(validateResponse('PUT', '/api/v1/pools', 200, {})).toMatchObject({ valid: false, errors: [expect.stringContaining('no route PUT')] });
    expect(validateResponse('DELETE', '/api/v1/staff/session', 204, undefined).valid).toBe(true);
    expect(validateResponse('DELETE', '/api/v1/staff/session', 204, { ok: true }).valid).toBe(false);
  });

  it('checks the other municipal answers: course, feed, submission outcome, imports', () => {
    const course = {
      municipalityCode: '101',
      courseId: 'KBH-2020-0042',
      poolId: 'mangelpulje-2019',
      status: 'rejected',
      citizen: { pseudonym: 'p_3f9a' },
      targetGroup: 'dagpenge',
      course: { title: 'Tømrer', provider: 'AMU', category: 'opkvalificering', startDate: '2020-03-02', endDate: '2020-04-24', estimatedCostOre: 2_500_000 },
      employerDeclaration: null,
      cancelledOn: null,
      completedOn: null,
      employed: null,
      decisions: [{ type: 'CourseStarted', outcome: 'rejected', decidedAt: '2020-03-02T08:15:00.000Z', reasons: [{ code: 'EMPLOYER_DECLARATION_MISSING', message: 'No declaration.' }] }],
    };
    expect(validateResponse('GET', '/api/v1/municipalities/101/courses/KBH-2020-0042', 200, course).errors).toEqual([]);
    const feed = { items: [{ cursor: '00000000000000000001-0000000000000000001', type: 'SubmissionAccepted', recordedAt: '2020-03-02T08:15:00.000Z', data: { eventId: 'e' } }], nextCursor: null };
    expect(validateResponse('GET', '/api/v1/municipalities/101/feed', 200, feed).errors).toEqual([]);
    const outcome = { eventId: '6f1c2a3b-4d5e-4f60-8a7b-9c0d1e2f3a4b', status: 'rejected', position: '12', recordedAt: '2020-03-02T08:15:00Z', reasons: [{ code: 'NO_COMMITMENT', message: '…' }] };
    expect(validateResponse('GET', `/api/v1/municipalities/101/events/${outcome.eventId}`, 200, outcome).errors).toEqual([]);
    expect(validateResponse('POST', '/api/v1/municipalities/101/imports', 202, { importId: 'imp_1', status: 'queued' }).errors).toEqual([]);
    const status = { importId: 'imp_1', status: 'done', linesRead: 2, accepted: 1, duplicate: 0, rejected: 1, results: [{ line: 1, eventId: 'e1', status: 'accepted', position: '9' }, { line: 2, status: 'rejected', reasons: [{ code: 'SCHEMA_INVALID', message: 'line 2 is not JSON' }] }] };
    expect(validateResponse('GET', '/api/v1/municipalities/101/imports/imp_1', 200, status).errors).toEqual([]);
  });
});
