import { z } from 'zod';

/** RFC 9457 problem details, with `errors` for validation problems (docs/municipal-api.md). */
export interface ProblemDetails {
  type: string;
  title: string;
  status: number;
  detail: string;
  instance?: string;
  errors?: { path: string; code: string; message: string }[];
  [extension: string]: unknown;
}

export const PROBLEM_BASE = 'https://puljeflow.dk/problems/';

/** One thing wrong with a request: where (a dotted path into the body, or `line N`), a code and a sentence. */
export const ValidationErrorSchema = z
  .object({ path: z.string(), code: z.string(), message: z.string() })
  .describe('One thing wrong with the request: a dotted path into the body (or `line N` of a file), a code and a sentence.');

/** A reason code with its sentence, as decisions give them (docs/municipal-api.md, "Reason codes for rejections"). */
export const ReasonSchema = z
  .object({ code: z.string().min(1), message: z.string() })
  .describe('A reason code (docs/municipal-api.md: SCHEMA_INVALID, UNKNOWN_POOL, … IDEMPOTENCY_KEY_REUSED, and the back office codes) with a sentence.');

/** The RFC 9457 body of every error (`application/problem+json`); more members may be added. */
export const ProblemDetailsSchema = z
  .looseObject({
    type: z.string().min(1).describe(`A URI naming the kind of problem, under ${PROBLEM_BASE}.`),
    title: z.string(),
    status: z.number().int().min(400).max(599),
    detail: z.string(),
    instance: z.string().optional(),
    errors: z.array(ValidationErrorSchema).optional().describe('For validation problems: every thing wrong with the request.'),
    reasons: z.array(ReasonSchema).optional().describe('For a refused staff decision: the reasons of the decision.'),
  })
  .describe('RFC 9457 problem details. `errors` lists what is wrong with a request that failed validation.');

/** Turns zod issues into `errors: [{ path, code, message }]` with JSON-pointer-like dotted paths. */
export function validationErrors(error: z.ZodError, prefix = ''): { path: string; code: string; message: string }[] {
  return error.issues.map((issue) => ({
    path: [prefix, ...issue.path.map(String)].filter((p) => p !== '').join('.'),
    code: issue.code,
    message: issue.message,
  }));
}
