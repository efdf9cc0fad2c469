/**
 * Every route of the HTTP API as data: the municipal API v1 (docs/municipal-api.md), the public pools and the staff API of
 * apps/api. The OpenAPI document (openapi.ts) is generated from this list and the zod schemas it names, the same
 * schemas the controllers validate with.
 */
import { PoolDefinitionSchema } from '@puljeflow/domain';
import { MAX_EVENTS_PER_REQUEST, MunicipalityCodeSchema, SubmitTypedEventsRequestSchema } from './municipal-events';
import { LedgerTraceSchema } from './staff-decisions';
import {
  AsOfQuerySchema,
  CourseSchema,
  CsvImportBodySchema,
  FeedPageSchema,
  FeedQuerySchema,
  ImportAcceptedSchema,
  ImportQuerySchema,
  ImportStatusSchema,
  MAX_IMPORT_LINES,
  MunicipalCoursePathSchema,
  MunicipalEventPathSchema,
  MunicipalImportPathSchema,
  MunicipalityPathSchema,
  MunicipalPoolPathSchema,
  NdjsonImportBodySchema,
  PoolDetailSchema,
  PoolListSchema,
  PoolPathSchema,
  StandingSchema,
  SubmissionOutcomeSchema,
  SubmitEventsResponseSchema,
} from './responses';
import {
  BalanceCsvBodySchema,
  BalanceImportQuerySchema,
  BalanceImportResultSchema,
  BalanceVersionsSchema,
  CitizenErasureRequestSchema,
  CitizenErasureSchema,
  DecisionRecordedSchema,
  LoginRequestSchema,
  LoginResponseSchema,
  PoolOpenedSchema,
  PoolOverviewSchema,
  PrepareAmendmentRequestSchema,
  PrepareCommitmentRequestSchema,
  StaffSessionSchema,
} from './staff';

import {
  API_TAGS,
  json,
  municipalErrors,
  problemResponse,
  problems,
  staffErrors,
  staffDescription,
  type ApiRoute,
} from './route-kit';
import { staffDecisionRoutes } from './staff-decision-routes';
import { staffReadRoutes } from './staff-read-routes';

export * from './route-kit';

const MUNICIPAL = '/api/v1/municipalities/{municipalityCode}';

const municipalDescription = (text: string) =>
  `${text}\n\nNeeds the municipality's API key (\`Authorization: Bearer <key>\`); a key of another municipality gets 403.`;


