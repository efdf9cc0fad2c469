import { apiRoutes } from './api-routes';
import { operationLinks } from './links';
import { buildOpenApiDocument, type JsonSchema } from './openapi';

const doc = buildOpenApiDocument();
const byId = new Map(apiRoutes.map((route) => [route.operationId, route]));

describe('OpenAPI links', () => {
  const links = Object.entries(operationLinks).flatMap(([from, statuses]) =>
    Object.entries(statuses).flatMap(([status, named]) => Object.entries(named).map(([name, link]) => ({ from, status, name, link }))),
  );

  it.each(links.map((l) => [`${l.from} ${l.status} → ${l.name}`, l] as const))('%s leaves a documented response for an operation, giving each of its path parameters', (_, { from, status, link }) => {
    const source = byId.get(from);
    const target = byId.get(link.operationId);
    expect(source?.responses[Number(status)]).toBeDefined();
    expect(target).toBeDefined();
    const targetParams = Object.keys(target!.params?.shape ?? {});
    expect(Object.keys(link.parameters).sort()).toEqual(targetParams.sort());
    const sourceParams = Object.keys(source!.params?.shape ?? {});
    for (const expression of Object.values(link.parameters)) {
      const fromPath = /^\$request\.path\.(\w+)$/.exec(expression);
      if (fromPath) expect(sourceParams).toContain(fromPath[1]);
      else expect(expression).toMatch(/^\$response\.body#\/[\w/]+$/);
    }
  });

  it('are in the document on the responses they leave', () => {
    const submit = doc.paths['/api/v1/municipalities/{municipalityCode}/events']!['post']!;
    expect((submit.responses['200'] as JsonSchema)['links']).toMatchObject({ GetSubmission: { operationId: 'getSubmission', parameters: { eventId: '$response.body#/results/0/eventId' } } });
    const counted = Object.values(doc.paths).flatMap((methods) => Object.values(methods)).flatMap((op) => Object.values(op.responses).map((r) => Object.keys((r['links'] as object | undefined) ?? {}).length));
    expect(counted.reduce((a, b) => a + b, 0)).toBe(links.length);
  });
});
