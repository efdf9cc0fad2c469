import { z } from 'zod';
import { EVENTS_BODY_LIMIT_BYTES, maxJsonBytes, UnboundedSchemaError } from './body-limits';
import { MAX_EVENTS_PER_REQUEST, municipalEventSchemas, SubmitTypedEventsRequestSchema } from './municipal-events';

/** JSON as a client may write it at its longest: pretty-printed, and every character of every string a \u escape. */
function longestJson(value: unknown, depth = 0): string {
  const pad = (d: number) => '\n' + '  '.repeat(d);
  if (typeof value === 'string') return '"' + [...value].map((c) => '\\u' + c.charCodeAt(0).toString(16).padStart(4, '0')).join('') + '"';
  if (Array.isArray(value)) return '[' + value.map((v) => pad(depth + 1) + longestJson(v, depth + 1)).join(',') + pad(depth) + ']';
  if (value && typeof value === 'object') {
    return '{' + Object.entries(value).map(([k, v]) => pad(depth + 1) + longestJson(k) + ': ' + longestJson(v, depth + 1)).join(',') + pad(depth) + '}';
  }
  return JSON.stringify(value);
}

const text = (n: number, c = 'a') => c.repeat(n);
/** A CourseStarted with every member present and every string at the length the contract allows. */
const largestCourseStarted = {
  eventId: '8d0f3b1e-1c2d-4e5f-8a9b-0c1d2e3f4a5b',
  type: 'CourseStarted',
  occurredAt: '2020-03-02T09:15:00.123456789+01:00',
  data: {
    poolId: text(63),
    courseId: text(100),
    citizen: { cpr: text(20, 'æ') },
    targetGroup: text(60, 'ø'),
    unemployedSince: '2019-12-01',
    employerDeclaration: { cvr: text(20), employerName: text(200, 'å'), jobTitle: text(200), rarArea: text(60), signedOn: '2020-02-01', expectedEmploymentStart: '2020-06-01', withoutWageSubsidy: false },
    course: { title: text(200), provider: text(200), category: text(40), startDate: '2020-03-02', endDate: '2020-05-29', estimatedCostOre: Number.MAX_SAFE_INTEGER },
  },
};

describe('the most bytes a schema admits', () => {
  it('bounds the longest CourseStarted a client can write, and closely', () => {
    const written = longestJson(largestCourseStarted);
    expect(municipalEventSchemas.CourseStarted.safeParse(JSON.parse(written)).success).toBe(true);
    const bound = maxJsonBytes(municipalEventSchemas.CourseStarted);
    expect(Buffer.byteLength(written)).toBeLessThanOrEqual(bound);
    expect(Buffer.byteLength(written)).toBeGreaterThan(bound * 0.95);
  });

  it('lets the events endpoint take 500 such events, and not a 10 MB body', () => {
    const request = { events: Array.from({ length: MAX_EVENTS_PER_REQUEST }, () => largestCourseStarted) };
    const written = longestJson(request);
    expect(SubmitTypedEventsRequestSchema.safeParse(JSON.parse(written)).success).toBe(true);
    expect(Buffer.byteLength(written)).toBeLessThanOrEqual(EVENTS_BODY_LIMIT_BYTES);
    expect(EVENTS_BODY_LIMIT_BYTES).toBe(maxJsonBytes(SubmitTypedEventsRequestSchema));
    expect(EVENTS_BODY_LIMIT_BYTES).toBeLessThan(10 * 1024 * 1024);
    expect(EVENTS_BODY_LIMIT_BYTES).toBeGreaterThan(MAX_EVENTS_PER_REQUEST * maxJsonBytes(municipalEventSchemas.CourseStarted));
  });

  it.each([
    ['a string without a length', z.object({ a: z.string() }).strict()],
    ['an array without a maximum', z.object({ a: z.array(z.boolean()) }).strict()],
    ['an object open to any member', z.object({ a: z.boolean() })],
    ['a record', z.record(z.string(), z.boolean())],
  ])('refuses a schema with %s', (_what, schema) => {
    expect(() => maxJsonBytes(schema)).toThrow(UnboundedSchemaError);
  });

  it('takes the longer branch of a union and the standard length of an e-mail address', () => {
    expect(maxJsonBytes(z.union([z.string().max(10), z.string().max(3)]))).toBe(2 + 6 * 10);
    expect(maxJsonBytes(z.email())).toBe(2 + 6 * 254);
    expect(maxJsonBytes(z.literal('ab'))).toBe(2 + 12);
  });
});
