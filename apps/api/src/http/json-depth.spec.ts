import { MAX_JSON_DEPTH, nestsDeeperThan } from './json-depth';

const bytes = (text: string) => Buffer.from(text);
const nested = (depth: number) => '['.repeat(depth) + ']'.repeat(depth);

describe('JSON nesting depth', () => {
  it('counts objects and arrays alike', () => {
    expect(nestsDeeperThan(bytes('{"a":[{"b":[1]}]}'), 4)).toBe(false);
    expect(nestsDeeperThan(bytes('{"a":[{"b":[1]}]}'), 3)).toBe(true);
  });

  it('goes back up after a closed value', () => {
    expect(nestsDeeperThan(bytes('[[1],[2],[3],{"a":{}}]'), 3)).toBe(false);
    expect(nestsDeeperThan(bytes('[[1],[2],[3],{"a":{}}]'), 2)).toBe(true);
  });

  it('does not count brackets inside strings, escaped quotes included', () => {
    expect(nestsDeeperThan(bytes(JSON.stringify({ a: '[[[[{{{{', b: 'say \\"[[[[\\" and "{{{{"' })), 1)).toBe(false);
    expect(nestsDeeperThan(bytes(JSON.stringify(['\\', [['x']]])), 2)).toBe(true);
  });

  it('refuses a deep body early and lets an event batch through', () => {
    expect(nestsDeeperThan(bytes(nested(100_000)), MAX_JSON_DEPTH)).toBe(true);
    expect(nestsDeeperThan(bytes(nested(MAX_JSON_DEPTH)), MAX_JSON_DEPTH)).toBe(false);
    const batch = { events: [{ eventId: 'e', type: 'CourseStarted', occurredAt: 'x', data: { employerDeclaration: { signedOn: '2020-01-01' }, citizen: { cpr: '[' } } }] };
    expect(nestsDeeperThan(bytes(JSON.stringify(batch)), MAX_JSON_DEPTH)).toBe(false);
  });
});
