import { describe, expect, it } from '@jest/globals';
import { claimPath, claimsPath, coursePath, coursesPath } from './paths';

describe('screen URLs', () => {
  it('name the pool, municipality and id, escaped, and keep the as-of instant', () => {
    expect(coursesPath('p 1')).toBe('/puljer/p%201/forloeb');
    expect(coursePath('p', '101', 'K/1', '2026-01-01T00:00:00Z')).toBe('/puljer/p/forloeb/101/K%2F1?asOf=2026-01-01T00%3A00%3A00Z');
    expect(claimsPath()).toBe('/refusionskrav');
    expect(claimsPath('p', '2026-01-01T00:00:00Z')).toBe('/refusionskrav?poolId=p&asOf=2026-01-01T00%3A00%3A00Z');
    expect(claimPath('p', '101', 'C-1')).toBe('/puljer/p/refusionskrav/101/C-1');
  });
});
