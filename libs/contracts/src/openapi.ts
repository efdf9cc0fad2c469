import { z } from 'zod';
import { PoolCalendarSchema, PoolDefinitionSchema } from '@puljeflow/domain';
import { apiRoutes, PROBLEM_DESCRIPTIONS, PROBLEM_STATUSES, type ApiRoute, type ProblemStatus, type ResponseHeader, type RouteResponse, API_TAGS } from './api-routes';
import { municipalApiExamples } from './examples';
import { operationLinks, type OperationLink } from './links';
import {
  CourseCancelledDataSchema,
  CourseCompletedDataSchema,
  CourseStartedDataSchema,
  ExpenseIncurredDataSchema,
  InterestExpressedDataSchema,
  InterestWithdrawnDataSchema,
  MUNICIPAL_EVENT_TYPES,
  MunicipalEventEnvelopeSchema,
  MunicipalEventSchema,
  municipalEventSchemas,
  RefundClaimedDataSchema,
  RefundClaimedFinalDataSchema,
  RefundClaimedInterimDataSchema,
  SubmissionResultSchema,
  SubmitTypedEventsRequestSchema,
} from './municipal-events';
import { ProblemDetailsSchema, ReasonSchema, ValidationErrorSchema } from './problem';
import {
  CourseDecisionSchema,
  CourseSchema,
  DeadlineSchema,
  FeedItemSchema,
  FeedPageSchema,
  ImportAcceptedSchema,
  ImportLineResultSchema,
  ImportStatusSchema,
  PoolListSchema,
  PoolSummarySchema,
  StandingSchema,
  SubmissionOutcomeSchema,
  SubmitEventsResponseSchema,
} from './responses';
import {
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
  StaffUserSchema,
} from './staff';

/**
 * The OpenAPI 3.1 description of the API (docs/municipal-api.md: served at `GET /api/v1/openapi.json`), generated from the
 * route list (api-routes.ts) and the zod schemas that validate requests, with `z.toJSONSchema` (JSON Schema 2020-12,
 * the dialect of OpenAPI 3.1). Request schemas are converted as zod's input, responses as its output.
 */

export type JsonSchema = Record<string, unknown>;
export interface OpenApiDocument {
  openapi: '3.1.0';
  info: { title: string; version: string; description: string };
  servers: { url: string; description?: string }[];
  tags: { name: string; description: string }[];
  paths: Record<string, Record<string, OpenApiOperation>>;
  components: {
    schemas: Record<string, JsonSchema>;
    responses: Record<string, JsonSchema>;
    headers: Record<string, JsonSchema>;
    securitySchemes: Record<string, JsonSchema>;
  };
  [extension: `x-${string}`]: unknown;
}
export interface OpenApiOperation {
  operationId: string;
  summary: string;
  description?: string;
  tags: string[];
  security: Record<string, string[]>[];
  parameters?: JsonSchema[];
  requestBody?: JsonSchema;
  responses: Record<string, JsonSchema>;
  'x-roles'?: readonly string[];
}

export interface BuildOpenApiOptions {
  /** The server the paths hang under, e.g. `https://api.puljeflow.dk`. Default: the origin the document came from. */
  serverUrl?: string;
  /**
   * Whether response objects admit members the document does not name. `true` (the default) for the published document:
   * the contract changes only by adding, so clients must accept new members. `false` closes every response object, for
   * contract tests that should notice an undocumented member (validateResponse does this).
   */
  openResponses?: boolean;
}

const SCHEMA_PREFIX = '#/components/schemas/';
const uri = (id: string) => SCHEMA_PREFIX + id;

type Named = readonly (readonly [string, z.ZodType])[];
type Registry = z.core.$ZodRegistry<{ id: string }>;

/** Named request schemas (converted as zod input): components.schemas. */
const requestComponents = (): Named => [
  ['SubmitEventsRequest', SubmitTypedEventsRequestSchema],
  ['MunicipalEvent', MunicipalEventSchema],
  ['MunicipalEventEnvelope', MunicipalEventEnvelopeSchema],
  ...MUNICIPAL_EVENT_TYPES.map((type) => [`${type}Event`, municipalEventSchemas[type]] as const),
  ['InterestExpressedData', InterestExpressedDataSchema],
  ['InterestWithdrawnData', InterestWithdrawnDataSchema],
  ['CourseStartedData', CourseStartedDataSchema],
  ['CourseCancelledData', CourseCancelledDataSchema],
  ['CourseCompletedData', CourseCompletedDataSchema],
  ['ExpenseIncurredData', ExpenseIncurredDataSchema],
  ['RefundClaimedData', RefundClaimedDataSchema],
  ['RefundClaimedInterimData', RefundClaimedInterimDataSchema],
  ['RefundClaimedFinalData', RefundClaimedFinalDataSchema],
  ['LoginRequest', LoginRequestSchema],
  ['PrepareCommitmentRequest', PrepareCommitmentRequestSchema],
  ['PrepareAmendmentRequest', PrepareAmendmentRequestSchema],
  ['CitizenErasureRequest', CitizenErasureRequestSchema],
  ['PoolDefinition', PoolDefinitionSchema],
];

