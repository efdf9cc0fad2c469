// The workflow bundle's entry: every workflow the worker registers.
export { poolWorkflow } from './pool.workflow';
export { payoutRunWorkflow } from './payout.workflow';
export { importWorkflow } from './import.workflow';
