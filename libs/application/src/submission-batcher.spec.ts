import type { MunicipalEventEnvelope, SubmissionResult } from '@puljeflow/contracts';
import { CredentialsRefusedError, type SubmissionJob } from './municipal-events.service';
import { SubmissionBatcher } from './submission-batcher';

const envelope = (eventId: string): MunicipalEventEnvelope =>
  ({ eventId, type: 'InterestWithdrawn', occurredAt: '2026-01-01T00:00:00+01:00', data: { poolId: 'p' } }) as MunicipalEventEnvelope;

/** A service that answers each event as accepted after the test lets a batch finish; `failIf` fails batches. */
function controlledService(failIf: (jobs: SubmissionJob[]) => boolean = () => false) {
  const calls: SubmissionJob[][] = [];
  const gates: Array<() => void> = [];
  return {
    calls,
    finishNext: async () => {
      while (gates.length === 0) await new Promise((r) => setImmediate(r));
      gates.shift()!();
      await new Promise((r) => setImmediate(r));
    },
    submitMany: async (jobs: SubmissionJob[]): Promise<SubmissionResult[][]> => {
      calls.push(jobs);
      await new Promise<void>((r) => gates.push(r));
      if (failIf(jobs)) throw new Error('batch failed');
      return jobs.map((job) => job.envelopes.map((e) => ({ eventId: e.eventId, status: 'accepted', position: '1' }) as SubmissionResult));
    },
  };
}

describe('SubmissionBatcher', () => {
  it('sends a lone request at once, and gathers the requests that arrive meanwhile into the next batch', async () => {
    const service = controlledService();
    const batcher = new SubmissionBatcher(service, { maxEvents: 100, concurrency: 1 });
    const first = batcher.submit('101', [envelope('a')]);
    await new Promise((r) => setImmediate(r));
    expect(service.calls).toHaveLength(1);
    const waiting = [batcher.submit('147', [envelope('b')]), batcher.submit('151', [envelope('c'), envelope('d')])];
    await new Promise((r) => setImmediate(r));
    expect(service.calls).toHaveLength(1);
    await service.finishNext();
    expect((await first).map((r) => r.eventId)).toEqual(['a']);
    expect(service.calls).toHaveLength(2);
    expect(service.calls[1]!.map((j) => j.municipalityCode)).toEqual(['147', '151']);
    await service.finishNext();
    const [b, cd] = await Promise.all(waiting);
    expect(b!.map((r) => r.eventId)).toEqual(['b']);
    expect(cd!.map((r) => r.eventId)).toEqual(['c', 'd']);
  });

  it('keeps a batch within maxEvents, but a single larger request still goes', async () => {
    const service = controlledService();
    const batcher = new SubmissionBatcher(service, { maxEvents: 3, concurrency: 1 });
    const all = [
      batcher.submit('101', [envelope('a')]),
      batcher.submit('101', [envelope('b'), envelope('c')]),
      batcher.submit('101', [envelope('d'), envelope('e')]),
      batcher.submit('101', [envelope('f'), envelope('g'), envelope('h'), envelope('i')]),
    ];
    for (let i = 0; i < 4; i++) await service.finishNext().catch(() => undefined);
    await Promise.all(all);
    expect(service.calls.map((jobs) => jobs.map((j) => j.envelopes.length))).toEqual([[1], [2], [2], [4]]);
  });

  it('runs up to `concurrency` batches at once', async () => {
    const service = controlledService();
    const batcher = new SubmissionBatcher(service, { maxEvents: 1, concurrency: 2 });
    const all = ['a', 'b', 'c'].map((id) => batcher.submit('101', [envelope(id)]));
    await new Promise((r) => setImmediate(r));
    expect(service.calls).toHaveLength(2);
    for (let i = 0; i < 3; i++) await service.finishNext();
    await Promise.all(all);
    expect(service.calls).toHaveLength(3);
  });

  it('beside a running batch, starts only requests whose streams it does not write; the others wait and go together next', async () => {
    const service = { ...controlledService(), streamsWrittenBy: (job: Pick<SubmissionJob, 'envelopes'>) => job.envelopes.map((e) => `pool-${(e.data as { poolId: string }).poolId}`) };
    const on = (poolId: string, id: string) => ({ ...envelope(id), data: { poolId } }) as MunicipalEventEnvelope;
    const batcher = new SubmissionBatcher(service, { maxEvents: 100, concurrency: 4, parallelFromEvents: 1 });
    const all = [batcher.submit('101', [on('x', 'a')])];
    await new Promise((r) => setImmediate(r));
    // x is being written: b and c (on x) wait, and so does d behind them (arrival order is kept).
    all.push(batcher.submit('147', [on('x', 'b')]), batcher.submit('151', [on('x', 'c')]), batcher.submit('153', [on('y', 'd')]));
    await new Promise((r) => setImmediate(r));
    expect(service.calls.map((jobs) => jobs.map((j) => j.municipalityCode))).toEqual([['101']]);
    await service.finishNext();
    // Together once x is free.
    expect(service.calls.map((jobs) => jobs.map((j) => j.municipalityCode))).toEqual([['101'], ['147', '151', '153']]);
    // A request on another stream goes beside the running batch.
    all.push(batcher.submit('155', [on('z', 'e')]));
    await new Promise((r) => setImmediate(r));
    expect(service.calls.map((jobs) => jobs.map((j) => j.municipalityCode))).toEqual([['101'], ['147', '151', '153'], ['155']]);
    await service.finishNext();
    await service.finishNext();
    expect((await Promise.all(all)).map((r) => r[0]!.eventId)).toEqual(['a', 'b', 'c', 'd', 'e']);
  });

  it('when a batch fails, decides its requests one by one: only the culprit fails', async () => {
    const service = controlledService((jobs) => jobs.some((j) => j.envelopes.some((e) => e.eventId === 'bad')));
    const batcher = new SubmissionBatcher(service, { maxEvents: 100, concurrency: 1 });
    const first = batcher.submit('101', [envelope('a')]);
    await new Promise((r) => setImmediate(r));
    const good = batcher.submit('147', [envelope('b')]);
    const bad = batcher.submit('151', [envelope('bad')]);
    const caught = bad.catch((e: Error) => e.message);
    await service.finishNext(); // a
    await service.finishNext(); // b + bad together: fails
    await service.finishNext(); // b alone
    await service.finishNext(); // bad alone
    expect((await first)[0]!.eventId).toBe('a');
    expect((await good)[0]!.status).toBe('accepted');
    expect(await caught).toBe('batch failed');
    expect(service.calls.map((jobs) => jobs.map((j) => j.municipalityCode))).toEqual([['101'], ['147', '151'], ['147'], ['151']]);
  });
});

