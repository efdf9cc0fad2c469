import type { z } from 'zod';

/** RFC 9457 problem details, with `errors` for validation problems (municipal-api.md). */
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

/** Turns zod issues into `errors: [{ path, code, message }]` with JSON-pointer-like dotted paths. */
export function validationErrors(error: z.ZodError, prefix = ''): { path: string; code: string; message: string }[] {
  return error.issues.map((issue) => ({
    path: [prefix, ...issue.path.map(String)].filter((p) => p !== '').join('.'),
    code: issue.code,
    message: issue.message,
  }));
}
