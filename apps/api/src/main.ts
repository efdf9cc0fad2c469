import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { Pool } from 'pg';
import { configureFoldCache } from '@puljeflow/application';
import { ProjectionRunner } from '@puljeflow/event-store';
import { allProjections } from '@puljeflow/read-models';
import { AppModule } from './app.module';
import { routerOptions } from './http/framework-errors';
import { applyBodyLimits, serverLimits } from './http/limits';
import { registerSecurityHeaders } from './http/security-headers';
import { ConfigError, loadConfig } from './config';
import { loadVaultKeys } from '@puljeflow/personal-data';
import { logger } from './infrastructure/logger';
import { ensurePoolWorkflows } from './infrastructure/pool-workflows';
import { EVENT_STORE, TEMPORAL_CLIENT } from './infrastructure/tokens';

/** The api process: municipal API v1 and the staff API. Stateless; run as many as the load needs. */
async function main() {
  const config = loadConfig();
  configureFoldCache({ size: config.PULJEFLOW_FOLD_CACHE_SIZE });
  const vaultKeys = loadVaultKeys(process.env);
  const adapter = new FastifyAdapter({
    loggerInstance: logger,
    disableRequestLogging: false,
    // Body limits per route, header size and the client address (docs/security.md "Limits").
    ...serverLimits(config),
    ...routerOptions(),
    // Echo the caller's X-Request-Id (docs/municipal-api.md), or make one.
    genReqId: (req: { headers: Record<string, string | string[] | undefined> }) => {
      const sent = req.headers['x-request-id'];
      return typeof sent === 'string' && /^[\w.:-]{1,128}$/.test(sent) ? sent : randomUUID();
    },
  });
  // Reference data and bulk files arrive as text (CSV, NDJSON), read as streams; JSON within its depth.
  applyBodyLimits(adapter, config);
  adapter.getInstance().addHook('onSend', async (request, reply) => {
    void reply.header('X-Request-Id', request.id);
  });
  const app = await NestFactory.create<NestFastifyApplication>(AppModule.forRoot(config, vaultKeys), adapter, { logger: ['error', 'warn'], bufferLogs: false });
  app.enableShutdownHooks();
  await registerSecurityHeaders(app);

  // Read models follow the event store in every api process too; a lock lets one process apply each batch.
  let runner: ProjectionRunner | null = null;
  if (config.RUN_PROJECTIONS === 'on') {
    const pool = new Pool({ connectionString: config.DATABASE_URL, max: 3 });
    pool.on('error', () => undefined);
    runner = new ProjectionRunner(pool, allProjections);
    runner.start();
    app.getHttpAdapter().getInstance().addHook('onClose', async () => {
      await runner?.stop();
      await pool.end();
    });
  }

  // Every opened pool has its workflow: start any that is missing (harmless when it runs already).
  ensurePoolWorkflows(app.get(EVENT_STORE), app.get(TEMPORAL_CLIENT)).catch((err) => logger.warn({ err }, 'could not reconcile pool workflows'));

  await app.listen(config.PORT, config.HOST);
  logger.info({ url: await app.getUrl() }, 'api listening');
}

main().catch((err) => {
  if (err instanceof ConfigError || (err instanceof Error && /PULJEFLOW_(PSEUDONYM|KEY_ENCRYPTION)_KEY/.test(err.message))) console.error(`api: ${err.message}`);
  else console.error(`api: failed to start: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