/** Named response schemas (converted as zod output): components.schemas. */
const responseComponents = (): Named => [
  ['SubmitEventsResponse', SubmitEventsResponseSchema],
  ['SubmissionResult', SubmissionResultSchema],
  ['SubmissionOutcome', SubmissionOutcomeSchema],
  ['ImportAccepted', ImportAcceptedSchema],
  ['ImportStatus', ImportStatusSchema],
  ['ImportLineResult', ImportLineResultSchema],
  ['PoolList', PoolListSchema],
  ['PoolSummary', PoolSummarySchema],
  ['PoolCalendar', PoolCalendarSchema],
  ['Standing', StandingSchema],
  ['Deadline', DeadlineSchema],
  ['Course', CourseSchema],
  ['CourseDecision', CourseDecisionSchema],
  ['FeedPage', FeedPageSchema],
  ['FeedItem', FeedItemSchema],
  ['ProblemDetails', ProblemDetailsSchema],
  ['ValidationError', ValidationErrorSchema],
  ['Reason', ReasonSchema],
  ['LoginResponse', LoginResponseSchema],
  ['StaffSession', StaffSessionSchema],
  ['StaffUser', StaffUserSchema],
  ['DecisionRecorded', DecisionRecordedSchema],
  ['PoolOpened', PoolOpenedSchema],
  ['PoolOverview', PoolOverviewSchema],
  ['CitizenErasure', CitizenErasureSchema],
  ['BalanceImportResult', BalanceImportResultSchema],
  ['BalanceVersions', BalanceVersionsSchema],
];

/** A private registry (never zod's global one, so ids cannot clash across modules or test files). */
function registryOf(named: Named): Registry {
  const registry = z.registry<{ id: string }>();
  for (const [id, schema] of named) registry.add(schema, { id });
  return registry;
}

type Io = 'input' | 'output';

/** Drops what a standalone JSON Schema carries and an embedded OpenAPI schema must not ($schema, a fragment $id). */
function embedded(schema: JsonSchema): JsonSchema {
  const { $schema: _schema, $id: _id, ...rest } = schema;
  return rest;
}

/** Removes `additionalProperties: false` everywhere in a response schema (see BuildOpenApiOptions.openResponses). */
function opened(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(opened);
  if (node === null || typeof node !== 'object') return node;
  const out: JsonSchema = {};
  for (const [key, value] of Object.entries(node)) {
    if (key === 'additionalProperties' && value === false) continue;
    out[key] = opened(value);
  }
  return out;
}

/** OpenAPI's discriminator for a zod discriminated union whose options are all components. */
function discriminatorOf(schema: z.ZodType, registry: Registry): JsonSchema | undefined {
  const def = schema._zod.def as { type: string; discriminator?: string; options?: z.ZodType[] };
  if (def.type !== 'union' || !def.discriminator || !def.options) return undefined;
  const mapping: Record<string, string> = {};
  for (const option of def.options) {
    const id = registry.get(option)?.id;
    const values = (option._zod as { propValues?: Record<string, Set<unknown>> }).propValues?.[def.discriminator];
    if (!id || !values) return undefined;
    for (const value of values) mapping[String(value)] = uri(id);
  }
  return { propertyName: def.discriminator, mapping };
}

function componentSchemas(named: Named, io: Io, open: boolean): Record<string, JsonSchema> {
  const registry = registryOf(named);
  const { schemas } = z.toJSONSchema(registry, { target: 'draft-2020-12', io, uri, unrepresentable: 'throw' }) as { schemas: Record<string, JsonSchema> };
  if ('__shared' in schemas) throw new Error('toJSONSchema extracted shared definitions; name the schema as a component');
  const out: Record<string, JsonSchema> = {};
  for (const [id, schema] of Object.entries(schemas)) out[id] = open ? (opened(embedded(schema)) as JsonSchema) : embedded(schema);
  for (const [id, schema] of named) {
    const discriminator = discriminatorOf(schema, registry);
    if (discriminator && out[id]) out[id] = { ...out[id], discriminator };
  }
  return out;
}

/** A schema as a $ref to its component, or converted inline when it is not one. */
function schemaRef(schema: z.ZodType, registry: Registry, io: Io, open: boolean): JsonSchema {
  const id = registry.get(schema)?.id;
  if (id) return { $ref: uri(id) };
  const inline = embedded(z.toJSONSchema(schema, { target: 'draft-2020-12', io }) as JsonSchema);
  return open && io === 'output' ? (opened(inline) as JsonSchema) : inline;
}

