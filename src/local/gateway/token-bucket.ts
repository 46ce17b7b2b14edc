interface Bucket {
  tokens: number;
  updatedAt: number;
}

const MAX_TRACKED = 10_000;

/**
 * API Gateway's throttling: a token bucket per client, refilled at `rate` tokens per second up to
 * `burst`. `take` answers 0 when the request may pass, otherwise the seconds until it could.
 */
export class TokenBuckets {
  readonly #buckets = new Map<string, Bucket>();

  constructor(
    private readonly rate: number,
    private readonly burst: number,
    private readonly now: () => number = () => performance.now(),
  ) {}

  take(client: string): number {
    const now = this.now();
    const bucket = this.#buckets.get(client) ?? this.#newBucket(client, now);
    bucket.tokens = Math.min(this.burst, bucket.tokens + ((now - bucket.updatedAt) / 1000) * this.rate);
    bucket.updatedAt = now;
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return 0;
    }
    return (1 - bucket.tokens) / this.rate;
  }

  #newBucket(client: string, now: number): Bucket {
    if (this.#buckets.size >= MAX_TRACKED) this.#forgetFullBuckets(now);
    const bucket = { tokens: this.burst, updatedAt: now };
    this.#buckets.set(client, bucket);
    return bucket;
  }

  /** A bucket that has refilled completely holds no state worth keeping. */
  #forgetFullBuckets(now: number): void {
    for (const [client, bucket] of this.#buckets)
      if (bucket.tokens + ((now - bucket.updatedAt) / 1000) * this.rate >= this.burst)
        this.#buckets.delete(client);
  }
}
