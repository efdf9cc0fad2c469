// The second payment port: a payment system with an HTTP API. Each payment is one POST of the instruction as JSON
// with `Idempotency-Key: <reference>`; the payment system keeps the keys it has paid, so a retry (ours after a lost
// response, or the worker's after a crash) is answered 409 and never pays twice. That is also why retrying a
// request whose fate we do not know is safe.

import { z } from 'zod';
import { parsePaymentInstruction } from '../payment-instruction';
import {
  PaymentRejectedError,
  PaymentSystemUnavailableError,
  type PaymentInstruction,
  type PaymentPort,
  type PaymentReceipt,
} from '../payment-port';

export interface HttpPaymentAdapterOptions {
  /** Where payments are POSTed. */
  url: string;
  /** Sent with every request, e.g. an Authorization header. */
  headers?: Record<string, string>;
  /** Tries in all before giving up with PaymentSystemUnavailableError (default 5). */
  attempts?: number;
  /** The pause before the first retry, doubled for each further one up to `maxBackoffMs` (defaults 200, 5000). */
  backoffMs?: number;
  maxBackoffMs?: number;
  /** One request's time limit (default 10 s); running past it counts as a network error. */
  timeoutMs?: number;
  now?: () => Date;
}

/** What the payment system may answer with; a missing `sentAt` is taken as now. */
const ResponseBody = z.object({ sentAt: z.iso.datetime({ offset: true }).optional() }).catch({});

/** 408 and 429 mean "later", 5xx "not now"; neither says the payment was refused. */
const isTransient = (status: number) => status === 408 || status === 429 || status >= 500;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

class TransientResponse extends Error {
  constructor(readonly status: number) {
    super(`HTTP ${status}`);
  }
}

export class HttpPaymentAdapter implements PaymentPort {
  private readonly attempts: number;
  private readonly backoffMs: number;
  private readonly maxBackoffMs: number;
  private readonly timeoutMs: number;
  private readonly now: () => Date;

  constructor(private readonly options: HttpPaymentAdapterOptions) {
    this.attempts = options.attempts ?? 5;
    this.backoffMs = options.backoffMs ?? 200;
    this.maxBackoffMs = options.maxBackoffMs ?? 5_000;
    this.timeoutMs = options.timeoutMs ?? 10_000;
    this.now = options.now ?? (() => new Date());
  }

  async pay(input: PaymentInstruction): Promise<PaymentReceipt> {
    const instruction = parsePaymentInstruction(input);
    let lastError: unknown;
    for (let attempt = 1; attempt <= this.attempts; attempt += 1) {
      if (attempt > 1) {
        const pause = Math.min(this.backoffMs * 2 ** (attempt - 2), this.maxBackoffMs);
        await sleep(pause * (0.5 + Math.random())); // jitter: workers retrying together do not arrive together
      }
      try {
        return await this.send(instruction);
      } catch (error) {
        if (error instanceof PaymentRejectedError) throw error;
        lastError = error; // a network error, a timeout or a transient status: try again
      }
    }
    throw new PaymentSystemUnavailableError(instruction.reference, this.attempts, lastError);
  }

  private async send(instruction: PaymentInstruction): Promise<PaymentReceipt> {
    const response = await fetch(this.options.url, {
      method: 'POST',
      headers: {
        ...this.options.headers,
        'content-type': 'application/json',
        'idempotency-key': instruction.reference,
      },
      body: JSON.stringify(instruction),
      signal: AbortSignal.timeout(this.timeoutMs),
    });
    const text = await response.text();
    const status = response.status;
    if (status === 200 || status === 201 || status === 409) {
      const body = ResponseBody.parse(safeJson(text));
      return {
        reference: instruction.reference,
        status: status === 409 ? 'duplicate' : 'accepted',
        sentAt: body.sentAt ? new Date(body.sentAt).toISOString() : this.now().toISOString(),
      };
    }
    if (isTransient(status)) throw new TransientResponse(status);
    throw new PaymentRejectedError(instruction.reference, status, text);
  }
}

const safeJson = (text: string): unknown => {
  try {
    return JSON.parse(text);
  } catch {
    return {};
  }
};
