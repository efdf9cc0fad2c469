import { mangelpulje2019 } from '@puljeflow/domain';
import { submitEventsRequestExample, submitEventsResponseExample } from './examples';
import {
  MunicipalEventSchema,
  municipalEventDataSchemas,
  SubmitEventsRequestSchema,
  SubmitTypedEventsRequestSchema,
} from './municipal-events';
import { buildOpenApiDocument } from './openapi';
import { ProblemDetailsSchema } from './problem';
import { SubmitEventsResponseSchema } from './responses';
import { componentValidator } from './test/json-schema';
import { validateResponse } from './validate-response';

const doc = buildOpenApiDocument();
const against = componentValidator(doc);

/** docs/municipal-api.md, "Sending events", the response example exactly as the contract writes it. */
const CONTRACT_RESPONSE = JSON.parse(`{ "results": [ { "eventId": "8d0f…", "status": "accepted", "position": "1234" },
               { "eventId": "91aa…", "status": "rejected", "reasons": [ { "code": "POOL_CLOSED_FOR_STARTS", "message": "…" } ] },
               { "eventId": "77b2…", "status": "duplicate", "position": "1200" } ] }`);

/** docs/municipal-api.md, "Sending events", the request envelope as the contract writes it (its eventId is elided). */
const CONTRACT_REQUEST = JSON.parse(
  '{ "events": [ { "eventId": "8d0f…uuid", "type": "CourseStarted", "occurredAt": "2020-03-02T09:15:00+01:00", "data": { } } ] }',
);

const event = (type: string, data: unknown) => ({ eventId: '6f1c2a3b-4d5e-4f60-8a7b-9c0d1e2f3a4b', type, occurredAt: '2020-03-02T09:15:00+01:00', data });

/** Valid and invalid data per event type: zod and the generated JSON Schema must agree on every one. */
const SAMPLES: [string, unknown, boolean][] = [
  ['InterestExpressed', { poolId: 'mangelpulje-2019', requestedAmountOre: 250_000_000, expectedParticipants: 40, contactEmail: 'job@kk.dk' }, true],
  ['InterestExpressed', { poolId: 'mangelpulje-2019', requestedAmountOre: 0, expectedParticipants: 40, contactEmail: 'job@kk.dk' }, false],
  ['InterestExpressed', { poolId: 'mangelpulje-2019', requestedAmountOre: 1.5, expectedParticipants: 40, contactEmail: 'job@kk.dk' }, false],
  ['InterestExpressed', { poolId: 'mangelpulje-2019', requestedAmountOre: 100, expectedParticipants: 40, contactEmail: 'not an email' }, false],
  ['InterestWithdrawn', { poolId: 'mangelpulje-2019' }, true],
  ['InterestWithdrawn', { poolId: 'Mangelpulje 2019' }, false],
  ['InterestWithdrawn', { poolId: 'mangelpulje-2019', extra: 1 }, false],
  ['CourseStarted', submitEventsRequestExample.events[0]!.data, true],
  ['CourseStarted', { ...submitEventsRequestExample.events[0]!.data, employerDeclaration: undefined }, true],
  ['CourseStarted', { ...submitEventsRequestExample.events[0]!.data, unemployedSince: '2019-02-30' }, false],
  ['CourseCancelled', { courseId: 'KBH-2020-0042', cancelledOn: '2020-04-01', reason: 'Borgeren fik job' }, true],
  ['CourseCancelled', { courseId: 'KBH-2020-0042', cancelledOn: '2020-04-01' }, false],
  ['CourseCompleted', { courseId: 'KBH-2020-0042', completedOn: '2020-04-24', employed: true }, true],
  ['CourseCompleted', { courseId: 'KBH-2020-0042', completedOn: '2020-04-24', employed: 'yes' }, false],
  ['ExpenseIncurred', { courseId: 'KBH-2020-0042', expenseId: 'F-1001', category: 'kursusgebyr', amountOre: 1_250_000, incurredOn: '2020-03-31', invoiceRef: 'AMU-2020-77' }, true],
  ['ExpenseIncurred', { courseId: 'KBH-2020-0042', expenseId: 'F-1001', category: 'kursusgebyr', amountOre: -5, incurredOn: '2020-03-31', invoiceRef: 'AMU-2020-77' }, false],
  ['RefundClaimed', { poolId: 'mangelpulje-2019', claimId: 'R-2020-1', budgetYear: 2020, kind: 'interim', upTo: '2020-06-30' }, true],
  [
    'RefundClaimed',
    { poolId: 'mangelpulje-2019', claimId: 'R-2020-F', budgetYear: 2020, kind: 'final', upTo: '2020-12-31', statement: { signedBy: 'Direktør', auditorCertified: true, documentRef: 'DOC-9' } },
    true,
  ],
  ['RefundClaimed', { poolId: 'mangelpulje-2019', claimId: 'R-2020-1', budgetYear: 2020, kind: 'interim', upTo: '2020-06-30', statement: { signedBy: 'x', auditorCertified: true, documentRef: 'y' } }, false],
  ['RefundClaimed', { poolId: 'mangelpulje-2019', claimId: 'R-2020-F', budgetYear: 2020, kind: 'final', upTo: '2020-12-31', statement: { signedBy: 'x' } }, false],
  ['RefundClaimed', { poolId: 'mangelpulje-2019', claimId: 'R-2020-1', budgetYear: 2020, kind: 'a conto', upTo: '2020-06-30' }, false],
];

