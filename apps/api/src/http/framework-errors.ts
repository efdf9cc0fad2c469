import type { FastifyReply, FastifyRequest } from 'fastify';
import { PROBLEM_BASE, type ProblemDetails } from '@puljeflow/contracts';

/**
 * A path parameter may be this long before the router refuses it. Course ids are up to 100 characters, each up to 3
 * when percent-encoded; past that the route's own validation answers (route-input.interceptor.ts).
 */
export const MAX_PARAM_LENGTH = 512;

/**
 * Fastify's router options and its answer to what it refuses before any route runs (a URL it cannot decode, a path
 * parameter past MAX_PARAM_LENGTH): a 400 problem+json like every other malformed request, never its own 414 JSON.
 */
export function routerOptions() {
  return {
    routerOptions: { maxParamLength: MAX_PARAM_LENGTH },
    frameworkErrors: (error: Error & { code?: string }, request: FastifyRequest, reply: FastifyReply) => {
      const detail = error.code === 'FST_ERR_MAX_PARAM_LENGTH' ? `A path parameter is longer than ${MAX_PARAM_LENGTH} characters.` : 'The URL cannot be read (bad percent-encoding).';
      const problem: ProblemDetails = { type: PROBLEM_BASE + 'malformed-request', title: 'Malformed request', status: 400, detail, instance: request.url };
      void reply.status(400).header('content-type', 'application/problem+json; charset=utf-8').send(problem);
    },
  };
}
