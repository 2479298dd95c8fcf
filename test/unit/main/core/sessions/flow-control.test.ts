import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FlowController } from '../../../../../main/core/sessions/flow-control.ts';
import { SESSION_WATERMARKS } from '../../../../../shared/flow/flow-budget.ts';

function recorder(watermarks?: { high?: number; low?: number }): { flow: FlowController; calls: string[] } {
  const calls: string[] = [];
  const flow = new FlowController({ pause: () => calls.push('pause'), resume: () => calls.push('resume') }, watermarks);
  return { flow, calls };
}

describe('FlowController', () => {
  it('defaults to watermarks that keep a terminal behind a page fed (1 MiB / 512 KiB)', () => {
    const { flow } = recorder();
    expect([flow.high, flow.low]).toEqual([1024 * 1024, 512 * 1024]);
    expect(SESSION_WATERMARKS).toEqual({ high: 1024 * 1024, low: 512 * 1024 });
  });

  it('pauses once when the outstanding amount rises above the high watermark, not at it', () => {
    const { flow, calls } = recorder({ high: 100, low: 10 });
    flow.delivered(60);
    flow.delivered(40);
    expect(calls).toEqual([]);
    expect(flow.unacknowledged).toBe(100);
    flow.delivered(1);
    expect(calls).toEqual(['pause']);
    flow.delivered(500);
    expect(calls).toEqual(['pause']);
    expect(flow.paused).toBe(true);
    expect(flow.unacknowledged).toBe(601);
  });

  it('resumes once, only when the outstanding amount falls below the low watermark', () => {
    const { flow, calls } = recorder({ high: 100, low: 10 });
    flow.delivered(150);
    flow.acknowledged(100);
    expect(flow.unacknowledged).toBe(50);
    expect(calls).toEqual(['pause']);
    flow.acknowledged(40);
    expect(flow.unacknowledged).toBe(10);
    expect(calls).toEqual(['pause']);
    flow.acknowledged(1);
    expect(calls).toEqual(['pause', 'resume']);
    flow.acknowledged(9);
    expect(calls).toEqual(['pause', 'resume']);
    flow.delivered(101);
    expect(calls).toEqual(['pause', 'resume', 'pause']);
  });

  it('counts acknowledging more than is outstanding as acknowledging everything', () => {
    const { flow, calls } = recorder({ high: 100, low: 10 });
    flow.delivered(200);
    flow.acknowledged(1_000);
    expect(flow.unacknowledged).toBe(0);
    expect(calls).toEqual(['pause', 'resume']);
    flow.delivered(100);
    expect(calls).toEqual(['pause', 'resume']);
  });

  it.each([
    [{ high: 10, low: 10 }, /1 <= low watermark < high watermark, got low 10 and high 10/],
    [{ high: 10, low: 0 }, /got low 0/],
    [{ high: -1 }, /high watermark must be a whole number of at least 0, got -1/],
    [{ low: 1.5 }, /low watermark must be a whole number of at least 0, got 1.5/],
    [{ high: Number.NaN }, /got NaN/],
  ])('refuses watermarks %j', (watermarks, message) => {
    expect(() => recorder(watermarks)).toThrow(RangeError);
    expect(() => recorder(watermarks)).toThrow(message);
  });

  it.each([-1, 0.5, Number.NaN, Number.POSITIVE_INFINITY])('refuses the amount %s', (amount) => {
    const { flow } = recorder();
    expect(() => flow.delivered(amount)).toThrow(/delivered amount must be a whole number/);
    expect(() => flow.acknowledged(amount)).toThrow(/acknowledged amount must be a whole number/);
    expect(flow.unacknowledged).toBe(0);
  });

  it('follows the hysteresis model for any sequence of deliveries and acknowledgements', () => {
    const step = fc.oneof(
      fc.record({ kind: fc.constant('delivered' as const), amount: fc.nat(300) }),
      fc.record({ kind: fc.constant('acknowledged' as const), amount: fc.nat(300) }),
    );
    fc.assert(
      fc.property(fc.array(step, { maxLength: 200 }), (steps) => {
        const { flow, calls } = recorder({ high: 200, low: 50 });
        let outstanding = 0;
        let paused = false;
        const expected: string[] = [];
        for (const { kind, amount } of steps) {
          if (kind === 'delivered') {
            flow.delivered(amount);
            outstanding += amount;
            if (!paused && outstanding > 200) {
              paused = true;
              expected.push('pause');
            }
          } else {
            flow.acknowledged(amount);
            outstanding = Math.max(0, outstanding - amount);
            if (paused && outstanding < 50) {
              paused = false;
              expected.push('resume');
            }
          }
          expect(flow.unacknowledged).toBe(outstanding);
          expect(flow.paused).toBe(paused);
        }
        expect(calls).toEqual(expected);
      }),
    );
  });
});
