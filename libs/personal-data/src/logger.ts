import pino, { type DestinationStream, type Level, type Logger } from 'pino';
import { redactCprInJson } from './redaction';

export interface LoggerOptions {
  /** Stamped on every line as `service`. */
  service: string;
  level?: Level | 'silent';
  /** Where lines go; standard output unless given (tests pass a capture). */
  destination?: DestinationStream;
}

// Fields that are secret or personal whatever they hold. CPR-shaped numbers anywhere else are caught line by line.
const REDACT_PATHS = [
  'cpr',
  '*.cpr',
  'citizen.cpr',
  '*.citizen.cpr',
  'citizen.name',
  '*.citizen.name',
  'req.headers.authorization',
  'req.headers.cookie',
  'headers.authorization',
  'headers.cookie',
  'authorization',
  'password',
  '*.password',
  'token',
  '*.token',
];

/**
 * The process logger. Every serialized line passes through the CPR redaction on its way to the destination, so no
 * path, serializer, child binding or error stack can carry a CPR number out; known secret fields are censored too.
 */
export function createLogger({ service, level = 'info', destination }: LoggerOptions): Logger {
  return pino(
    {
      level,
      base: { service },
      redact: { paths: REDACT_PATHS, censor: '[redacted]' },
    },
    redactingDestination(destination ?? pino.destination(1)),
  );
}

/** A destination that scrubs CPR-shaped numbers from each line, keeping JSON valid, before passing it on. */
export function redactingDestination(destination: DestinationStream): DestinationStream {
  const inner = destination as DestinationStream & {
    flush?: (cb?: (error?: Error) => void) => void;
    flushSync?: () => void;
  };
  return {
    write: (line: string) => inner.write(redactCprInJson(line)),
    // pino's logger.flush() looks for these on its stream.
    ...(inner.flush ? { flush: (cb?: (error?: Error) => void) => inner.flush!(cb) } : {}),
    ...(inner.flushSync ? { flushSync: () => inner.flushSync!() } : {}),
  } as DestinationStream;
}
