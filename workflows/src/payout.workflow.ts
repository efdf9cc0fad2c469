import { condition, proxyActivities, setHandler } from '@temporalio/workflow';
import type { PayoutActivities } from './activities';
import { payoutRunStatusQuery, runReleasedSignal, type PayoutRunInput, type PayoutRunPhase } from './payout.contract';

const { payoutRunState, completePayoutRun } = proxyActivities<PayoutActivities>({
  startToCloseTimeout: '1 minute',
  retry: { initialInterval: '1 second', maximumInterval: '1 minute', backoffCoefficient: 2 },
});

/** Paying is the one step that talks to the bank: a short heartbeat timeout retries it quickly on another worker. */
const { payLine } = proxyActivities<PayoutActivities>({
  startToCloseTimeout: '2 minutes',
  heartbeatTimeout: '5 seconds',
  retry: { initialInterval: '500 milliseconds', maximumInterval: '30 seconds', backoffCoefficient: 2 },
});

/**
 * One payout run: waits until finance has prepared and a second officer released it, then pays each municipality
 * once — each payment idempotent by its reference at the payment port and in the database — and completes the run.
 */
export async function payoutRunWorkflow(input: PayoutRunInput): Promise<void> {
  let phase: PayoutRunPhase = 'waiting-for-release';
  let released = false;
  let paid = 0;
  let lines = 0;
  setHandler(runReleasedSignal, () => {
    released = true;
  });
  setHandler(payoutRunStatusQuery, () => ({ ...input, phase, paid, lines }));

  // The signal wakes it at once; the store is asked again each day in case a signal was lost.
  let state = await payoutRunState(input);
  while (state.status !== 'released' && state.status !== 'completed') {
    await condition(() => released, '1 day');
    released = false;
    state = await payoutRunState(input);
  }
  if (state.status === 'released') {
    phase = 'paying';
    lines = state.references.length;
    for (const reference of state.references) {
      // A line the ledger refuses is not paid; completing the run records it as unpaid, and a later run pays what is owed.
      const { outcome } = await payLine({ ...input, reference, at: new Date().toISOString() });
      if (outcome !== 'refused') paid += 1;
    }
    await completePayoutRun({ ...input, at: new Date().toISOString() });
  }
  phase = 'completed';
}
