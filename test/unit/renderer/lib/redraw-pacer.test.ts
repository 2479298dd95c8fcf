import { describe, expect, it } from 'vitest';
import { FLOOD_REDRAW_MS, RedrawPacer, type PacerClock } from '../../../../renderer/src/lib/redraw-pacer.ts';

/** A clock the test moves by hand: frames run on `nextFrame()`, timers when time passes them. */
class ManualClock implements PacerClock {
  time = 0;
  #frames = new Map<number, () => void>();
  #timers = new Map<number, { at: number; callback: () => void }>();
  #next = 1;
  now(): number {
    return this.time;
  }
  frame(callback: () => void): number {
    this.#frames.set(this.#next, callback);
    return this.#next++;
  }
  cancelFrame(handle: number): void {
    this.#frames.delete(handle);
  }
  later(callback: () => void, ms: number): number {
    this.#timers.set(this.#next, { at: this.time + ms, callback });
    return this.#next++;
  }
  cancelLater(handle: number): void {
    this.#timers.delete(handle);
  }
  /** Moves time on by `ms` (running due timers), then runs the frames waiting. */
  step(ms: number): void {
    this.time += ms;
    for (const [handle, timer] of [...this.#timers]) {
      if (timer.at <= this.time) {
        this.#timers.delete(handle);
        timer.callback();
      }
    }
    const frames = [...this.#frames.values()];
    this.#frames.clear();
    for (const callback of frames) callback();
  }
  get pending(): number {
    return this.#frames.size + this.#timers.size;
  }
}

describe('RedrawPacer', () => {
  it('redraws a quiet log on the next frame, once for many requests', () => {
    const clock = new ManualClock();
    let redraws = 0;
    const pacer = new RedrawPacer(() => redraws++, clock);
    pacer.request();
    pacer.request();
    clock.step(16);
    expect(redraws).toBe(1);
  });

  it('redraws a flood at most every FLOOD_REDRAW_MS', () => {
    const clock = new ManualClock();
    const at: number[] = [];
    const pacer = new RedrawPacer(() => at.push(clock.time), clock);
    for (let i = 0; i < 30; i++) {
      pacer.request();
      clock.step(16);
    }
    expect(at.length).toBeGreaterThan(5);
    for (let i = 1; i < at.length; i++) expect((at[i] as number) - (at[i - 1] as number)).toBeGreaterThanOrEqual(FLOOD_REDRAW_MS);
  });

  it('forgets what it scheduled when disposed', () => {
    const clock = new ManualClock();
    let redraws = 0;
    const pacer = new RedrawPacer(() => redraws++, clock);
    pacer.request();
    clock.step(16);
    pacer.request();
    expect(clock.pending).toBe(1);
    pacer.dispose();
    expect(clock.pending).toBe(0);
    clock.step(100);
    expect(redraws).toBe(1);
  });
});
