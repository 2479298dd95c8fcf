// Disk calls on main's thread while they are fast: the first slow one sends every later call
// through the pooled path, and a result is the same either way.
import { describe, expect, it } from 'vitest';
import { SynchronousWhileFast } from '../../../../../main/core/files/synchronous-while-fast.ts';

describe('SynchronousWhileFast', () => {
  const calls = async (limiter: SynchronousWhileFast, count: number): Promise<string[]> => {
    const taken: string[] = [];
    for (let call = 0; call < count; call++) {
      taken.push(await limiter.run(() => 'synchronous', async () => 'pooled'));
    }
    return taken;
  };

  it('keeps calling synchronously while every call is within the limit', async () => {
    const limiter = new SynchronousWhileFast(60_000);
    expect(await calls(limiter, 3)).toEqual(['synchronous', 'synchronous', 'synchronous']);
    expect(limiter.synchronous).toBe(true);
  });

  it('sends every call after the first slow one through the pooled path', async () => {
    const limiter = new SynchronousWhileFast(20);
    const slow = await limiter.run(
      () => {
        const until = performance.now() + 30;
        while (performance.now() < until);
        return 'slow';
      },
      async () => 'pooled',
    );
    expect(slow).toBe('slow');
    expect(limiter.synchronous).toBe(false);
    expect(await calls(limiter, 2)).toEqual(['pooled', 'pooled']);
  });
});