describe('the examples of docs/municipal-api.md against the generated schemas', () => {
  it('the request envelope is the envelope the api checks, as written, and with its elisions filled in', () => {
    // As written, only the uuid of eventId is elided; everything else is the envelope.
    expect(SubmitEventsRequestSchema.safeParse(CONTRACT_REQUEST).error?.issues.map((i) => i.path.join('.'))).toEqual(['events.0.eventId']);
    const written = { events: [{ ...CONTRACT_REQUEST.events[0], eventId: submitEventsRequestExample.events[0]!.eventId }] };
    expect(SubmitEventsRequestSchema.safeParse(written).success).toBe(true);
    expect(SubmitEventsRequestSchema.safeParse(submitEventsRequestExample).success).toBe(true);
  });

  it('the request example validates against SubmitEventsRequest of the document (ajv) and with zod', () => {
    expect(against('SubmitEventsRequest', submitEventsRequestExample)).toEqual({ valid: true, errors: [] });
    expect(against('MunicipalEvent', submitEventsRequestExample.events[0])).toEqual({ valid: true, errors: [] });
    expect(SubmitTypedEventsRequestSchema.safeParse(submitEventsRequestExample).success).toBe(true);
    expect(municipalEventDataSchemas.CourseStarted!.safeParse(submitEventsRequestExample.events[0]!.data).success).toBe(true);
    // The document's own example is this one.
    const media = doc.paths['/api/v1/municipalities/{municipalityCode}/events']!.post!.requestBody!['content'] as Record<string, { examples: Record<string, { value: unknown }> }>;
    expect(media['application/json']!.examples['contract']!.value).toEqual(submitEventsRequestExample);
  });

  it('the response example (accepted, rejected, duplicate) validates as written, with ajv and with zod', () => {
    expect(CONTRACT_RESPONSE).toEqual(submitEventsResponseExample);
    expect(validateResponse('POST', '/api/v1/municipalities/101/events', 200, CONTRACT_RESPONSE)).toEqual({
      valid: true,
      errors: [],
      route: 'POST /api/v1/municipalities/{municipalityCode}/events',
    });
    expect(against('SubmitEventsResponse', CONTRACT_RESPONSE).valid).toBe(true);
    expect(SubmitEventsResponseSchema.safeParse(CONTRACT_RESPONSE).success).toBe(true);
  });

  it('refuses what the contract does not allow', () => {
    expect(against('SubmitEventsRequest', { events: [] }).valid).toBe(false);
    expect(against('SubmitEventsRequest', { events: [event('CourseExploded', {})] }).valid).toBe(false);
    expect(against('SubmitEventsRequest', { events: Array.from({ length: 501 }, () => submitEventsRequestExample.events[0]) }).valid).toBe(false);
    expect(against('SubmitEventsRequest', { events: [{ ...submitEventsRequestExample.events[0], occurredAt: '2020-03-02 09:15' }] }).valid).toBe(false);
    expect(against('SubmitEventsResponse', { results: [{ eventId: 'x', status: 'maybe' }] }).valid).toBe(false);
    expect(against('SubmitEventsResponse', { results: [{ eventId: 'x', status: 'rejected', reasons: [] }] }).valid).toBe(false);
  });

  it.each(SAMPLES.map(([type, data, valid], i) => [i, type, valid, data] as const))('sample %i: %s data valid=%s, alike in zod and in the document', (_i, type, valid, data) => {
    expect(municipalEventDataSchemas[type as keyof typeof municipalEventDataSchemas]!.safeParse(data).success).toBe(valid);
    expect(MunicipalEventSchema.safeParse(event(type, data)).success).toBe(valid);
    expect(against(`${type}Data`, JSON.parse(JSON.stringify(data))).valid).toBe(valid);
    expect(against('MunicipalEvent', JSON.parse(JSON.stringify(event(type, data)))).valid).toBe(valid);
  });

  it('a problem with validation errors is ProblemDetails, in zod and in the document', () => {
    const problem = {
      type: 'https://puljeflow.dk/problems/validation',
      title: 'Request is not valid',
      status: 400,
      detail: 'The body must be { "events": [...] }. Nothing was recorded.',
      instance: '/api/v1/municipalities/101/events',
      errors: [{ path: 'events.0.eventId', code: 'invalid_format', message: 'Invalid UUID' }],
    };
    expect(ProblemDetailsSchema.safeParse(problem).success).toBe(true);
    expect(against('ProblemDetails', problem).valid).toBe(true);
    expect(validateResponse('POST', '/api/v1/municipalities/101/events', 400, problem).valid).toBe(true);
    expect(against('ProblemDetails', { ...problem, errors: [{ path: 'x' }] }).valid).toBe(false);
  });

  it('the pool definitions of the domain are PoolDefinition bodies of the document', () => {
    expect(against('PoolDefinition', JSON.parse(JSON.stringify(mangelpulje2019)))).toEqual({ valid: true, errors: [] });
    expect(against('PoolDefinition', { ...mangelpulje2019, poolId: 'Not An Id' }).valid).toBe(false);
  });
});
