import Ajv2020, { type ValidateFunction } from 'ajv/dist/2020';

/** What this needs of the route list (libs/contracts' findRoute and validateResponse; passed in, test-support depends on no lib). */
export interface RouteList {
  findRoute(method: string, path: string): { method: string; path: string } | undefined;
  validateResponse(method: string, path: string, status: number, body: unknown): { errors: string[] };
}

export interface ResponseCheck {
  valid: boolean;
  errors: string[];
  route?: string;
}

/**
 * Contract checks of live responses against the OpenAPI document an api process serves (`/api/v1/openapi.json`):
 * the body against the response schema of the route, status and content type the served document gives (ajv, JSON
 * Schema 2020-12, with the document's components). The served document admits members it does not name, so each
 * response is also checked strictly against the document built from the route list, which names every member.
 */

export const OPENAPI_PATH = '/api/v1/openapi.json';

/** The routes whose every response a test system checks: the staff API and the public pool definitions. */
export const isCheckedPath = (path: string) => path.startsWith('/api/v1/staff/') || path === '/api/v1/staff' || path.startsWith('/api/v1/pools');

type Json = Record<string, unknown>;
type Document = { paths: Record<string, Record<string, { responses: Record<string, Json> }>>; components: Json };
const DOCUMENT_ID = 'urn:puljeflow:served-openapi';
const pointerSegment = (s: string) => s.replace(/~/g, '~0').replace(/\//g, '~1');

export class ServedOpenApi {
  private readonly ajv = new Ajv2020({ strict: false, allErrors: true, validateFormats: false });
  private readonly compiled = new Map<string, ValidateFunction>();

  private constructor(
    private readonly document: Document,
    private readonly routes: RouteList,
  ) {
    this.ajv.addSchema({ $id: DOCUMENT_ID, paths: document.paths, components: document.components });
  }

  static async fetch(baseUrl: string, routes: RouteList): Promise<ServedOpenApi> {
    const res = await fetch(`${baseUrl}${OPENAPI_PATH}`);
    if (res.status !== 200) throw new Error(`GET ${OPENAPI_PATH} answered ${res.status}`);
    return new ServedOpenApi((await res.json()) as Document, routes);
  }

  /** Checks one response; a body that is not JSON (a file download) is checked by status and content type only. */
  check(method: string, path: string, status: number, body: unknown, contentType: string | null): ResponseCheck {
    const route = this.routes.findRoute(method, path);
    const operation = route && this.document.paths[route.path]?.[route.method];
    if (!route || !operation) return { valid: false, errors: [`no route ${method.toUpperCase()} ${path} in the served document`] };
    const name = `${route.method.toUpperCase()} ${route.path}`;
    let response = operation.responses[String(status)];
    let pointer = `#/paths/${pointerSegment(route.path)}/${route.method}/responses/${status}`;
    if (!response) return { valid: false, route: name, errors: [`status ${status} is not in the served document for ${name}`] };
    if (typeof response['$ref'] === 'string') {
      const component = response['$ref'].replace('#/components/responses/', '');
      response = (this.document.components['responses'] as Record<string, Json>)[component]!;
      pointer = `#/components/responses/${pointerSegment(component)}`;
    }
    const types = Object.keys((response['content'] ?? {}) as Json);
    if (types.length === 0) return { valid: true, route: name, errors: [] };
    const media = types.find((type) => contentType?.startsWith(type));
    if (!media) return { valid: false, route: name, errors: [`${name} ${status} was served as ${contentType}; the document says ${types.join(', ')}`] };
    if (!/json/.test(media)) return { valid: true, route: name, errors: [] };
    const at = `${pointer}/content/${pointerSegment(media)}/schema`;
    let validate = this.compiled.get(at);
    if (!validate) this.compiled.set(at, (validate = this.ajv.compile({ $ref: `${DOCUMENT_ID}${at}` })));
    const served = validate(body) ? [] : (validate.errors ?? []).map((e) => `${e.instancePath || '(body)'} ${e.message ?? e.keyword}`);
    const errors = [...served, ...this.routes.validateResponse(method, path, status, body).errors];
    return { valid: errors.length === 0, route: name, errors };
  }
}

/** One response that broke the contract, for a test's failure message. */
export interface ContractViolation {
  request: string;
  status: number;
  errors: string[];
}

/** Collects the violations of every response checked, so a suite can fail on them at its end. */
export class ContractRecorder {
  readonly violations: ContractViolation[] = [];
  checked = 0;
  private document: Promise<ServedOpenApi> | undefined;

  constructor(
    private readonly baseUrl: () => string,
    private readonly routes: RouteList,
  ) {}

  async record(method: string, path: string, status: number, body: unknown, contentType: string | null): Promise<void> {
    if (path === OPENAPI_PATH || !isCheckedPath(path)) return;
    this.document ??= ServedOpenApi.fetch(this.baseUrl(), this.routes);
    const check = (await this.document).check(method, path, status, body, contentType);
    this.checked += 1;
    if (!check.valid) this.violations.push({ request: `${method.toUpperCase()} ${path}`, status, errors: check.errors });
  }

  /** Throws with every violation, when there was one. */
  assertNone(): void {
    if (this.violations.length > 0) throw new Error(`responses that do not match the served OpenAPI document:\n${this.violations.map((v) => `${v.request} ${v.status}: ${v.errors.join('; ')}`).join('\n')}`);
  }
}