const coreRoutes: readonly ApiRoute[] = [
  // ---- municipal API v1: sending events ----
  {
    operationId: 'submitEvents',
    method: 'post',
    path: `${MUNICIPAL}/events`,
    summary: 'Send 1 to 500 events',
    description: municipalDescription(
      'Each event is decided on its own and in order; the answer has one result per event, in order. `eventId` is the ' +
        'idempotency key, unique per municipality: the same event again returns `duplicate` with the original outcome; ' +
        'the same `eventId` with another body is `rejected` with `IDEMPOTENCY_KEY_REUSED`. A body that is not the envelope ' +
        'gets 400 and nothing is recorded; an event whose `data` does not match its type is rejected with `SCHEMA_INVALID`. ' +
        'A rejected event is recorded as a rejected submission with its reasons and changes no balance.',
    ),
    tags: [API_TAGS.events],
    security: 'municipalKey',
    params: MunicipalityPathSchema,
    body: { required: true, content: { 'application/json': SubmitTypedEventsRequestSchema } },
    responses: {
      200: json(SubmitEventsResponseSchema, 'One result per event, in the order sent.'),
      ...municipalErrors(),
      413: problemResponse(413, `More than ${MAX_EVENTS_PER_REQUEST} events (use the imports endpoint), or a body too large.`),
    },
  },
  {
    operationId: 'submitImport',
    method: 'post',
    path: `${MUNICIPAL}/imports`,
    summary: 'Send a bulk file of events',
    description: municipalDescription(
      `An NDJSON body (one event envelope a line) or a CSV file of one event type (\`?type=\`), up to ${MAX_IMPORT_LINES.toLocaleString('en')} ` +
        'lines. Answers 202 at once; read progress at `GET …/imports/{importId}`. A bad line never stops the others; sending ' +
        'the same file again changes nothing (every line keeps its eventId).',
    ),
    tags: [API_TAGS.imports],
    security: 'municipalKey',
    params: MunicipalityPathSchema,
    query: ImportQuerySchema,
    body: { required: true, content: { 'application/x-ndjson': NdjsonImportBodySchema, 'text/csv': CsvImportBodySchema } },
    responses: {
      202: json(ImportAcceptedSchema, 'The file was received; `Location` is the import to watch.', ['Location']),
      ...municipalErrors(),
      413: problemResponse(413, `More than ${MAX_IMPORT_LINES.toLocaleString('en')} lines, or a file too large.`),
    },
  },
  {
    operationId: 'getImport',
    method: 'get',
    path: `${MUNICIPAL}/imports/{importId}`,
    summary: 'Progress and results of a bulk file',
    description: municipalDescription('Lines read, accepted, duplicate and rejected; when done, the result of every line with its line number.'),
    tags: [API_TAGS.imports],
    security: 'municipalKey',
    params: MunicipalImportPathSchema,
    query: AsOfQuerySchema,
    responses: { 200: json(ImportStatusSchema, 'The import.'), ...municipalErrors(), 404: problemResponse(404, 'This municipality has no import with that id.') },
  },
  // ---- municipal API v1: reading back ----
  {
    operationId: 'getStanding',
    method: 'get',
    path: `${MUNICIPAL}/pools/{poolId}`,
    summary: "The municipality's standing in a pool",
    description: municipalDescription('Requested, committed, expenses, refunds claimed, approved and paid, the remaining commitment, courses, and the next deadlines.'),
    tags: [API_TAGS.reading],
    security: 'municipalKey',
    params: MunicipalPoolPathSchema,
    query: AsOfQuerySchema,
    responses: { 200: json(StandingSchema, 'The standing.'), ...municipalErrors(), 404: problemResponse(404, 'There is no such pool.') },
  },
  {
    operationId: 'getMunicipalLedger',
    method: 'get',
    path: `${MUNICIPAL}/pools/{poolId}/ledger`,
    summary: "The municipality's money in a pool, traced",
    description: municipalDescription(
      'Its figures, and every payment → claim → expenses → course → employer declaration behind them: the same trace the agency reads. The citizen appears by pseudonym only.',
    ),
    tags: [API_TAGS.reading],
    security: 'municipalKey',
    params: MunicipalPoolPathSchema,
    query: AsOfQuerySchema,
    responses: { 200: json(LedgerTraceSchema, 'The ledger.'), ...municipalErrors() },
  },
  {
    operationId: 'getCourse',
    method: 'get',
    path: `${MUNICIPAL}/courses/{courseId}`,
    summary: 'A course, its status and its decisions',
    description: municipalDescription('The course as reported, its status and every decision about it with its reasons. The citizen appears by pseudonym only.'),
    tags: [API_TAGS.reading],
    security: 'municipalKey',
    params: MunicipalCoursePathSchema,
    query: AsOfQuerySchema,
    responses: { 200: json(CourseSchema, 'The course.'), ...municipalErrors(), 404: problemResponse(404, 'This municipality has reported no such course.') },
  },
  {
    operationId: 'getFeed',
    method: 'get',
    path: `${MUNICIPAL}/feed`,
    summary: 'Everything decided about the municipality, oldest first',
    description: municipalDescription(
      'Accepted and rejected submissions, commitments issued or reduced, refunds approved, payouts made, pool deadlines ' +
        'reached. Each item has a `cursor`; a caller that stores the last cursor and passes it as `after` misses nothing and sees nothing twice.',
    ),
    tags: [API_TAGS.reading],
    security: 'municipalKey',
    params: MunicipalityPathSchema,
    query: FeedQuerySchema,
    responses: { 200: json(FeedPageSchema, 'A page of the feed.'), ...municipalErrors() },
  },
  {
    operationId: 'getSubmission',
    method: 'get',
    path: `${MUNICIPAL}/events/{eventId}`,
    summary: 'The recorded outcome of one submission',
    description: municipalDescription('For reconciliation: accepted with its position, or rejected with its reasons.'),
    tags: [API_TAGS.reading],
    security: 'municipalKey',
    params: MunicipalEventPathSchema,
    query: AsOfQuerySchema,
    responses: { 200: json(SubmissionOutcomeSchema, 'The outcome.'), ...municipalErrors(), 404: problemResponse(404, 'This municipality has sent no event with that eventId.') },
  },
  // ---- public pools ----
  {
    operationId: 'listPools',
    method: 'get',
    path: '/api/v1/pools',
    summary: 'Every pool, with its calendar',
    description: 'Public pool definitions and their calendar; no key needed.',
    tags: [API_TAGS.pools],
    security: 'none',
    query: AsOfQuerySchema,
    responses: { 200: json(PoolListSchema, 'The pools.'), ...problems(400, 503) },
  },
  {
    operationId: 'getPool',
    method: 'get',
    path: '/api/v1/pools/{poolId}',
    summary: 'One pool, with its whole public definition',
    description: 'Its status and calendar, and the definition it runs on: target groups with their rules, refund rate, budget years, what the commitment caps; no key needed.',
    tags: [API_TAGS.pools],
    security: 'none',
    params: PoolPathSchema,
    query: AsOfQuerySchema,
    responses: { 200: json(PoolDetailSchema, 'The pool.'), ...problems(400, 404, 503) },
  },
  // ---- staff API ----
  {
    operationId: 'signIn',
    method: 'post',
    path: '/api/v1/staff/session',
    summary: 'Sign in',
    description: 'Answers a session token to send as `Authorization: Bearer <token>`.',
    tags: [API_TAGS.staffSession],
    security: 'none',
    body: { required: true, content: { 'application/json': LoginRequestSchema } },
    responses: {
      200: json(LoginResponseSchema, 'Signed in.'),
      ...problems(400, 413, 503),
      401: problemResponse(401, 'Wrong username or password.'),
      429: problemResponse(429, 'Too many attempts (for this account from this address, from this address, for this account, or sign-ins at this moment); retry after `Retry-After` seconds. No password was checked.'),
    },
  },
  {
    operationId: 'getSession',
    method: 'get',
    path: '/api/v1/staff/session',
    summary: 'Who is signed in',
    tags: [API_TAGS.staffSession],
    security: 'staffSession',
    query: AsOfQuerySchema,
    responses: { 200: json(StaffSessionSchema, 'The session.'), ...problems(400, 401, 429, 503) },
  },
  {
    operationId: 'signOut',
    method: 'delete',
    path: '/api/v1/staff/session',
    summary: 'Sign out',
    tags: [API_TAGS.staffSession],
    security: 'staffSession',
    responses: { 204: { description: 'Signed out; the token no longer works.', headers: ['X-Request-Id'] }, ...problems(401, 429, 503) },
  },
  {
    operationId: 'openPool',
    method: 'post',
    path: '/api/v1/staff/pools',
    summary: 'Open (udmelde) a pool from its definition',
    description: staffDescription('The definition is data, validated whole; the pool workflow starts.', ['admin']),
    tags: [API_TAGS.staffPools],
    security: 'staffSession',
    roles: ['admin'],
    body: { required: true, content: { 'application/json': PoolDefinitionSchema } },
    responses: { 201: json(PoolOpenedSchema, 'The pool is open.'), ...staffErrors(), 409: problemResponse(409, 'The pool is already open; change it with an amendment.') },
  },
  {
    operationId: 'getPoolOverview',
    method: 'get',
    path: '/api/v1/staff/pools/{poolId}/overview',
    summary: 'A pool and every municipality in it',
    description: staffDescription('Requests, allocations and commitments per municipality.', ['caseworker', 'approver', 'finance', 'auditor', 'admin']),
    tags: [API_TAGS.staffPools],
    security: 'staffSession',
    roles: ['caseworker', 'approver', 'finance', 'auditor', 'admin'],
    params: PoolPathSchema,
    query: AsOfQuerySchema,
    responses: { 200: json(PoolOverviewSchema, 'The overview.'), ...staffErrors(404) },
  },
  {
    operationId: 'prepareCommitment',
    method: 'post',
    path: '/api/v1/staff/pools/{poolId}/commitments/{municipalityCode}/prepare',
    summary: 'Prepare a commitment (tilsagn)',
    description: staffDescription('From the allocation, or a lower amount; it is issued only when a second person approves.', ['caseworker']),
    tags: [API_TAGS.staffPools],
    security: 'staffSession',
    roles: ['caseworker'],
    params: PoolPathSchema.extend({ municipalityCode: MunicipalityCodeSchema }),
    body: { required: false, content: { 'application/json': PrepareCommitmentRequestSchema } },
    responses: { 200: json(DecisionRecordedSchema, 'Prepared.'), ...staffErrors(404, 409, 422) },
  },
  {
    operationId: 'approveCommitment',
    method: 'post',
    path: '/api/v1/staff/pools/{poolId}/commitments/{municipalityCode}/approve',
    summary: 'Approve and issue a prepared commitment (four-eyes)',
    description: staffDescription('An approver other than the preparer issues the commitment (403 FOUR_EYES_REQUIRED otherwise).', ['approver']),
    tags: [API_TAGS.staffPools],
    security: 'staffSession',
    roles: ['approver'],
    params: PoolPathSchema.extend({ municipalityCode: MunicipalityCodeSchema }),
    responses: { 200: json(DecisionRecordedSchema, 'Issued.'), ...staffErrors(404, 409, 422) },
  },
  {
    operationId: 'prepareAmendment',
    method: 'post',
    path: '/api/v1/staff/pools/{poolId}/amendments',
    summary: 'Prepare moving a deadline of a running pool',
    description: staffDescription('With a reason; approved by another person.', ['caseworker', 'approver', 'admin']),
    tags: [API_TAGS.staffPools],
    security: 'staffSession',
    roles: ['caseworker', 'approver', 'admin'],
    params: PoolPathSchema,
    body: { required: true, content: { 'application/json': PrepareAmendmentRequestSchema } },
    responses: { 200: json(DecisionRecordedSchema, 'Prepared.'), ...staffErrors(404, 409, 422) },
  },
  {
    operationId: 'approveAmendment',
    method: 'post',
    path: '/api/v1/staff/pools/{poolId}/amendments/approve',
    summary: 'Approve a prepared deadline amendment (four-eyes)',
    description: staffDescription('The pool workflow follows the new deadline.', ['approver', 'admin']),
    tags: [API_TAGS.staffPools],
    security: 'staffSession',
    roles: ['approver', 'admin'],
    params: PoolPathSchema,
    responses: { 200: json(DecisionRecordedSchema, 'Amended.'), ...staffErrors(404, 409, 422) },
  },
  {
    operationId: 'importLabourMarketBalance',
    method: 'post',
    path: '/api/v1/staff/reference-data/labour-market-balance',
    summary: 'Import a labour-market balance file',
    description: staffDescription('Refused whole with line-numbered errors (422), or imported with what changed per half-year; `?dryRun=true` answers the same and writes nothing, a preview before it is applied.', ['admin']),
    tags: [API_TAGS.staffReference],
    security: 'staffSession',
    roles: ['admin'],
    query: BalanceImportQuerySchema,
    body: { required: true, content: { 'text/csv': BalanceCsvBodySchema } },
    responses: {
      200: json(BalanceImportResultSchema, 'Imported.'),
      ...staffErrors(413),
      422: problemResponse(422, 'The file has errors (`errors`, one per line); nothing was imported.'),
    },
  },
  {
    operationId: 'listLabourMarketBalanceVersions',
    method: 'get',
    path: '/api/v1/staff/reference-data/labour-market-balance',
    summary: 'The imported versions of the labour-market balance',
    description: staffDescription('Per half-year, oldest first.', ['caseworker', 'approver', 'finance', 'auditor', 'admin']),
    tags: [API_TAGS.staffReference],
    security: 'staffSession',
    roles: ['caseworker', 'approver', 'finance', 'auditor', 'admin'],
    query: AsOfQuerySchema,
    responses: { 200: json(BalanceVersionsSchema, 'The versions.'), ...staffErrors() },
  },
  {
    operationId: 'eraseCitizen',
    method: 'post',
    path: '/api/v1/staff/citizens/erasures',
    summary: 'Erase a citizen (crypto-shredding)',
    description: staffDescription("The citizen's key is deleted, so nothing about the person can be read back; money figures stay.", ['admin']),
    tags: [API_TAGS.staffReference],
    security: 'staffSession',
    roles: ['admin'],
    body: { required: true, content: { 'application/json': CitizenErasureRequestSchema } },
    responses: { 200: json(CitizenErasureSchema, 'Erased.'), ...staffErrors() },
  },
];

/** Every route: the municipal API, the public pools, the staff session and pools (above), the staff decisions and reads. */
export const apiRoutes: readonly ApiRoute[] = [...coreRoutes, ...staffDecisionRoutes, ...staffReadRoutes];

/** The route whose template matches a concrete path (`/api/v1/pools/demo`) or a template, for `method`. */
export function findRoute(method: string, path: string): ApiRoute | undefined {
  const wanted = method.toLowerCase();
  const segments = path.split(/[?#]/)[0]!.replace(/\/+$/, '').split('/');
  let best: { route: ApiRoute; literals: number } | undefined;
  for (const route of apiRoutes) {
    if (route.method !== wanted) continue;
    const template = route.path.split('/');
    if (template.length !== segments.length) continue;
    let literals = 0;
    const matches = template.every((part, i) => {
      if (/^\{[^}]+\}$/.test(part)) return segments[i] !== '';
      literals += 1;
      return part === segments[i];
    });
    if (matches && (!best || literals > best.literals)) best = { route, literals };
  }
  return best?.route;
}
