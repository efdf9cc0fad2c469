import { z } from 'zod';

/** Read and validated once at start; a missing or wrong setting fails fast with its name and a hint. */
const ConfigSchema = z.object({
  DATABASE_URL: z
    .string({ error: 'DATABASE_URL is required (a postgres:// URL; `npm start` sets it for the embedded server)' })
    .regex(/^postgres(ql)?:\/\//, 'DATABASE_URL must be a postgres:// URL'),
  TEMPORAL_ADDRESS: z
    .string({ error: 'TEMPORAL_ADDRESS is required (host:port of the Temporal frontend, e.g. 127.0.0.1:7233)' })
    .regex(/^[^\s:/]+:\d+$/, 'TEMPORAL_ADDRESS must be host:port'),
  TEMPORAL_NAMESPACE: z.string().default('default'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().default('127.0.0.1'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  RUN_PROJECTIONS: z.enum(['on', 'off']).default('on'),
  /** A staff session's lifetime from sign-in (a fraction is fine); sign-out and disabling the account end it sooner. */
  STAFF_SESSION_HOURS: z.coerce.number().positive().default(12),
  /** Proxies whose X-Forwarded-For names the client (comma-separated addresses or CIDRs); none by default. */
  TRUSTED_PROXIES: z.string().default(''),
  /** Staff sign-in (docs/security.md): wrong passwords free per account and address before a lockout… */
  SIGN_IN_FREE_FAILURES: z.coerce.number().int().nonnegative().default(5),
  /** …which then doubles from 1 s with each further one, up to this many seconds (failures are forgotten after it). */
  SIGN_IN_LOCKOUT_MAX_SECONDS: z.coerce.number().int().positive().default(900),
  /** Sign-in attempts per client address (a right password gives its token back): a burst… */
  SIGN_IN_PER_ADDRESS_BURST: z.coerce.number().int().positive().default(20),
  /** …refilled at this many a minute. */
  SIGN_IN_PER_ADDRESS_PER_MINUTE: z.coerce.number().positive().default(10),
  /** Wrong passwords per account from addresses it has not signed in from: a burst, refilled at this many a minute. */
  SIGN_IN_ACCOUNT_FAILURES_BURST: z.coerce.number().int().positive().default(30),
  SIGN_IN_ACCOUNT_FAILURES_PER_MINUTE: z.coerce.number().positive().default(10),
  /** argon2 verifications per api process: a burst, refilled at this many a second (the rest answered 429). */
  ARGON2_VERIFY_BURST: z.coerce.number().int().positive().default(20),
  ARGON2_VERIFY_PER_SECOND: z.coerce.number().positive().default(5),
  /** Requests with no valid credential per client address and api process: a burst, refilled at this many a second. */
  UNAUTHENTICATED_BURST: z.coerce.number().int().positive().default(100),
  UNAUTHENTICATED_PER_SECOND: z.coerce.number().positive().default(2),
  /** Bulk files (`POST …/imports`) are read as a stream and refused 413 past this many bytes. */
  IMPORT_MAX_BYTES: z.coerce.number().int().positive().default(64 * 1024 * 1024),
  /** Node's limit on a request's header section (431 beyond it). */
  MAX_HEADER_BYTES: z.coerce.number().int().min(1024).default(8 * 1024),
  /** Per municipality and api process: a burst of this many requests… */
  RATE_LIMIT_BURST: z.coerce.number().int().positive().default(600),
  /** …refilled at this many requests per second. */
  RATE_LIMIT_PER_SECOND: z.coerce.number().positive().default(100),
  /** Group commit: requests waiting while a batch is decided go in the next one, up to this many events… */
  SUBMISSION_BATCH_MAX_EVENTS: z.coerce.number().int().positive().default(1000),
  /** …with up to this many batches in flight at once per api process… */
  SUBMISSION_BATCH_CONCURRENCY: z.coerce.number().int().positive().default(4),
  /** …a second one starting beside a running batch only when this many events wait (small requests gather instead). */
  SUBMISSION_BATCH_PARALLEL_FROM_EVENTS: z.coerce.number().int().nonnegative().default(64),
  /** Where the worker writes a pain.001 file per payout run; the api serves them from here for download. */
  PAYMENT_FILES_DIR: z.string().default('.data/payments'),
  /** The initiating party of those files (as the worker's), so a file read as of an earlier instant is built alike. */
  PAYMENT_DEBTOR_NAME: z.string().default('Styrelsen for Arbejdsmarked og Rekruttering'),
  /** Streams whose folded state this process keeps (see libs/application folded.ts). */
  PULJEFLOW_FOLD_CACHE_SIZE: z.coerce.number().int().positive().default(20_000),
});

export type Config = z.infer<typeof ConfigSchema>;

export class ConfigError extends Error {}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = ConfigSchema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new ConfigError(`invalid configuration:\n${lines.join('\n')}`);
  }
  return parsed.data;
}
