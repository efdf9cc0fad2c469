/** Keys kept at most before full buckets (the same as no bucket) are dropped, and then the oldest. */
const DEFAULT_MAX_KEYS = 100_000;

/**
 * Token buckets per key (a municipality, a client address, an account): `capacity` requests in a burst, refilled at
 * `perSecond`. Kept in each api process: with N processes behind a load balancer a key gets up to N times the rate,
 * which the limit is set for (see README). A rejected request is told when a token will be there again.
 */
export class RateLimiter {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();

  constructor(
    private readonly capacity: number,
    private readonly perSecond: number,
    private readonly now: () => number = Date.now,
    private readonly maxKeys = DEFAULT_MAX_KEYS,
  ) {}

  /** Takes a token; returns 0 when allowed, else the whole seconds to wait. */
  take(key: string): number {
    const bucket = this.refilled(key);
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return 0;
    }
    return this.wait(bucket.tokens);
  }

  /** Like `take`, but leaves the token: the whole seconds until one is there (0 now). */
  peek(key: string): number {
    const bucket = this.refilled(key);
    return bucket.tokens >= 1 ? 0 : this.wait(bucket.tokens);
  }

  /** Gives back a token taken by `take` for something that turned out not to count. */
  refund(key: string): void {
    const bucket = this.refilled(key);
    bucket.tokens = Math.min(this.capacity, bucket.tokens + 1);
  }

  private wait(tokens: number): number {
    return Math.max(1, Math.ceil((1 - tokens) / this.perSecond));
  }

  private refilled(key: string) {
    const t = this.now();
    const bucket = this.buckets.get(key) ?? { tokens: this.capacity, at: t };
    bucket.tokens = Math.min(this.capacity, bucket.tokens + ((t - bucket.at) / 1000) * this.perSecond);
    bucket.at = t;
    this.buckets.delete(key);
    if (this.buckets.size >= this.maxKeys) this.forget(t);
    this.buckets.set(key, bucket);
    return bucket;
  }

  /** Drops the buckets that have refilled (as good as none), then the least recently used down to the limit. */
  private forget(t: number) {
    for (const [key, b] of this.buckets) if (b.tokens + ((t - b.at) / 1000) * this.perSecond >= this.capacity) this.buckets.delete(key);
    for (const key of this.buckets.keys()) {
      if (this.buckets.size <= this.maxKeys * 0.9) break;
      this.buckets.delete(key);
    }
  }
}
