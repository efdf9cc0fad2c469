import { pathOfNul } from './nul-text';

describe('pathOfNul', () => {
  it('names the first string holding U+0000, however deep', () => {
    expect(pathOfNul({ reason: 'ok', events: [{ data: { note: 'a\u0000b' } }] })).toBe('events.0.data.note');
    expect(pathOfNul('line one\u0000')).toBe('(body)');
    expect(pathOfNul({ ['k\u0000']: 1 })).toBe('k\u0000');
  });

  it('finds nothing in text without it', () => {
    expect(pathOfNul({ reason: 'æøå \u0001', n: 1, list: [null, true] })).toBeUndefined();
    expect(pathOfNul(undefined)).toBeUndefined();
  });
});
