import { apiRoutes } from './api-routes';
import { MUNICIPAL_EVENT_TYPES } from './municipal-events';
import { buildOpenApiDocument, type JsonSchema } from './openapi';
import { validateOpenApi } from './test/json-schema';

const doc = buildOpenApiDocument();
const MUNICIPAL = '/api/v1/municipalities/{municipalityCode}';

/** Every path of docs/municipal-api.md, with its method. */
const CONTRACT_PATHS: [string, string][] = [
  ['post', `${MUNICIPAL}/events`],
  ['post', `${MUNICIPAL}/imports`],
  ['get', `${MUNICIPAL}/imports/{importId}`],
  ['get', '/api/v1/pools'],
  ['get', '/api/v1/pools/{poolId}'],
  ['get', `${MUNICIPAL}/pools/{poolId}`],
  ['get', `${MUNICIPAL}/courses/{courseId}`],
  ['get', `${MUNICIPAL}/feed`],
  ['get', `${MUNICIPAL}/events/{eventId}`],
];

const operations = () =>
  Object.entries(doc.paths).flatMap(([path, methods]) => Object.entries(methods).map(([method, operation]) => ({ path, method, operation })));

/** Follows a local `$ref` ('#/components/…') through the document. */
function resolve(ref: string): JsonSchema {
  const target = ref
    .replace(/^#\//, '')
    .split('/')
    .reduce<unknown>((node, key) => (node as Record<string, unknown> | undefined)?.[key.replace(/~1/g, '/').replace(/~0/g, '~')], doc);
  if (target === undefined) throw new Error(`unresolvable $ref ${ref}`);
  return target as JsonSchema;
}

function refsIn(node: unknown, found: string[] = []): string[] {
  if (Array.isArray(node)) node.forEach((n) => refsIn(n, found));
  else if (node && typeof node === 'object') {
    for (const [key, value] of Object.entries(node)) {
      if (key === '$ref' && typeof value === 'string') found.push(value);
      else refsIn(value, found);
    }
  }
  return found;
}

describe('the OpenAPI document', () => {
  it('is a valid OpenAPI 3.1 document (@seriousme/openapi-schema-validator)', () => {
    const result = validateOpenApi(doc);
    expect(result.errors).toBeUndefined();
    expect(result.valid).toBe(true);
  });

  it('is valid with a server URL too, and the validator does refuse a broken document', () => {
    const withServer = buildOpenApiDocument({ serverUrl: 'https://api.puljeflow.example' });
    expect(withServer.servers).toEqual([{ url: 'https://api.puljeflow.example' }]);
    expect(validateOpenApi(withServer).valid).toBe(true);
    const broken = JSON.parse(JSON.stringify(doc));
    delete broken.paths['/api/v1/pools'].get.responses['200'].description;
    expect(validateOpenApi(broken).valid).toBe(false);
  });

  it('is OpenAPI 3.1.0, version 1.x, with bearer schemes for municipal keys and staff sessions', () => {
    expect(doc.openapi).toBe('3.1.0');
    expect(doc.info.version).toBe('1.x');
    expect(doc.components.securitySchemes).toEqual({
      municipalKey: expect.objectContaining({ type: 'http', scheme: 'bearer' }),
      staffSession: expect.objectContaining({ type: 'http', scheme: 'bearer' }),
    });
  });

  it('has every path of docs/municipal-api.md', () => {
    for (const [method, path] of CONTRACT_PATHS) expect(doc.paths[path]?.[method]).toBeDefined();
  });

  it('has one operation per route of apiRoutes, with unique operation ids', () => {
    expect(operations()).toHaveLength(apiRoutes.length);
    expect(new Set(apiRoutes.map((r) => r.operationId)).size).toBe(apiRoutes.length);
    for (const route of apiRoutes) expect(doc.paths[route.path]?.[route.method]?.operationId).toBe(route.operationId);
  });

  it('protects every municipal path with the municipal key, the staff paths with a session, the public pools with nothing', () => {
    for (const { path, method, operation } of operations()) {
      if (path.startsWith('/api/v1/municipalities/')) expect(operation.security).toEqual([{ municipalKey: [] }]);
      else if (path === '/api/v1/staff/session' && method === 'post') expect(operation.security).toEqual([]);
      else if (path.startsWith('/api/v1/staff/')) expect(operation.security).toEqual([{ staffSession: [] }]);
      else expect(operation.security).toEqual([]);
    }
  });

  it('lets every GET take asOf, an optional RFC 3339 instant', () => {
    const gets = operations().filter((o) => o.method === 'get');
    expect(gets.length).toBeGreaterThanOrEqual(7);
    for (const { operation } of gets) {
      const asOf = operation.parameters?.find((p) => p['name'] === 'asOf');
      expect(asOf).toMatchObject({ in: 'query', required: false, schema: { type: 'string', format: 'date-time' } });
    }
  });

  it('documents the errors of the contract on every municipal route, each as problem+json with ProblemDetails', () => {
    for (const { path, operation } of operations().filter((o) => o.path.startsWith('/api/v1/municipalities/'))) {
      const statuses = Object.keys(operation.responses);
      expect(statuses).toEqual(expect.arrayContaining(['400', '401', '403', '429', '503']));
      if (/\{(importId|poolId|courseId|eventId)\}$/.test(path)) expect(statuses).toContain('404');
    }
    expect(Object.keys(doc.paths[`${MUNICIPAL}/events`]!.post!.responses)).toContain('413');
    expect(Object.keys(doc.paths[`${MUNICIPAL}/imports`]!.post!.responses)).toContain('413');
  });

  it('makes every error response reference ProblemDetails', () => {
    let errors = 0;
    for (const { operation } of operations()) {
      for (const [status, r] of Object.entries(operation.responses)) {
        if (Number(status) < 400) continue;
        errors += 1;
        expect(r['$ref']).toMatch(/^#\/components\/responses\//);
        const target = resolve(r['$ref'] as string) as { content: Record<string, { schema: JsonSchema }>; headers: Record<string, unknown> };
        expect(Object.keys(target.content)).toEqual(['application/problem+json']);
        expect(target.content['application/problem+json']!.schema).toEqual({ $ref: '#/components/schemas/ProblemDetails' });
        expect(target.headers).toHaveProperty('X-Request-Id');
        if (status === '429' || status === '503') expect(target.headers).toHaveProperty('Retry-After');
      }
    }
    expect(errors).toBeGreaterThan(50);
    expect(doc.components.schemas['ProblemDetails']).toMatchObject({
      required: ['type', 'title', 'status', 'detail'],
      properties: { errors: { type: 'array', items: { $ref: '#/components/schemas/ValidationError' } } },
    });
    expect(doc.components.schemas['ValidationError']).toMatchObject({ required: ['path', 'code', 'message'] });
  });

  it('takes the events as JSON and bulk files as NDJSON or CSV', () => {
    expect(Object.keys(doc.paths[`${MUNICIPAL}/events`]!.post!.requestBody!['content'] as object)).toEqual(['application/json']);
    expect(Object.keys(doc.paths[`${MUNICIPAL}/imports`]!.post!.requestBody!['content'] as object)).toEqual(['application/x-ndjson', 'text/csv']);
    expect(doc.paths[`${MUNICIPAL}/imports`]!.post!.responses['202']).toMatchObject({
      content: { 'application/json': { schema: { $ref: '#/components/schemas/ImportAccepted' } } },
      headers: { Location: { $ref: '#/components/headers/Location' } },
    });
  });

  it('documents each event type with its data schema, as a oneOf with a discriminator on type', () => {
    const events = doc.components.schemas['MunicipalEvent'] as { oneOf: { $ref: string }[]; discriminator: { propertyName: string; mapping: Record<string, string> } };
    expect(events.discriminator.propertyName).toBe('type');
    expect(Object.keys(events.discriminator.mapping).sort()).toEqual([...MUNICIPAL_EVENT_TYPES].sort());
    expect(events.oneOf.map((o) => o.$ref).sort()).toEqual(Object.values(events.discriminator.mapping).sort());
    for (const type of MUNICIPAL_EVENT_TYPES) {
      const variant = resolve(events.discriminator.mapping[type]!) as { properties: Record<string, JsonSchema>; required: string[] };
      expect(variant.properties['type']).toEqual({ type: 'string', const: type });
      expect(variant.properties['data']).toEqual({ $ref: `#/components/schemas/${type}Data` });
      expect(variant.required).toEqual(['eventId', 'type', 'occurredAt', 'data']);
    }
    expect(doc.components.schemas['SubmitEventsRequest']).toMatchObject({
      properties: { events: { minItems: 1, maxItems: 500, items: { $ref: '#/components/schemas/MunicipalEvent' } } },
    });
    expect(doc.components.schemas['RefundClaimedData']).toMatchObject({ discriminator: { propertyName: 'kind' } });
    expect(doc.components.schemas['ExpenseIncurredData']).toMatchObject({
      required: ['courseId', 'expenseId', 'category', 'amountOre', 'incurredOn', 'invoiceRef'],
    });
  });

  it('has only references that resolve, and no standalone-schema leftovers ($schema, $id)', () => {
    const refs = refsIn(doc);
    expect(refs.length).toBeGreaterThan(100);
    for (const ref of new Set(refs)) expect(() => resolve(ref)).not.toThrow();
    const text = JSON.stringify(doc);
    expect(text).not.toContain('"$schema"');
    expect(text).not.toContain('"$id"');
    expect(text).not.toContain('__shared');
  });

  it('keeps requests strict as zod checks them, and leaves responses open to new members (the contract only adds)', () => {
    expect(doc.components.schemas['SubmitEventsRequest']).toHaveProperty('additionalProperties', false);
    expect(doc.components.schemas['CourseStartedData']).toHaveProperty('additionalProperties', false);
    for (const id of ['SubmitEventsResponse', 'Standing', 'Course', 'FeedPage', 'ImportStatus', 'PoolSummary']) {
      expect(JSON.stringify(doc.components.schemas[id])).not.toContain('"additionalProperties":false');
    }
    const closed = buildOpenApiDocument({ openResponses: false });
    expect(closed.components.schemas['Standing']).toHaveProperty('additionalProperties', false);
  });

  it('is the same document every time it is built', () => {
    expect(JSON.stringify(buildOpenApiDocument())).toBe(JSON.stringify(doc));
  });
});
