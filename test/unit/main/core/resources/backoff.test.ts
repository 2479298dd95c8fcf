import { describe, expect, it } from 'vitest';
import { Backoff, DEFAULT_BACKOFF } from '../../../../../main/core/resources/backoff.ts';

describe('Backoff', () => {
  it('doubles from the first delay up to the cap, and starts over after a reset', () => {
    const backoff = new Backoff({ initialMs: 100, maxMs: 1000, factor: 2, jitter: 0 });
    expect([1, 2, 3, 4, 5, 6].map(() => backoff.next())).toEqual([100, 200, 400, 800, 1000, 1000]);
    backoff.reset();
    expect(backoff.next()).toBe(100);
  });

  it('stretches each delay by up to `jitter` of itself, never past the cap', () => {
    const randoms = [0, 0.5, 0.999];
    const backoff = new Backoff({ initialMs: 100, maxMs: 250, factor: 2, jitter: 1 }, () => randoms.shift() ?? 0);
    expect([backoff.next(), backoff.next(), backoff.next()]).toEqual([100, 250, 250]);
  });

  it('defaults to client-go reflector values', () => {
    expect(DEFAULT_BACKOFF).toEqual({ initialMs: 800, maxMs: 30_000, factor: 2, jitter: 1 });
  });

  it('refuses a policy that cannot work', () => {
    expect(() => new Backoff({ initialMs: 10, maxMs: 5, factor: 2, jitter: 0 })).toThrow(/initialMs <= maxMs/);
    expect(() => new Backoff({ initialMs: 10, maxMs: 50, factor: 0.5, jitter: 0 })).toThrow(RangeError);
  });
});
