import { z } from 'zod';

/** Read and validated once at start; a missing or wrong setting fails fast with its name. */
const WorkerConfigSchema = z.object({
  DATABASE_URL: z
    .string({ error: 'DATABASE_URL is required (a postgres:// URL; `npm start` sets it for the embedded server)' })
    .regex(/^postgres(ql)?:\/\//, 'DATABASE_URL must be a postgres:// URL'),
  TEMPORAL_ADDRESS: z
    .string({ error: 'TEMPORAL_ADDRESS is required (host:port of the Temporal frontend, e.g. 127.0.0.1:7233)' })
    .regex(/^[^\s:/]+:\d+$/, 'TEMPORAL_ADDRESS must be host:port'),
  TEMPORAL_NAMESPACE: z.string().default('default'),
  WORKER_HEALTH_PORT: z.coerce.number().int().min(0).max(65535).default(3001),
  RUN_PROJECTIONS: z.enum(['on', 'off']).default('on'),
  /** pain.001 files are written here, one per payout run (the default payment adapter). */
  PAYMENT_FILES_DIR: z.string().default('.data/payments'),
  /** When set, payments go to this payment system's HTTP API instead (idempotent by reference). */
  PAYMENT_SYSTEM_URL: z.url().optional(),
  PAYMENT_DEBTOR_NAME: z.string().default('Styrelsen for Arbejdsmarked og Rekruttering'),
  PAYMENT_DEBTOR_IBAN: z.string().default('DK5000400440116243'),
  /** Streams whose folded state this process keeps (see libs/application folded.ts). */
  PULJEFLOW_FOLD_CACHE_SIZE: z.coerce.number().int().positive().default(20_000),
  /** An import decides this many lines in one transaction… */
  PULJEFLOW_IMPORT_BATCH_LINES: z.coerce.number().int().positive().default(250),
  /** …on this many lanes side by side (lines about one course on one lane). */
  PULJEFLOW_IMPORT_LANES: z.coerce.number().int().positive().default(8),
});

export type WorkerConfig = z.infer<typeof WorkerConfigSchema>;

export function loadWorkerConfig(env: NodeJS.ProcessEnv = process.env): WorkerConfig {
  const parsed = WorkerConfigSchema.safeParse(env);
  if (!parsed.success) {
    throw new Error(`invalid configuration:\n${parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`).join('\n')}`);
  }
  return parsed.data;
}
