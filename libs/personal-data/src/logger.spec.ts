import type { DestinationStream } from 'pino';
import { createLogger } from './logger';
import { CPR_REDACTED, redactCpr, redactCprInJson, scrubObject } from './redaction';

const CPR = '0101901234';
const DASHED = '010190-1234';

describe('redactCpr', () => {
  it.each([
    ['plain', `cpr ${CPR} ok`, `cpr ${CPR_REDACTED} ok`],
    ['with a dash', `cpr ${DASHED}.`, `cpr ${CPR_REDACTED}.`],
    ['with a space', 'x 010190 1234 y', `x ${CPR_REDACTED} y`],
    ['with an en dash', 'x 010190–1234 y', `x ${CPR_REDACTED} y`],
    ['glued to letters', `cpr${CPR}abc`, `cpr${CPR_REDACTED}abc`],
    ['after a JSON escape', `\\n${CPR}`, `\\n${CPR_REDACTED}`],
    ['with a JSON-escaped tab inside', '010190\\t1234', CPR_REDACTED],
    ['twice', `${CPR},${DASHED}`, `${CPR_REDACTED},${CPR_REDACTED}`],
    ['with an impossible date (false positives beat leaks)', '9999999999', CPR_REDACTED],
  ])('redacts a CPR number %s', (_, input, output) => {
    expect(redactCpr(input)).toBe(output);
  });

  it.each([
    ['a 13-digit epoch in milliseconds', '1700000000000'],
    ['an 11-digit run', '12345678901'],
    ['a 9-digit amount', 'amount 123456789'],
    ['an ISO date', '2025-01-31T10:00:00.000Z'],
    ['a uuid', '0f8fad5b-d9cb-469f-a165-70867728950e'],
  ])('leaves %s alone', (_, text) => {
    expect(redactCpr(text)).toBe(text);
  });
});

describe('redactCprInJson', () => {
  it('keeps the line valid JSON, quoting a redacted bare number', () => {
    const line = JSON.stringify({ n: 101901234, m: 1234567890, s: `a "${CPR}"`, list: [1234567890.5] });
    const scrubbed = redactCprInJson(line);
    expect(JSON.parse(scrubbed)).toEqual({
      n: 101901234,
      m: CPR_REDACTED,
      s: `a "${CPR_REDACTED}"`,
      list: [CPR_REDACTED],
    });
  });
});

describe('scrubObject', () => {
  it('redacts strings and numbers at any depth, and CPR-named keys whatever they hold', () => {
    const cycle: Record<string, unknown> = { note: `about ${DASHED}` };
    cycle.self = cycle;
    const scrubbed = scrubObject({
      deep: [{ text: `x${CPR}x`, n: 1234567890 }],
      cpr: 101901234,
      citizenCpr: 'anything',
      amount: 123456,
      at: new Date(0),
      cycle,
      map: new Map([['cpr', CPR]]),
    });
    expect(scrubbed).toMatchObject({
      deep: [{ text: `x${CPR_REDACTED}x`, n: CPR_REDACTED }],
      cpr: CPR_REDACTED,
      citizenCpr: CPR_REDACTED,
      amount: 123456,
      at: new Date(0),
      cycle: { note: `about ${CPR_REDACTED}` },
    });
    expect(scrubbed.cycle.self).toBe(scrubbed.cycle);
    expect([...scrubbed.map]).toEqual([['cpr', CPR_REDACTED]]);
  });

  it('keeps an error an error of its class, with message, stack, cause and properties scrubbed', () => {
    class LookupFailed extends Error {
      constructor(
        message: string,
        readonly detail: string,
        options?: ErrorOptions,
      ) {
        super(message, options);
      }
    }
    const error = new LookupFailed(`no citizen ${DASHED}`, `looked up ${CPR}`, {
      cause: new Error(`upstream said ${CPR}`),
    });
    const scrubbed = scrubObject(error);
    expect(scrubbed).toBeInstanceOf(LookupFailed);
    expect(scrubbed.message).toBe(`no citizen ${CPR_REDACTED}`);
    expect(scrubbed.stack).toContain(`no citizen ${CPR_REDACTED}`);
    expect(scrubbed.detail).toBe(`looked up ${CPR_REDACTED}`);
    expect((scrubbed.cause as Error).message).toBe(`upstream said ${CPR_REDACTED}`);
    expect(error.message).toBe(`no citizen ${DASHED}`);
  });
});

