// Exponential backoff with jitter between reconnect attempts, so a cluster that is down (or a
// namespace we may not list) is retried ever more gently, and many watches that lost the same
// server do not all come back in the same instant. The defaults are client-go reflector's.

export interface BackoffPolicy {
  /** The first delay. */
  readonly initialMs: number;
  /** No delay exceeds this. */
  readonly maxMs: number;
  readonly factor: number;
  /** Each delay is stretched by a random share of itself, up to this fraction. */
  readonly jitter: number;
}

export const DEFAULT_BACKOFF: BackoffPolicy = { initialMs: 800, maxMs: 30_000, factor: 2, jitter: 1 };

export class Backoff {
  readonly #policy: BackoffPolicy;
  readonly #random: () => number;
  #attempts = 0;

  constructor(policy: BackoffPolicy = DEFAULT_BACKOFF, random: () => number = Math.random) {
    if (!(policy.initialMs >= 0 && policy.maxMs >= policy.initialMs && policy.factor >= 1 && policy.jitter >= 0)) {
      throw new RangeError(
        `backoff needs 0 <= initialMs <= maxMs, factor >= 1 and jitter >= 0; got ${JSON.stringify(policy)}`,
      );
    }
    this.#policy = policy;
    this.#random = random;
  }

  /** The delay before the next attempt; each call without a reset() in between grows it. */
  next(): number {
    const { initialMs, maxMs, factor, jitter } = this.#policy;
    const base = Math.min(maxMs, initialMs * factor ** this.#attempts);
    this.#attempts++;
    return Math.min(maxMs, base * (1 + jitter * this.#random()));
  }

  /** Back to the first delay: the last attempt worked. */
  reset(): void {
    this.#attempts = 0;
  }
}
