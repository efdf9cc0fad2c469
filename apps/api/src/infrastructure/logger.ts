import { createLogger } from '@puljeflow/personal-data';

/** The process logger: every line passes through CPR redaction, and secrets are redacted by path. */
export const logger = createLogger({ service: process.env.PULJEFLOW_SERVICE ?? 'api', level: (process.env.LOG_LEVEL ?? 'info') as 'info' });
