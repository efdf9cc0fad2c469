// The workflow bundle's entry: every workflow the worker registers.
export { poolWorkflow } from './pool.workflow';
