import Ajv2020, { type ValidateFunction } from 'ajv/dist/2020';
import { findRoute } from './api-routes';
import { buildOpenApiDocument, type JsonSchema, type OpenApiDocument } from './openapi';

/**
 * Checks a live response against the OpenAPI document, for contract tests: the route by method and path (a concrete
 * path like `/api/v1/municipalities/101/pools/demo` or a template), the status, and the body against the response's
 * schema, compiled with the document's components (ajv, JSON Schema 2020-12).
 */

export interface ResponseCheck {
  valid: boolean;
  /** One line per problem: `<where in the body> <what is wrong>`. Empty when valid. */
  errors: string[];
  /** The matched route as `METHOD template`, when one matched. */
  route?: string;
}

export interface ValidateResponseOptions {
  /**
   * Admit object members the document does not name. Default false: a contract test should notice a response that
   * says more than the document (the published document itself admits them, see BuildOpenApiOptions.openResponses).
   */
  allowUnknownProperties?: boolean;
}

const DOCUMENT_ID = 'urn:puljeflow:openapi';

interface Checker {
  document: OpenApiDocument;
  ajv: Ajv2020;
  compiled: Map<string, ValidateFunction>;
}
const checkers = new Map<boolean, Checker>();

function checker(open: boolean): Checker {
  let found = checkers.get(open);
  if (!found) {
    const document = buildOpenApiDocument({ openResponses: open });
    // Formats are left to the patterns zod writes beside them; OpenAPI keywords (discriminator, examples) are annotations.
    const ajv = new Ajv2020({ strict: false, allErrors: true, validateFormats: false });
    ajv.addSchema({ $id: DOCUMENT_ID, components: document.components, paths: document.paths } as JsonSchema);
    found = { document, ajv, compiled: new Map() };
    checkers.set(open, found);
  }
  return found;
}

const pointerSegment = (s: string) => s.replace(/~/g, '~0').replace(/\//g, '~1');

/** Checks `body` as the response `status` of `method path`. */
export function validateResponse(method: string, path: string, status: number, body: unknown, options: ValidateResponseOptions = {}): ResponseCheck {
  const route = findRoute(method, path);
  if (!route) return { valid: false, errors: [`no route ${method.toUpperCase()} ${path} in the document`] };
  const name = `${route.method.toUpperCase()} ${route.path}`;
  const { document, ajv, compiled } = checker(options.allowUnknownProperties ?? false);
  const operation = document.paths[route.path]?.[route.method];
  let response = operation?.responses[String(status)];
  let pointer = `#/paths/${pointerSegment(route.path)}/${route.method}/responses/${status}`;
  if (!response) {
    const documented = Object.keys(operation?.responses ?? {}).join(', ');
    return { valid: false, route: name, errors: [`status ${status} is not documented for ${name} (documented: ${documented})`] };
  }
  const ref = response['$ref'];
  if (typeof ref === 'string') {
    const component = ref.replace('#/components/responses/', '');
    response = document.components.responses[component]!;
    pointer = `#/components/responses/${pointerSegment(component)}`;
  }
  const content = response['content'] as Record<string, { schema: JsonSchema }> | undefined;
  if (!content) {
    const empty = body === undefined || body === null || body === '';
    return { valid: empty, route: name, errors: empty ? [] : [`${name} ${status} has no body in the document, but one was sent`] };
  }
  const [contentType] = Object.keys(content);
  const at = `${pointer}/content/${pointerSegment(contentType!)}/schema`;
  let validate = compiled.get(at);
  if (!validate) {
    validate = ajv.compile({ $ref: `${DOCUMENT_ID}${at}` });
    compiled.set(at, validate);
  }
  if (validate(body)) return { valid: true, route: name, errors: [] };
  const errors = (validate.errors ?? []).map((e) => {
    const extra = e.keyword === 'additionalProperties' ? ` (${String((e.params as { additionalProperty?: string }).additionalProperty)})` : '';
    return `${e.instancePath || '(body)'} ${e.message ?? e.keyword}${extra}`;
  });
  return { valid: false, route: name, errors };
}
