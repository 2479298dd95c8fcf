import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { RowKeys } from '../../../../renderer/src/lib/log-row-keys.ts';

const range = (from: number, to: number): number[] => Array.from({ length: to - from }, (_, i) => from + i);

describe('RowKeys', () => {
  it('keeps the slot of a line that stays in the window', () => {
    const keys = new RowKeys();
    const first = keys.assign(range(100, 110));
    const moved = keys.assign(range(102, 112));
    // Lines 102..109 keep their slots; 110 and 111 take the slots 100 and 101 gave up.
    expect(moved.slice(0, 8)).toEqual(first.slice(2));
    expect(moved.slice(8)).toEqual(first.slice(0, 2));
  });

  it('reuses every slot, in screen order, when the whole window is replaced', () => {
    const keys = new RowKeys();
    const first = keys.assign(range(0, 40));
    expect(keys.assign(range(5000, 5040))).toEqual(first);
  });

  it('makes new slots only as the window grows, and hands the slots back when it shrinks', () => {
    const keys = new RowKeys();
    expect(keys.assign(range(0, 3))).toEqual([0, 1, 2]);
    expect(keys.assign([])).toEqual([]);
    expect(keys.assign(range(10, 15))).toEqual([0, 1, 2, 3, 4]);
  });

  it('refuses a window that names a line twice', () => {
    expect(() => new RowKeys().assign([1, 2, 1])).toThrow(RangeError);
  });

  it('gives distinct slots, keeps staying lines, and never makes more slots than the largest window (property)', () => {
    const window = fc.uniqueArray(fc.integer({ min: 0, max: 300 }), { maxLength: 60 });
    fc.assert(
      fc.property(fc.array(window, { minLength: 1, maxLength: 30 }), (windows) => {
        const keys = new RowKeys();
        let previous = new Map<number, number>();
        let largest = 0;
        for (const seqs of windows) {
          const slots = keys.assign(seqs);
          largest = Math.max(largest, seqs.length);
          expect(new Set(slots).size).toBe(seqs.length);
          for (const slot of slots) expect(slot).toBeLessThan(largest);
          seqs.forEach((seq, i) => {
            const before = previous.get(seq);
            if (before !== undefined) expect(slots[i]).toBe(before);
          });
          previous = new Map(seqs.map((seq, i) => [seq, slots[i] as number]));
        }
      }),
    );
  });
});