describe('SubmissionBatcher with credentials', () => {
  it('fails the requests whose credentials were refused and decides the others again together, passing each credential on', async () => {
    const calls: SubmissionJob[][] = [];
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const batcher = new SubmissionBatcher(
      {
        submitMany: async (jobs: SubmissionJob[]) => {
          calls.push(jobs);
          await gate;
          const refused = jobs.flatMap((j, i) => (j.credential === 'revoked' ? [i] : []));
          if (refused.length > 0) throw new CredentialsRefusedError(refused);
          return jobs.map((job) => job.envelopes.map((e) => ({ eventId: e.eventId, status: 'accepted', position: '1' }) as SubmissionResult));
        },
      },
      { maxEvents: 100, concurrency: 1 },
    );
    const first = batcher.submit('101', [envelope('a')], { credential: 'k101' });
    await new Promise((r) => setImmediate(r));
    const others = [
      batcher.submit('147', [envelope('b')], { credential: 'revoked' }),
      batcher.submit('151', [envelope('c')], { credential: 'k151' }),
      batcher.submit('153', [envelope('d')], { credential: 'revoked' }),
    ];
    release();
    expect((await first)[0]!.eventId).toBe('a');
    await expect(others[0]).rejects.toBeInstanceOf(CredentialsRefusedError);
    expect((await others[1]!)[0]!.eventId).toBe('c');
    await expect(others[2]).rejects.toBeInstanceOf(CredentialsRefusedError);
    expect(calls.map((jobs) => jobs.map((j) => `${j.municipalityCode}:${j.credential}`))).toEqual([['101:k101'], ['147:revoked', '151:k151', '153:revoked'], ['151:k151']]);
  });
});

describe('SubmissionBatcher when the database is away', () => {
  it('fails every request of the batch at once instead of trying them one by one', async () => {
    let calls = 0;
    const unavailable = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' });
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const batcher = new SubmissionBatcher(
      {
        submitMany: async () => {
          calls++;
          await gate;
          throw unavailable;
        },
      },
      { maxEvents: 100, concurrency: 1 },
    );
    const first = batcher.submit('101', [envelope('a')]).catch((e: Error) => e);
    await new Promise((r) => setImmediate(r));
    const rest = ['b', 'c', 'd'].map((id) => batcher.submit('101', [envelope(id)]).catch((e: Error) => e));
    release();
    for (const failed of await Promise.all([first, ...rest])) expect(failed).toBe(unavailable);
    // The lone first request, then the batch of three: two attempts, not five.
    expect(calls).toBe(2);
  });
});

describe('SubmissionBatcher with parallelFromEvents', () => {
  it('starts a batch beside a running one only when enough events wait', async () => {
    const service = controlledService();
    const batcher = new SubmissionBatcher(service, { maxEvents: 1000, concurrency: 2, parallelFromEvents: 3 });
    const all = [batcher.submit('101', [envelope('a')])];
    await new Promise((r) => setImmediate(r));
    all.push(batcher.submit('147', [envelope('b')]), batcher.submit('151', [envelope('c')]));
    await new Promise((r) => setImmediate(r));
    // Two small requests wait for the running batch instead of starting a second one…
    expect(service.calls).toHaveLength(1);
    all.push(batcher.submit('153', [envelope('d')]));
    await new Promise((r) => setImmediate(r));
    // …until three events wait: then they go beside it.
    expect(service.calls).toHaveLength(2);
    expect(service.calls[1]!.map((j) => j.municipalityCode)).toEqual(['147', '151', '153']);
    await service.finishNext();
    await service.finishNext();
    await Promise.all(all);
  });
});
