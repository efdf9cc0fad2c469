/** What stands where a CPR-shaped number was. */
export const CPR_REDACTED = '[cpr-redacted]';

// Anything CPR-shaped: six digits, at most one separator (a dash of any kind, a space, a slash, a dot, or a JSON
// escape such as \t), four digits, with no digit on either side. No date check: a false positive costs a log line
// some readability, a false negative leaks a person. A 13-digit epoch in milliseconds is not matched; a 10-digit
// epoch in seconds is (redacted, harmlessly).
const CPR_SHAPED = /(?<!\d)\d{6}(?:[\s\-\u2010-\u2015\u2212/.]|\\[tnr])?\d{4}(?!\d)/g;

// Keys whose value is personal data whatever it looks like (a CPR held as a number has lost its leading zero).
const PERSONAL_KEY = /cpr|personnummer|personal_?id/i;

/** `text` with every CPR-shaped number replaced by [cpr-redacted]. */
export function redactCpr(text: string): string {
  return text.replace(CPR_SHAPED, CPR_REDACTED);
}

/**
 * `text`, a serialized JSON line, with every CPR-shaped number replaced, and still valid JSON: inside a string the
 * number becomes [cpr-redacted], outside one (a bare number) the string "[cpr-redacted]". Text that is not JSON is
 * still scrubbed everywhere.
 */
export function redactCprInJson(text: string): string {
  return text.replace(/"(?:[^"\\]|\\.)*"|[^"]+|"/g, (token) =>
    token.startsWith('"') ? redactCpr(token) : redactCpr(token.replace(JSON_NUMBER, quoteIfCpr)),
  );
}

// A whole number outside strings (sign, fraction, exponent), so 1234567890.5 becomes one string, not "…".5.
const JSON_NUMBER = /-?\d[\d.eE+-]*/g;

function quoteIfCpr(number: string): string {
  return redactCpr(number) === number ? number : `"${CPR_REDACTED}"`;
}

/**
 * A copy of `value` safe to log or return: CPR-shaped numbers redacted in every string and number, values under
 * CPR-named keys (`cpr`, `citizenCpr`, ...) replaced outright. Errors stay errors of the same class, with message,
 * stack, cause and own properties scrubbed. Cycles are kept as cycles.
 */
export function scrubObject<T>(value: T): T {
  return scrub(value, new WeakMap()) as T;
}

function scrub(value: unknown, seen: WeakMap<object, unknown>): unknown {
  if (typeof value === 'string') return redactCpr(value);
  if (typeof value === 'number' || typeof value === 'bigint') {
    const text = String(value);
    return redactCpr(text) === text ? value : CPR_REDACTED;
  }
  if (typeof value !== 'object' || value === null) return value;
  if (value instanceof Date || ArrayBuffer.isView(value) || value instanceof ArrayBuffer) return value;
  const done = seen.get(value);
  if (done !== undefined) return done;

  if (Array.isArray(value)) {
    const copy: unknown[] = [];
    seen.set(value, copy);
    for (const item of value) copy.push(scrub(item, seen));
    return copy;
  }
  if (value instanceof Map) {
    const copy = new Map<unknown, unknown>();
    seen.set(value, copy);
    for (const [k, v] of value) copy.set(scrub(k, seen), isPersonalKey(k) ? CPR_REDACTED : scrub(v, seen));
    return copy;
  }
  if (value instanceof Set) {
    const copy = new Set<unknown>();
    seen.set(value, copy);
    for (const item of value) copy.add(scrub(item, seen));
    return copy;
  }
  if (value instanceof Error) {
    const copy = Object.create(Object.getPrototypeOf(value)) as Error;
    seen.set(value, copy);
    // message and stack are own but not enumerable; cause likewise when given to the constructor.
    for (const key of ['name', 'message', 'stack', 'cause'] as const) {
      if (Object.prototype.hasOwnProperty.call(value, key)) {
        Object.defineProperty(copy, key, {
          value: scrub(value[key], seen),
          writable: true,
          configurable: true,
          enumerable: false,
        });
      }
    }
    copyEntries(value, copy, seen);
    return copy;
  }
  const copy: Record<string, unknown> = {};
  seen.set(value, copy);
  copyEntries(value, copy, seen);
  return copy;
}

function copyEntries(from: object, to: object, seen: WeakMap<object, unknown>) {
  for (const [key, v] of Object.entries(from)) {
    (to as Record<string, unknown>)[redactCpr(key)] = isPersonalKey(key) && v != null ? CPR_REDACTED : scrub(v, seen);
  }
}

function isPersonalKey(key: unknown): boolean {
  return typeof key === 'string' && PERSONAL_KEY.test(key);
}
