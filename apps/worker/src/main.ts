import http from 'node:http';
import { Pool } from 'pg';
import { NativeConnection } from '@temporalio/worker';
import { configureFoldCache, ImportService, MunicipalEventService, PayoutService, PoolService, submissionHashKey } from '@puljeflow/application';
import { CitizenVault, loadVaultKeys } from '@puljeflow/personal-data';
import { createPaymentPort, paymentParties } from './payments';
import { EventStore, ProjectionRunner } from '@puljeflow/event-store';
import { allProjections } from '@puljeflow/read-models';
import { createActivities } from './activities';
import { loadWorkerConfig } from './config';
import { createWorker } from './worker';

/** The worker process: Temporal workflows and activities, and the read-model projections. Stateless; scale out. */
async function main() {
  const config = loadWorkerConfig();
  configureFoldCache({ size: config.PULJEFLOW_FOLD_CACHE_SIZE });
  // Pipelined as the api's pool: an import's write batches send BEGIN and COMMIT along with other statements.
  const pool = new Pool({ connectionString: config.DATABASE_URL, max: 10, pipeline: true });
  pool.on('error', () => undefined);
  // The run lock of the pain.001 files on connections of its own: a payment is made inside a transaction that holds
  // one of `pool`'s, so waiting for another there could starve (every connection a payment waiting for the lock).
  const lockPool = new Pool({ connectionString: config.DATABASE_URL, max: 2 });
  lockPool.on('error', () => undefined);
  const store = new EventStore(pool);
  const pools = new PoolService(store);
  // Imports decide course starts too, so the worker needs the vault keys the api has.
  const keys = loadVaultKeys(process.env);
  const events = new MunicipalEventService(store, { vault: new CitizenVault({ pool, ...keys }), hashKey: submissionHashKey(keys.pseudonymKey) });

  const connection = await NativeConnection.connect({ address: config.TEMPORAL_ADDRESS });
  const worker = await createWorker({ connection, namespace: config.TEMPORAL_NAMESPACE, activities: createActivities({ pools, payouts: new PayoutService(store), port: createPaymentPort(config, lockPool), parties: paymentParties(config), imports: new ImportService(pool, { batchLines: config.PULJEFLOW_IMPORT_BATCH_LINES, lanes: config.PULJEFLOW_IMPORT_LANES }), events }) });

  const runner = config.RUN_PROJECTIONS === 'on' ? new ProjectionRunner(pool, allProjections) : null;
  runner?.start();

  const health = http.createServer((req, res) => {
    const state = worker.getState();
    const ok = state === 'RUNNING';
    res.writeHead(ok ? 200 : 503, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ status: ok ? 'ok' : 'unavailable', worker: state, taskQueue: worker.options.taskQueue }));
  });
  health.listen(config.WORKER_HEALTH_PORT, '127.0.0.1');

  const shutdown = () => worker.shutdown();
  process.once('SIGINT', shutdown);
  process.once('SIGTERM', shutdown);

  console.log(JSON.stringify({ msg: 'worker started', taskQueue: worker.options.taskQueue, healthPort: config.WORKER_HEALTH_PORT }));
  await worker.run();
  await runner?.stop();
  health.close();
  await connection.close();
  await Promise.all([pool.end(), lockPool.end()]);
}

main().catch((err) => {
  console.error(`worker: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
