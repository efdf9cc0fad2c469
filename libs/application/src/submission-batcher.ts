import type { MunicipalEventEnvelope, SubmissionResult } from '@puljeflow/contracts';
import { isDatabaseUnavailable } from '@puljeflow/event-store';
import { InUse } from './in-use';
import { CredentialsRefusedError, type MunicipalEventService, type SubmissionJob } from './municipal-events.service';

export interface SubmissionBatcherOptions {
  /** A batch takes waiting requests until it holds this many events (a single larger request goes alone). */
  maxEvents: number;
  /** Batches in flight at once in this process… */
  concurrency: number;
  /**
   * …but a second (third, …) batch starts beside a running one only when at least this many events wait: small
   * requests gather in the next batch instead (fewer, larger transactions), large ones use the parallelism.
   */
  parallelFromEvents?: number;
}

type Waiting = { job: SubmissionJob; streams: string[]; resolve: (results: SubmissionResult[]) => void; reject: (error: unknown) => void };

/**
 * Group commit for municipal submissions: requests that arrive while a batch is being decided wait and go together
 * in the next one — one transaction and one write for all of them instead of one per event. A lone request goes at
 * once (nothing waits for company), so batching costs latency only when there is a queue anyway. If a batch fails,
 * its requests are decided again one by one, so one request's failure is never another's — unless the database is
 * away, which fails them all at once.
 */
export class SubmissionBatcher {
  private readonly waiting: Waiting[] = [];
  private inFlight = 0;

  /** Streams the batches in flight write. */
  private readonly writing = new InUse();

  constructor(
    private readonly service: Pick<MunicipalEventService, 'submitMany'> & Partial<Pick<MunicipalEventService, 'streamsWrittenBy'>>,
    private readonly options: SubmissionBatcherOptions = { maxEvents: 1000, concurrency: 1 },
  ) {}

  private waitingEvents = 0;

  /**
   * With `credential`, the service checks it is still valid in the transaction that decides the request; if not,
   * the promise fails with CredentialsRefusedError and nothing of the request is decided.
   */
  submit(municipalityCode: string, envelopes: MunicipalEventEnvelope[], { at = new Date(), credential }: { at?: Date; credential?: string } = {}): Promise<SubmissionResult[]> {
    return new Promise((resolve, reject) => {
      const job = { municipalityCode, envelopes, at, ...(credential === undefined ? {} : { credential }) };
      this.waiting.push({ job, streams: this.service.streamsWrittenBy?.(job) ?? [], resolve, reject });
      this.waitingEvents += envelopes.length;
      this.next();
    });
  }

  /**
   * Starts batches while there is room. A batch beside a running one takes only requests (in arrival order, from the
   * front) whose streams no running batch writes: one on a stream being written would wait for that batch's lock in
   * the database anyway, then read its events back; waiting here instead, it goes with the next batch, decided from
   * what the running one leaves (in one round trip, see MunicipalEventService).
   */
  private next(): void {
    const parallelFrom = this.options.parallelFromEvents ?? 0;
    while (this.inFlight < this.options.concurrency && this.waiting.length > 0 && (this.inFlight === 0 || this.waitingEvents >= parallelFrom)) {
      const batch: Waiting[] = [];
      let events = 0;
      while (this.waiting.length > 0 && (batch.length === 0 || events + this.waiting[0]!.job.envelopes.length <= this.options.maxEvents)) {
        if (this.inFlight > 0 && this.waiting[0]!.streams.some((id) => this.writing.has(id))) break;
        const taken = this.waiting.shift()!;
        events += taken.job.envelopes.length;
        this.waitingEvents -= taken.job.envelopes.length;
        batch.push(taken);
      }
      if (batch.length === 0) return;
      const streams = [...new Set(batch.flatMap((w) => w.streams))];
      this.writing.take(streams);
      this.inFlight++;
      void this.decide(batch).finally(() => {
        this.writing.release(streams);
        this.inFlight--;
        this.next();
      });
    }
  }

  private async decide(batch: Waiting[]): Promise<void> {
    try {
      const results = await this.service.submitMany(batch.map((w) => w.job));
      batch.forEach((w, i) => w.resolve(results[i]!));
    } catch (error) {
      if (error instanceof CredentialsRefusedError) {
        // Refused before anything was decided: those requests fail, the others go again together.
        const refused = new Set(error.jobs);
        batch.filter((_, i) => refused.has(i)).forEach((w) => w.reject(new CredentialsRefusedError([0])));
        const others = batch.filter((_, i) => !refused.has(i));
        return others.length > 0 ? this.decide(others) : undefined;
      }
      // The database being away fails every request alike (503): no point in trying them one by one.
      if (batch.length === 1 || isDatabaseUnavailable(error)) return batch.forEach((w) => w.reject(error));
      for (const w of batch) {
        await this.service.submitMany([w.job]).then(([results]) => w.resolve(results!), w.reject);
      }
    }
  }
}