describe('createLogger', () => {
  function capture() {
    const lines: string[] = [];
    const destination: DestinationStream = { write: (line) => void lines.push(line) };
    const logger = createLogger({ service: 'test', level: 'debug', destination });
    return { logger, lines, text: () => lines.join('') };
  }

  it('writes JSON lines stamped with the service', () => {
    const { logger, lines } = capture();
    logger.info({ poolId: 'p1' }, 'opened');
    expect(JSON.parse(lines[0]!)).toMatchObject({ service: 'test', level: 30, poolId: 'p1', msg: 'opened' });
  });

  it('redacts a CPR number in the message, with and without a dash, and in format arguments', () => {
    const { logger, lines, text } = capture();
    logger.info(`looked up ${CPR}`);
    logger.warn(`looked up ${DASHED}`);
    logger.info('looked up %s and %d', DASHED, 1234567890);
    expect(lines.map((l) => JSON.parse(l).msg)).toEqual([
      `looked up ${CPR_REDACTED}`,
      `looked up ${CPR_REDACTED}`,
      `looked up ${CPR_REDACTED} and ${CPR_REDACTED}`,
    ]);
    expectNoCpr(text());
  });

  it('redacts CPR numbers in nested objects, bare numbers included, keeping each line valid JSON', () => {
    const { logger, lines, text } = capture();
    logger.info({ citizen: { cpr: CPR, name: 'Jens Hansen' }, request: { body: { applicant: { id: DASHED } } } });
    logger.info({ payload: { note: `ref ${CPR}`, numeric: 1234567890, list: [[`x ${DASHED}`]] } });
    logger.info({ cpr: DASHED });
    const [first, second, third] = lines.map((l) => JSON.parse(l));
    expect(first.citizen).toEqual({ cpr: '[redacted]', name: '[redacted]' });
    expect(first.request.body.applicant.id).toBe(CPR_REDACTED);
    expect(second.payload).toEqual({
      note: `ref ${CPR_REDACTED}`,
      numeric: CPR_REDACTED,
      list: [[`x ${CPR_REDACTED}`]],
    });
    expect(third.cpr).toBe('[redacted]');
    expect(text()).not.toContain('Jens Hansen');
    expectNoCpr(text());
  });

  it("redacts CPR numbers in an error's message, stack, properties and cause", () => {
    const { logger, lines, text } = capture();
    const error = Object.assign(new Error(`no citizen ${DASHED}`, { cause: new Error(`upstream: ${CPR}`) }), {
      query: { cpr_number: CPR },
    });
    logger.error(error);
    logger.error({ err: error }, `failed for ${CPR}`);
    const logged = JSON.parse(lines[0]!);
    // pino's error serializer appends the causes' messages.
    expect(logged.err.message).toBe(`no citizen ${CPR_REDACTED}: upstream: ${CPR_REDACTED}`);
    expect(logged.err.stack).toContain(`Error: no citizen ${CPR_REDACTED}`);
    expectNoCpr(text());
  });

  it('redacts in child bindings and censors secrets', () => {
    const { logger, text } = capture();
    logger.child({ citizenRef: CPR }).info({ headers: { authorization: 'Bearer s3cret' }, password: 'p', token: 't' });
    expect(text()).not.toContain('s3cret');
    expect(JSON.parse(text())).toMatchObject({ password: '[redacted]', token: '[redacted]' });
    expectNoCpr(text());
  });

  it('keeps the timestamp and ordinary numbers', () => {
    const { logger, lines } = capture();
    logger.info({ amountOere: 123456789 }, 'paid');
    const line = JSON.parse(lines[0]!);
    expect(line.amountOere).toBe(123456789);
    expect(typeof line.time).toBe('number');
  });
});

function expectNoCpr(text: string) {
  expect(text).not.toContain('0101901234');
  expect(text).not.toContain('010190-1234');
  expect(text).not.toContain('1234567890');
  expect(text).not.toMatch(/010190.?1234/);
}
