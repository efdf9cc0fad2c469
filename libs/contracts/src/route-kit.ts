import type { z } from 'zod';
import { ProblemDetailsSchema } from './problem';
import type { StaffRole } from './staff';

/** The building blocks of the route list (api-routes.ts and the route files beside it). */

export type HttpMethod = 'get' | 'post' | 'put' | 'patch' | 'delete';
export type RouteSecurity = 'municipalKey' | 'staffSession' | 'none';
export type RequestContentType = 'application/json' | 'application/x-ndjson' | 'text/csv';
export type ResponseContentType = 'application/json' | 'application/problem+json' | 'application/xml';
/** Response headers the document describes (components.headers). X-Request-Id is on every response. */
export type ResponseHeader = 'X-Request-Id' | 'Retry-After' | 'WWW-Authenticate' | 'Location' | 'Content-Disposition';

/** The error statuses the contract documents, and those the staff decisions add (409, 422). */
export const PROBLEM_STATUSES = [400, 401, 403, 404, 409, 413, 422, 429, 503] as const;
export type ProblemStatus = (typeof PROBLEM_STATUSES)[number];

export interface RouteResponse {
  description: string;
  /** Absent for a response without a body (204). */
  contentType?: ResponseContentType;
  schema?: z.ZodType;
  headers?: readonly ResponseHeader[];
}

export interface RouteBody {
  required: boolean;
  description?: string;
  content: Partial<Record<RequestContentType, z.ZodType>>;
}

export interface ApiRoute {
  operationId: string;
  method: HttpMethod;
  /** The path with `{param}`s, as in the OpenAPI document. */
  path: string;
  summary: string;
  description?: string;
  tags: readonly string[];
  security: RouteSecurity;
  /** For staff routes: a user needs one of these roles. */
  roles?: readonly StaffRole[];
  params?: z.ZodObject;
  /** Every GET has one, with `asOf`. */
  query?: z.ZodObject;
  body?: RouteBody;
  /** By status; errors are `application/problem+json` with ProblemDetails. */
  responses: Readonly<Record<number, RouteResponse>>;
}

export const API_TAGS = {
  events: 'Municipal events',
  imports: 'Municipal bulk files',
  reading: 'Municipal reading back',
  pools: 'Pools',
  staffSession: 'Staff session',
  staffPools: 'Staff pools',
  staffReference: 'Staff reference data',
} as const;

/** What each documented error means when a route does not say more. */
export const PROBLEM_DESCRIPTIONS: Record<ProblemStatus, string> = {
  400: 'The request is malformed or fails validation (`errors` says what is wrong); nothing was recorded.',
  401: 'No credentials, or unknown, expired or revoked ones.',
  403: 'The credentials are valid but not for this: another municipality, or a role the user lacks.',
  404: 'There is no such resource.',
  409: 'The decision conflicts with the current state; nothing was recorded.',
  413: 'The request is too large.',
  422: 'The decision was refused (see `reasons`); nothing was recorded.',
  429: 'Too many requests: from this municipality, or without a valid credential from this address; retry after `Retry-After` seconds.',
  503: 'The service cannot reach its database; retry after `Retry-After` seconds. Nothing was recorded.',
};

export const json = (schema: z.ZodType, description: string, headers: readonly ResponseHeader[] = []): RouteResponse => ({
  description,
  contentType: 'application/json',
  schema,
  headers: ['X-Request-Id', ...headers],
});

/** An XML file for download (`Content-Disposition: attachment`), e.g. a pain.001 payment file. */
export const xmlFile = (schema: z.ZodType, description: string): RouteResponse => ({
  description,
  contentType: 'application/xml',
  schema,
  headers: ['X-Request-Id', 'Content-Disposition'],
});

/** A problem+json response of `status`; `description` replaces the default meaning. */
export const problemResponse = (status: ProblemStatus, description: string = PROBLEM_DESCRIPTIONS[status]): RouteResponse => ({
  description,
  contentType: 'application/problem+json',
  schema: ProblemDetailsSchema,
  headers: ['X-Request-Id', ...(status === 401 ? (['WWW-Authenticate'] as const) : []), ...(status === 429 || status === 503 ? (['Retry-After'] as const) : [])],
});

export const problems = (...statuses: ProblemStatus[]): Record<number, RouteResponse> =>
  Object.fromEntries(statuses.map((status) => [status, problemResponse(status)]));

export const municipalErrors = (...more: ProblemStatus[]) => problems(400, 401, 403, 429, 503, ...more);
export const staffErrors = (...more: ProblemStatus[]) => problems(400, 401, 403, 429, 503, ...more);


export const staffDescription = (text: string, roles?: readonly StaffRole[]) =>
  `${text}${roles ? `\n\nRoles: ${roles.join(', ')}.` : ''}`;
