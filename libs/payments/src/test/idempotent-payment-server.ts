// A tiny payment system for tests, on 127.0.0.1 only. It pays each Idempotency-Key once: a key seen before is
// answered 409 with the first receipt (422 if the body differs). Faults can be queued for the next requests:
// dropping the connection before or after paying, a status instead of an answer, or never answering.

import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export type Fault = 'drop-before-paying' | 'drop-after-paying' | 'hang' | number;

export interface TestPaymentServer {
  url: string;
  /** Every payment made, in order: one per key however often it was asked for. */
  paid: { key: string; body: unknown; sentAt: string }[];
  requests: number;
  /** Faults for the next requests, one each, in order. */
  faults: Fault[];
  close(): Promise<void>;
}

const readBody = async (request: IncomingMessage): Promise<string> => {
  let body = '';
  for await (const chunk of request) body += chunk;
  return body;
};

const json = (response: ServerResponse, status: number, body: unknown) => {
  response.writeHead(status, { 'content-type': 'application/json' });
  response.end(JSON.stringify(body));
};

export async function startTestPaymentServer(): Promise<TestPaymentServer> {
  const byKey = new Map<string, { text: string; sentAt: string }>();
  const state: Omit<TestPaymentServer, 'url' | 'close'> = { paid: [], requests: 0, faults: [] };
  let clock = Date.parse('2020-01-31T10:00:00Z');

  const server = createServer(async (request, response) => {
    state.requests += 1;
    const fault = state.faults.shift();
    const text = await readBody(request);
    const key = request.headers['idempotency-key'];
    if (fault === 'hang') return; // the client's timeout ends it
    if (fault === 'drop-before-paying') return request.socket.destroy();
    if (typeof fault === 'number') return json(response, fault, { error: 'fault injected' });
    if (request.method !== 'POST' || typeof key !== 'string') return json(response, 400, { error: 'no key' });
    const body = JSON.parse(text) as { reference?: string };
    if (body.reference !== key) return json(response, 422, { error: 'key is not the reference' });

    const earlier = byKey.get(key);
    if (earlier) {
      return earlier.text === text ? json(response, 409, { sentAt: earlier.sentAt }) : json(response, 422, {});
    }
    clock += 1_000;
    const sentAt = new Date(clock).toISOString();
    byKey.set(key, { text, sentAt });
    state.paid.push({ key, body, sentAt });
    if (fault === 'drop-after-paying') return request.socket.destroy();
    json(response, 201, { sentAt });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return Object.assign(state, {
    url: `http://127.0.0.1:${port}/payments`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  });
}