function parameters(route: ApiRoute): JsonSchema[] {
  const out: JsonSchema[] = [];
  for (const [where, object] of [
    ['path', route.params],
    ['query', route.query],
  ] as const) {
    if (!object) continue;
    for (const [name, field] of Object.entries(object.shape as Record<string, z.ZodType>)) {
      const { description, ...schema } = embedded(z.toJSONSchema(field, { target: 'draft-2020-12', io: 'input' }) as JsonSchema);
      out.push({
        name,
        in: where,
        required: where === 'path' || !field.safeParse(undefined).success,
        ...(typeof description === 'string' ? { description } : {}),
        schema,
      });
    }
  }
  return out;
}

const PROBLEM_COMPONENT: Record<ProblemStatus, string> = {
  400: 'BadRequest',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'NotFound',
  409: 'Conflict',
  413: 'ContentTooLarge',
  422: 'UnprocessableContent',
  429: 'TooManyRequests',
  503: 'ServiceUnavailable',
};

const headerRefs = (headers: readonly ResponseHeader[] = []) =>
  Object.fromEntries(headers.map((name) => [name, { $ref: `#/components/headers/${name}` }]));

function response(status: number, r: RouteResponse, responses: Registry, open: boolean, links?: Readonly<Record<string, OperationLink>>): JsonSchema {
  if (r.contentType === 'application/problem+json') {
    const component = PROBLEM_COMPONENT[status as ProblemStatus];
    if (!component) throw new Error(`No problem response component for status ${status}`);
    return { $ref: `#/components/responses/${component}`, description: r.description };
  }
  const headers = headerRefs(r.headers);
  return {
    description: r.description,
    ...(Object.keys(headers).length ? { headers } : {}),
    ...(r.contentType && r.schema ? { content: { [r.contentType]: { schema: schemaRef(r.schema, responses, 'output', open) } } } : {}),
    ...(links ? { links } : {}),
  };
}

function problemResponses(): Record<string, JsonSchema> {
  return Object.fromEntries(
    PROBLEM_STATUSES.map((status) => {
      const headers: ResponseHeader[] = ['X-Request-Id'];
      if (status === 401) headers.push('WWW-Authenticate');
      if (status === 429 || status === 503) headers.push('Retry-After');
      return [
        PROBLEM_COMPONENT[status],
        { description: PROBLEM_DESCRIPTIONS[status], headers: headerRefs(headers), content: { 'application/problem+json': { schema: { $ref: uri('ProblemDetails') } } } },
      ];
    }),
  );
}

const EVENT_TYPES_TABLE = [
  '| type | data |',
  '|---|---|',
  ...MUNICIPAL_EVENT_TYPES.map((type) => `| \`${type}\` | [${type}Data](#/components/schemas/${type}Data) |`),
].join('\n');

const DESCRIPTION = `Municipal job-centre systems integrate against this contract; version 1 changes only by adding.

JSON everywhere, UTF-8. Money is an integer number of øre (\`…Ore\`). Dates are \`YYYY-MM-DD\` calendar dates in
Europe/Copenhagen; instants are RFC 3339 with an offset.

**Authentication and tenancy.** \`Authorization: Bearer <api key>\`. A key belongs to exactly one municipality. Every
municipal path starts with \`/api/v1/municipalities/{municipalityCode}\`; a key for another municipality gets \`403\`,
no or an unknown key gets \`401\`. Staff endpoints take a session token from \`POST /api/v1/staff/session\` the same way.

**Errors** are \`application/problem+json\` (RFC 9457) with \`type\`, \`title\`, \`status\`, \`detail\`, and for validation
\`errors: [{ path, code, message }]\`. A malformed request never gets \`500\` and changes nothing. Responses carry
\`X-Request-Id\` (echoed if the caller sent one). Rate limits per municipality answer \`429\` with \`Retry-After\`.

**Events.** \`eventId\` is the idempotency key, unique per municipality. Each event is decided on its own and in order;
a rejected event is recorded with its reasons and changes no balance. The event types and their \`data\`
(\`MunicipalEvent\`, a union on \`type\`):

${EVENT_TYPES_TABLE}

Reason codes for rejections include at least: \`SCHEMA_INVALID\`, \`UNKNOWN_POOL\`, \`INTEREST_WINDOW_CLOSED\`,
\`NO_COMMITMENT\`, \`NOT_IN_TARGET_GROUP\`, \`UNEMPLOYMENT_TOO_SHORT\`, \`EMPLOYER_DECLARATION_MISSING\`,
\`JOB_NOT_SHORTAGE_TITLE\`, \`COURSE_TIMING_INVALID\`, \`POOL_CLOSED_FOR_STARTS\`, \`UNKNOWN_COURSE\`, \`DUPLICATE_COURSE_ID\`,
\`CLAIM_DEADLINE_PASSED\`, \`IDEMPOTENCY_KEY_REUSED\`.

**Reading back.** Any GET may take \`?asOf=<RFC 3339 instant>\` to read the state as it was then.`;

