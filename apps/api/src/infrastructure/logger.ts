import pino from 'pino';

/**
 * The process logger. Redaction removes secrets and personal data by path; CPR numbers never reach a log line.
 */
export const logger = pino({
  level: process.env.LOG_LEVEL ?? 'info',
  base: { service: process.env.PULJEFLOW_SERVICE ?? 'api' },
  redact: {
    paths: ['req.headers.authorization', 'headers.authorization', '*.password', 'password', '*.cpr', '*.*.cpr', 'citizen', '*.citizen', 'key', '*.key', 'token', '*.token'],
    censor: '[redacted]',
  },
});
