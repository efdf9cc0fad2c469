import { describe, expect, it } from '@jest/globals';
import { parseRoute, poolHref } from './route';

describe('hash routes', () => {
  it('starts at the pool list', () => {
    expect(parseRoute('')).toEqual({ name: 'pools' });
    expect(parseRoute('#/')).toEqual({ name: 'pools' });
    expect(parseRoute('#/pools/')).toEqual({ name: 'pools' });
  });

  it('round-trips a pool id, whatever its characters', () => {
    for (const poolId of ['demo', 'mangelpulje-2019', 'a b/c']) {
      expect(parseRoute(poolHref(poolId))).toEqual({ name: 'pool', poolId });
    }
  });

  it('does not guess at anything else', () => {
    expect(parseRoute('#/elsewhere')).toEqual({ name: 'notFound', hash: '#/elsewhere' });
    expect(parseRoute('#/pools/%E0%A4%A')).toMatchObject({ name: 'notFound' });
  });
});