/** The OpenAPI 3.1.0 document of the API, from apiRoutes and the zod schemas. */
export function buildOpenApiDocument(options: BuildOpenApiOptions = {}): OpenApiDocument {
  const open = options.openResponses ?? true;
  const requests = registryOf(requestComponents());
  const responses = registryOf(responseComponents());
  const schemas = { ...componentSchemas(requestComponents(), 'input', false) };
  for (const [id, schema] of Object.entries(componentSchemas(responseComponents(), 'output', open))) {
    if (id in schemas) throw new Error(`Component ${id} is both a request and a response schema`);
    schemas[id] = schema;
  }

  const paths: OpenApiDocument['paths'] = {};
  for (const route of apiRoutes) {
    const parameterList = parameters(route);
    const operation: OpenApiOperation = {
      operationId: route.operationId,
      summary: route.summary,
      ...(route.description ? { description: route.description } : {}),
      tags: [...route.tags],
      security: route.security === 'none' ? [] : [{ [route.security]: [] }],
      ...(parameterList.length ? { parameters: parameterList } : {}),
      ...(route.roles ? { 'x-roles': route.roles } : {}),
      responses: Object.fromEntries(Object.entries(route.responses).map(([status, r]) => [status, response(Number(status), r, responses, open, operationLinks[route.operationId]?.[Number(status)])])),
    };
    if (route.body) {
      const content = Object.fromEntries(
        Object.entries(route.body.content).map(([type, schema]) => {
          const example = type === 'application/json' ? municipalApiExamples.byOperation[route.operationId]?.request : undefined;
          return [type, { schema: schemaRef(schema, requests, 'input', false), ...(example !== undefined ? { examples: { contract: { summary: 'From docs/municipal-api.md', value: example } } } : {}) }];
        }),
      );
      operation.requestBody = { required: route.body.required, ...(route.body.description ? { description: route.body.description } : {}), content };
    }
    const responseExample = municipalApiExamples.byOperation[route.operationId]?.response;
    if (responseExample) {
      const ok = Object.values(operation.responses).find((r) => r['content'] !== undefined);
      const media = ok && (Object.values(ok['content'] as Record<string, JsonSchema>)[0] as JsonSchema | undefined);
      if (media) media['examples'] = { contract: { summary: 'From docs/municipal-api.md', value: responseExample } };
    }
    (paths[route.path] ??= {})[route.method] = operation;
  }

  return {
    openapi: '3.1.0',
    info: { title: 'puljeflow API', version: '1.x', description: DESCRIPTION },
    servers: [{ url: options.serverUrl ?? '/', ...(options.serverUrl ? {} : { description: 'The server that served this document' }) }],
    tags: [
      { name: API_TAGS.events, description: 'Sending events (docs/municipal-api.md "Sending events").' },
      { name: API_TAGS.imports, description: 'Bulk files of events: NDJSON or CSV.' },
      { name: API_TAGS.reading, description: "A municipality's standing, courses, feed and submissions." },
      { name: API_TAGS.pools, description: 'Public pool definitions and their calendar; no key needed.' },
      { name: API_TAGS.staffSession, description: 'Back-office sign-in.' },
      { name: API_TAGS.staffPools, description: 'Back office: pools, commitments (tilsagn) and deadline amendments, with four-eyes.' },
      { name: API_TAGS.staffReference, description: 'Back office: reference data and erasure of citizens.' },
    ],
    paths,
    components: {
      schemas,
      responses: problemResponses(),
      headers: {
        'X-Request-Id': { description: "The request's id: the caller's `X-Request-Id` echoed, or a new one.", schema: { type: 'string' } },
        'Retry-After': { description: 'Seconds to wait before trying again.', schema: { type: 'integer', minimum: 0 } },
        'WWW-Authenticate': { description: '`Bearer`.', schema: { type: 'string' } },
        Location: { description: 'The URL of the new resource.', schema: { type: 'string' } },
        'Content-Disposition': { description: '`attachment; filename="…"`: a file to save.', schema: { type: 'string' } },
      },
      securitySchemes: {
        municipalKey: { type: 'http', scheme: 'bearer', description: "A municipality's API key; it belongs to exactly one municipality." },
        staffSession: { type: 'http', scheme: 'bearer', description: 'A staff session token from `POST /api/v1/staff/session`.' },
      },
    },
  };
}
