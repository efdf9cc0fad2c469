// Preloaded (NODE_OPTIONS=--require) into the worker processes of payout-crash.e2e.spec.ts: the worker keeps no
// workflow cache, so it asks for no sticky task queue. The time-skipping test server sends a workflow's next task to
// the sticky queue of the worker that ran its last one and, unlike the real server, never moves it to the normal
// queue when that worker is gone: a SIGKILLed worker would hold its workflows for ever. Without a cache every task
// goes to the normal queue and is replayed from history, as the real server does after its sticky timeout.
const { isMainThread } = require('node:worker_threads');

if (isMainThread) {
  const { Worker } = require('@temporalio/worker');
  const create = Worker.create.bind(Worker);
  Worker.create = (options) => create({ ...options, maxCachedWorkflows: 0 });
}
