import { Global, Inject, Module, type OnApplicationShutdown } from '@nestjs/common';
import { Client, Connection } from '@temporalio/client';
import { Pool } from 'pg';
import type { DataSource } from 'typeorm';
import { EventStore } from '@puljeflow/event-store';
import { createDataSource } from '@puljeflow/read-models';
import { CitizenVault, type VaultKeys } from '@puljeflow/personal-data';
import type { Config } from '../config';
import { CITIZEN_VAULT, CONFIG, DATA_SOURCE, EVENT_STORE, PG_POOL, TEMPORAL_CLIENT, VAULT_KEYS } from './tokens';

/** Connections to PostgreSQL (event store and read models) and to Temporal, made once per process. */
@Global()
@Module({})
export class InfrastructureModule implements OnApplicationShutdown {
  static forRoot(config: Config, vaultKeys: VaultKeys) {
    return {
      module: InfrastructureModule,
      providers: [
        { provide: CONFIG, useValue: config },
        { provide: VAULT_KEYS, useValue: vaultKeys },
        { provide: CITIZEN_VAULT, useFactory: (pool: Pool) => new CitizenVault({ pool, ...vaultKeys }), inject: [PG_POOL] },
        {
          provide: PG_POOL,
          useFactory: () => {
            // Pipelined: statements sent together (a write batch's BEGIN with its first statement, COMMIT with its
            // last) go in one round trip; statements awaited one by one behave as on any connection.
            const pool = new Pool({ connectionString: config.DATABASE_URL, max: 20, connectionTimeoutMillis: 5000, pipeline: true });
            // An idle client losing its connection (database restart) must not crash the process.
            pool.on('error', () => undefined);
            return pool;
          },
        },
        { provide: EVENT_STORE, useFactory: (pool: Pool) => new EventStore(pool), inject: [PG_POOL] },
        {
          provide: DATA_SOURCE,
          useFactory: async () => {
            const ds = createDataSource(config.DATABASE_URL);
            await ds.initialize();
            return ds;
          },
        },
        {
          provide: TEMPORAL_CLIENT,
          useFactory: async () => {
            const connection = await Connection.connect({ address: config.TEMPORAL_ADDRESS, connectTimeout: '10 seconds' });
            return new Client({ connection, namespace: config.TEMPORAL_NAMESPACE });
          },
        },
      ],
      exports: [CONFIG, VAULT_KEYS, CITIZEN_VAULT, PG_POOL, EVENT_STORE, DATA_SOURCE, TEMPORAL_CLIENT],
    };
  }

  constructor(
    @Inject(PG_POOL) private readonly pool: Pool,
    @Inject(DATA_SOURCE) private readonly dataSource: DataSource,
    @Inject(TEMPORAL_CLIENT) private readonly temporal: Client,
  ) {}

  async onApplicationShutdown(): Promise<void> {
    await this.temporal.connection.close().catch(() => undefined);
    await this.dataSource.destroy().catch(() => undefined);
    await this.pool.end().catch(() => undefined);
  }
}
