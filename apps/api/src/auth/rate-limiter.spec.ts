import { RateLimiter } from './rate-limiter';

describe('RateLimiter', () => {
  it('allows a burst up to the capacity, then says how long to wait, per municipality', () => {
    let now = 0;
    const limiter = new RateLimiter(3, 1, () => now);
    expect([limiter.take('101'), limiter.take('101'), limiter.take('101')]).toEqual([0, 0, 0]);
    expect(limiter.take('101')).toBe(1);
    expect(limiter.take('147')).toBe(0);
    now = 1000;
    expect(limiter.take('101')).toBe(0);
    expect(limiter.take('101')).toBe(1);
  });

  it('refills no further than its capacity', () => {
    let now = 0;
    const limiter = new RateLimiter(2, 10, () => now);
    now = 60_000;
    expect([limiter.take('a'), limiter.take('a'), limiter.take('a')]).toEqual([0, 0, 1]);
  });
});
