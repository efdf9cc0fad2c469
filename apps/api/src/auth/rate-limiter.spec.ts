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

describe('RateLimiter, peeking and bounded', () => {
  it('peeks without taking', () => {
    let now = 0;
    const limiter = new RateLimiter(1, 0.5, () => now);
    expect(limiter.peek('a')).toBe(0);
    expect(limiter.take('a')).toBe(0);
    expect(limiter.peek('a')).toBe(2);
    now = 2000;
    expect(limiter.peek('a')).toBe(0);
  });

  it('takes a refunded token back, never past its capacity', () => {
    const limiter = new RateLimiter(1, 0.001, () => 0);
    expect(limiter.take('a')).toBe(0);
    limiter.refund('a');
    limiter.refund('a');
    expect([limiter.take('a'), limiter.take('a')]).toEqual([0, 1000]);
  });

  it('keeps at most its number of keys, forgetting refilled ones first', () => {
    let now = 0;
    const limiter = new RateLimiter(1, 1, () => now, 10);
    expect(limiter.take('busy')).toBe(0);
    for (let i = 0; i < 100; i++) limiter.peek(`idle-${i}`);
    expect(limiter.take('busy')).toBe(1);
    now = 100;
    for (let i = 0; i < 100; i++) limiter.take(`flood-${i}`);
    expect(limiter.take('flood-99')).toBe(1);
  });
});
