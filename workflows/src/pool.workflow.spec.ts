import { TestWorkflowEnvironment } from '@temporalio/testing';
import { DefaultLogger, Runtime, Worker } from '@temporalio/worker';

import { temporalTestServerPath } from '@puljeflow/test-support';
import type { PoolActivities } from './activities';
import { deadlinesAmendedSignal, poolStatusQuery, poolWorkflowId, type PoolWorkflowInput } from './pool.contract';

jest.setTimeout(120_000);

/** The pool workflow on the real time-skipping test server: it waits for absolute instants and follows amendments. */
describe('pool workflow', () => {
  let env: TestWorkflowEnvironment;

  beforeAll(async () => {
    Runtime.install({ logger: new DefaultLogger('WARN') });
    env = await TestWorkflowEnvironment.createTimeSkipping({ server: { executable: { type: 'existing-path', path: temporalTestServerPath() } } });
  });

  afterAll(async () => {
    await env?.teardown();
  });

  function recordingActivities(calls: { poolId: string; at: string }[]): PoolActivities {
    return {
      async allocatePool(input) {
        calls.push(input);
        return { outcome: 'allocated', lapsedOre: 0 };
      },
    };
  }

  async function withWorker<T>(taskQueue: string, activities: PoolActivities, fn: () => Promise<T>): Promise<T> {
    const worker = await Worker.create({ connection: env.nativeConnection, taskQueue, workflowsPath: require.resolve('./index'), activities });
    return worker.runUntil(fn());
  }

  it('runs the allocation once, at the interest deadline and not before', async () => {
    const calls: { poolId: string; at: string }[] = [];
    const start = await env.currentTimeMs();
    const deadline = new Date(start + 3 * 24 * 3600_000).toISOString();
    const input: PoolWorkflowInput = { poolId: 'wf-a', interestDeadline: deadline };
    await withWorker('wf-a', recordingActivities(calls), async () => {
      const handle = await env.client.workflow.start('poolWorkflow', { workflowId: poolWorkflowId('wf-a'), taskQueue: 'wf-a', args: [input] });
      await env.sleep('2 days');
      expect(calls).toHaveLength(0);
      expect(await handle.query(poolStatusQuery)).toEqual(expect.objectContaining({ phase: 'waiting-for-interest-deadline', nextDeadline: { name: 'interestDeadline', at: deadline } }));
      await handle.result();
    });
    expect(calls).toHaveLength(1);
    expect(Date.parse(calls[0]!.at)).toBeGreaterThanOrEqual(Date.parse(deadline));
  });

  it('follows an amendment that moves the deadline while it waits, without a restart', async () => {
    const calls: { poolId: string; at: string }[] = [];
    const start = await env.currentTimeMs();
    const first = new Date(start + 24 * 3600_000).toISOString();
    const moved = new Date(start + 5 * 24 * 3600_000).toISOString();
    await withWorker('wf-b', recordingActivities(calls), async () => {
      const handle = await env.client.workflow.start('poolWorkflow', { workflowId: poolWorkflowId('wf-b'), taskQueue: 'wf-b', args: [{ poolId: 'wf-b', interestDeadline: first }] });
      await handle.signal(deadlinesAmendedSignal, { interestDeadline: moved });
      await env.sleep('3 days');
      expect(calls).toHaveLength(0);
      await handle.result();
    });
    expect(calls).toHaveLength(1);
    expect(Date.parse(calls[0]!.at)).toBeGreaterThanOrEqual(Date.parse(moved));
  });
});
