import fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { LogLine } from '../../../../../shared/bridge/sessions.ts';
import { LogMerger, type MergeOptions } from '../../../../../main/core/logs/log-merger.ts';
import { kubeletTimestamp } from './helpers.ts';

const BASE = 1_714_557_600;
const OPTIONS: MergeOptions = { holdMs: 100, connectWaitMs: 1000, maxPendingBytes: 10_000 };

function line(second: number, nanos: number, text: string): LogLine {
  return { timestamp: kubeletTimestamp(BASE + second, nanos), text };
}

function merger(options: MergeOptions = OPTIONS): { merge: LogMerger; out: string[]; bytes: number[] } {
  const out: string[] = [];
  const bytes: number[] = [];
  const merge = new LogMerger((lines, total) => {
    out.push(...lines.map((l) => l.text));
    bytes.push(total);
  }, options);
  return { merge, out, bytes };
}

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

describe('LogMerger', () => {
  it('puts an earlier line that arrives later in its place', () => {
    const { merge, out } = merger();
    merge.add('a');
    merge.add('b');
    merge.live('a');
    merge.live('b');
    merge.push('a', [line(0, 200, 'a@200')], [1]);
    merge.push('b', [line(0, 100, 'b@100'), line(0, 300, 'b@300')], [1, 1]);
    // b has delivered 300 > 200, so a@200 may go; b@300 waits for a.
    expect(out).toEqual(['b@100', 'a@200']);
    merge.push('a', [line(0, 400, 'a@400')], [1]);
    expect(out).toEqual(['b@100', 'a@200', 'b@300']);
  });

  it('holds a line while another live source is quiet, then lets it go after holdMs', async () => {
    const { merge, out } = merger();
    merge.add('a');
    merge.add('b');
    merge.live('a');
    merge.live('b');
    merge.push('a', [line(0, 0, 'a')], [1]);
    await vi.advanceTimersByTimeAsync(99);
    expect(out).toEqual([]);
    await vi.advanceTimersByTimeAsync(1);
    expect(out).toEqual(['a']);
  });

  it('waits longer for a source that is still connecting, whose history may be older', async () => {
    const { merge, out } = merger();
    merge.add('a');
    merge.add('b');
    merge.live('a');
    merge.push('a', [line(5, 0, 'a@5s')], [1]);
    await vi.advanceTimersByTimeAsync(500);
    expect(out).toEqual([]);
    merge.live('b');
    merge.push('b', [line(1, 0, 'b@1s')], [1]);
    merge.push('b', [line(2, 0, 'b@2s')], [1]);
    expect(out).toEqual(['b@1s', 'b@2s']);
    // b is live now and has not reached 5 s: a waits holdMs from b's last sign of life.
    await vi.advanceTimersByTimeAsync(99);
    expect(out).toEqual(['b@1s', 'b@2s']);
    await vi.advanceTimersByTimeAsync(1);
    expect(out).toEqual(['b@1s', 'b@2s', 'a@5s']);
  });

  it('does not wait for an ended source, and still sends its held lines in order', () => {
    const { merge, out } = merger();
    merge.add('a');
    merge.add('b');
    merge.live('a');
    merge.live('b');
    merge.push('b', [line(0, 1, 'b1'), line(0, 3, 'b3')], [1, 1]);
    merge.push('a', [line(0, 2, 'a2')], [1]);
    // b3 waits: a, quiet now, might still send something before it.
    expect(out).toEqual(['b1', 'a2']);
    merge.end('a');
    expect(out).toEqual(['b1', 'a2', 'b3']);
  });

  it('lets lines go regardless once more than maxPendingBytes are held', () => {
    const { merge, out, bytes } = merger({ ...OPTIONS, maxPendingBytes: 10 });
    merge.add('a');
    merge.add('b');
    merge.live('a');
    merge.live('b');
    merge.push('a', [line(0, 1, 'a1'), line(0, 2, 'a2')], [6, 6]);
    expect(out).toEqual(['a1']);
    expect(bytes).toEqual([6]);
    expect(merge.pendingBytes).toBe(6);
  });

  it('flush() sends everything held, in order', () => {
    const { merge, out } = merger();
    for (const key of ['a', 'b', 'c']) {
      merge.add(key);
      merge.live(key);
    }
    merge.push('a', [line(0, 3, 'a3')], [1]);
    merge.push('b', [line(0, 1, 'b1')], [1]);
    expect(out).toEqual([]);
    merge.flush();
    expect(out).toEqual(['b1', 'a3']);
  });

  it('delivers a line that is too late for its place at once, never drops it', async () => {
    const { merge, out } = merger();
    merge.add('a');
    merge.add('b');
    merge.live('a');
    merge.live('b');
    merge.push('a', [line(0, 5, 'a5')], [1]);
    await vi.advanceTimersByTimeAsync(100);
    merge.push('b', [line(0, 1, 'b1 late')], [1]);
    expect(out).toEqual(['a5', 'b1 late']);
  });

  it('merges any interleaving of in-order sources into timestamp order, losing nothing', () => {
    const sourceLines = fc.array(fc.tuple(fc.integer({ min: 0, max: 3 }), fc.integer({ min: 0, max: 3 })), { maxLength: 12 });
    fc.assert(
      fc.property(fc.array(sourceLines, { minLength: 1, maxLength: 4 }), fc.array(fc.nat(), { maxLength: 60 }), (sources, picks) => {
        const { merge, out } = merger();
        const queues = sources.map((raw, s) =>
          raw
            .map(([second, nanos]) => ({ second, nanos }))
            .sort((x, y) => x.second - y.second || x.nanos - y.nanos)
            .map(({ second, nanos }, i) => line(second, nanos, `${s}:${i}:${second}.${nanos}`)),
        );
        queues.forEach((_, s) => {
          merge.add(String(s));
          merge.live(String(s));
        });
        // Deliver in an arbitrary interleaving, in arbitrary batch sizes, without time passing.
        const cursors = queues.map(() => 0);
        for (const pick of [...picks, ...queues.flatMap((q, s) => q.map(() => s))]) {
          const s = pick % queues.length;
          const queue = queues[s] ?? [];
          const from = cursors[s] ?? 0;
          const to = Math.min(queue.length, from + 1 + (pick % 3));
          if (from === to) continue;
          merge.push(String(s), queue.slice(from, to), queue.slice(from, to).map(() => 1));
          cursors[s] = to;
        }
        queues.forEach((_, s) => merge.end(String(s)));

        const all = queues.flat();
        expect([...out].sort()).toEqual(all.map((l) => l.text).sort());
        const instants = out.map((text) => text.split(':')[2]?.split('.').map(Number) ?? []);
        for (let i = 1; i < instants.length; i++) {
          const [s0 = 0, n0 = 0] = instants[i - 1] ?? [];
          const [s1 = 0, n1 = 0] = instants[i] ?? [];
          expect(s0 < s1 || (s0 === s1 && n0 <= n1)).toBe(true);
        }
        // Each source's own order is kept.
        queues.forEach((_, s) => {
          const own = out.filter((text) => text.startsWith(`${s}:`)).map((text) => Number(text.split(':')[1]));
          expect(own).toEqual([...own].sort((x, y) => x - y));
        });
      }),
    );
  });
});
