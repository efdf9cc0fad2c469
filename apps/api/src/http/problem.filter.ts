import { type ArgumentsHost, Catch, type ExceptionFilter, HttpException } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { PROBLEM_BASE, type ProblemDetails } from '@puljeflow/contracts';
import { isDatabaseUnavailable, StreamVersionConflictError } from '@puljeflow/event-store';
import { ProblemError } from './problem';
import { logger } from '../infrastructure/logger';

/** The one place that turns errors into application/problem+json. */
@Catch()
export class ProblemFilter implements ExceptionFilter {
  catch(exception: unknown, host: ArgumentsHost): void {
    const ctx = host.switchToHttp();
    const reply = ctx.getResponse<FastifyReply>();
    const request = ctx.getRequest<FastifyRequest>();
    const { problem, headers } = toProblem(exception, request);
    if (problem.status >= 500) logger.error({ err: exception, reqId: request.id, url: request.url, status: problem.status }, 'request failed');
    for (const [k, v] of Object.entries(headers)) void reply.header(k, v);
    void reply.status(problem.status).header('content-type', 'application/problem+json; charset=utf-8').send(problem);
  }
}

export function toProblem(exception: unknown, request: FastifyRequest): { problem: ProblemDetails; headers: Record<string, string> } {
  const instance = request.url;
  if (exception instanceof ProblemError) return { problem: exception.toProblem(instance), headers: exception.headers };
  if (exception instanceof StreamVersionConflictError) {
    // Writers lock the streams they change, so this is rare: another writer won every retry. Nothing was recorded.
    return { problem: { type: PROBLEM_BASE + 'concurrent-change', title: 'Concurrent change', status: 409, detail: 'The same data was being changed by another request; nothing was recorded. Send the request again.', instance }, headers: { 'Retry-After': '1' } };
  }
  if (isDatabaseUnavailable(exception)) {
    return { problem: { type: PROBLEM_BASE + 'unavailable', title: 'Service unavailable', status: 503, detail: 'The database cannot be reached; try again shortly.', instance }, headers: { 'Retry-After': '5' } };
  }
  // Errors fastify raises while reading the body (bad JSON, too large, wrong content type) carry a statusCode.
  const fastifyError = exception as { statusCode?: number; code?: string; message?: string };
  if (!(exception instanceof HttpException) && typeof fastifyError.statusCode === 'number' && fastifyError.statusCode < 500) {
    const status = fastifyError.statusCode;
    const slug = status === 413 ? 'too-large' : status === 415 ? 'unsupported-media-type' : 'malformed-request';
    const title = status === 413 ? 'Request too large' : status === 415 ? 'Unsupported media type' : 'Malformed request';
    return { problem: { type: PROBLEM_BASE + slug, title, status, detail: fastifyError.message ?? title, instance }, headers: {} };
  }
  if (exception instanceof HttpException) {
    const status = exception.getStatus();
    const title = status === 404 ? 'Not found' : status === 413 ? 'Request too large' : exception.name.replace(/Exception$/, '');
    const detail = status === 404 ? `No route for ${request.method} ${request.url.split('?')[0]}` : exception.message;
    const slug = status === 404 ? 'not-found' : status === 413 ? 'too-large' : 'http-' + status;
    return { problem: { type: PROBLEM_BASE + slug, title, status, detail, instance }, headers: {} };
  }
  return { problem: { type: PROBLEM_BASE + 'internal', title: 'Internal error', status: 500, detail: 'An unexpected error occurred; it has been logged.', instance }, headers: {} };
}
