import type { Socket } from 'node:net';
import type { Readable } from 'node:stream';
import type { FastifyAdapter } from '@nestjs/platform-fastify';
import type { FastifyRequest } from 'fastify';
import { EVENTS_BODY_LIMIT_BYTES, MAX_IMPORT_LINES, PROBLEM_BASE } from '@puljeflow/contracts';
import type { Config } from '../config';
import { MAX_JSON_DEPTH, nestsDeeperThan } from './json-depth';
import { BASELINE_HEADERS } from './security-headers';

/** Any body of a route not named in `routeBodyLimits`: a staff decision, a pool definition, a sign-in. */
export const DEFAULT_BODY_LIMIT_BYTES = 256 * 1024;
/** A labour-market balance file: a line per municipality and area, a few hundred kB. */
export const REFERENCE_DATA_BODY_LIMIT_BYTES = 8 * 1024 * 1024;

const EVENTS_ROUTE = 'POST /api/v1/municipalities/:municipalityCode/events';
const IMPORTS_ROUTE = 'POST /api/v1/municipalities/:municipalityCode/imports';

/** The body limit of each route that carries more than the default (docs/security.md "Limits"). */
export function routeBodyLimits(config: Pick<Config, 'IMPORT_MAX_BYTES'>): Record<string, number> {
  return {
    [EVENTS_ROUTE]: EVENTS_BODY_LIMIT_BYTES,
    [IMPORTS_ROUTE]: config.IMPORT_MAX_BYTES,
    'POST /api/v1/staff/reference-data/labour-market-balance': REFERENCE_DATA_BODY_LIMIT_BYTES,
  };
}

/** Line breaks a bulk file may hold: MAX_IMPORT_LINES lines, and a CSV file's header. */
const IMPORT_LINE_BREAKS = MAX_IMPORT_LINES + 1;

/** Fastify's server options for the limits: the default body limit, header size, proxies trusted for the client address. */
export function serverLimits(config: Pick<Config, 'MAX_HEADER_BYTES' | 'TRUSTED_PROXIES'>) {
  const proxies = config.TRUSTED_PROXIES.split(',').map((p) => p.trim()).filter(Boolean);
  return {
    bodyLimit: DEFAULT_BODY_LIMIT_BYTES,
    http: { maxHeaderSize: config.MAX_HEADER_BYTES },
    trustProxy: proxies.length > 0 ? proxies : false,
    clientErrorHandler: answerClientError,
  };
}

const tooLarge = (detail: string) => Object.assign(new Error(detail), { statusCode: 413 });

/**
 * Each route's body limit, set as fastify registers the route: a body over it is refused 413 before it is parsed (at
 * once from its Content-Length, else as soon as the bytes read pass it, and the connection is closed). JSON is
 * checked for its nesting depth before it is parsed; text bodies (CSV, NDJSON) are read as a stream that stops at the
 * limit, and a bulk file also at its line limit.
 */
export function applyBodyLimits(adapter: FastifyAdapter, config: Pick<Config, 'IMPORT_MAX_BYTES'>): void {
  const limits = routeBodyLimits(config);
  const instance = adapter.getInstance();
  instance.addHook('onRoute', (route) => {
    for (const method of [route.method].flat()) {
      const limit = limits[`${method} ${route.url}`];
      if (limit !== undefined) route.bodyLimit = limit;
    }
  });
  const parseJson = instance.getDefaultJsonParser('error', 'error');
  adapter.useBodyParser('application/json', false, { bodyLimit: DEFAULT_BODY_LIMIT_BYTES }, (request: FastifyRequest, body: Buffer, done: (err: Error | null, value?: unknown) => void) => {
    if (nestsDeeperThan(body, MAX_JSON_DEPTH)) {
      done(Object.assign(new Error(`The JSON body nests objects and arrays deeper than ${MAX_JSON_DEPTH} levels.`), { statusCode: 400 }));
      return;
    }
    parseJson(request, body.toString('utf8'), done);
  });
  instance.addContentTypeParser(['text/csv', 'text/plain', 'application/x-ndjson'], (request, payload, done) => {
    const lineBreaks = `${request.method} ${request.routeOptions.url}` === IMPORTS_ROUTE ? IMPORT_LINE_BREAKS : Infinity;
    readText(payload, request.routeOptions.bodyLimit, lineBreaks, Number(request.headers['content-length'])).then((text) => done(null, text), done);
  });
}

/** Reads a text body, refusing it (413) as soon as it passes `maxBytes` or `maxLineBreaks`, without reading the rest. */
function readText(payload: Readable, maxBytes: number, maxLineBreaks: number, contentLength: number): Promise<string> {
  if (contentLength > maxBytes) return Promise.reject(tooLarge(`The body is ${contentLength} bytes; this route takes at most ${maxBytes}.`));
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let bytes = 0;
    let lineBreaks = 0;
    const stop = (err: Error) => {
      payload.off('data', onData).off('end', onEnd).off('error', stop);
      reject(err);
    };
    const onData = (chunk: Buffer) => {
      bytes += chunk.length;
      if (bytes > maxBytes) return stop(tooLarge(`The body is over ${maxBytes} bytes, the most this route takes.`));
      for (let i = chunk.indexOf(0x0a); i !== -1; i = chunk.indexOf(0x0a, i + 1)) lineBreaks++;
      if (lineBreaks > maxLineBreaks) return stop(tooLarge(`A file holds at most ${MAX_IMPORT_LINES} lines; this one has more. Split it.`));
      chunks.push(chunk);
    };
    const onEnd = () => resolve(Buffer.concat(chunks).toString('utf8'));
    payload.on('data', onData).on('end', onEnd).on('error', stop);
  });
}

const CLIENT_ERRORS: Record<string, [number, string, string]> = {
  HPE_HEADER_OVERFLOW: [431, 'Request header fields too large', 'The request headers are larger than this server takes.'],
  ERR_HTTP_REQUEST_TIMEOUT: [408, 'Request timeout', 'The request took too long to arrive.'],
};

/** A request Node could not read (headers too large, malformed, too slow): answered problem+json, then the connection closed. */
function answerClientError(err: Error & { code?: string }, socket: Socket): void {
  if (err.code === 'ECONNRESET' || socket.destroyed) return;
  const [status, title, detail] = CLIENT_ERRORS[err.code ?? ''] ?? [400, 'Malformed request', 'The request is not valid HTTP.'];
  const body = JSON.stringify({ type: PROBLEM_BASE + (status === 400 ? 'malformed-request' : `http-${status}`), title, status, detail });
  const headers = { ...BASELINE_HEADERS, 'Content-Type': 'application/problem+json; charset=utf-8', 'Content-Length': String(Buffer.byteLength(body)), Connection: 'close' };
  if (socket.writable) socket.write(`HTTP/1.1 ${status} ${title}\r\n${Object.entries(headers).map(([k, v]) => `${k}: ${v}`).join('\r\n')}\r\n\r\n${body}`);
  socket.destroy(err);
}
