import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { scrollTopForRow, visibleWindow, WindowInputError } from '../../../../renderer/src/lib/virtual-window.ts';

const base = { rowHeight: 20, viewportHeight: 100 };

describe('visibleWindow (fixed rows)', () => {
  it('renders the rows in view plus the overscan, offset to the scroll position', () => {
    expect(visibleWindow({ ...base, rowCount: 1000, scrollTop: 0, overscan: 3 })).toEqual({
      start: 0, end: 8, offset: 0, alignBottom: false, scrollHeight: 20_000, maxScrollTop: 19_900,
    });
    // scrollTop 210: rows 10.5 to 15.5 are in view.
    expect(visibleWindow({ ...base, rowCount: 1000, scrollTop: 210, overscan: 3 })).toMatchObject({ start: 7, end: 19, offset: 7 * 20 - 210 });
  });

  it('clips at both ends and copes with an empty list and a list shorter than the viewport', () => {
    expect(visibleWindow({ ...base, rowCount: 1000, scrollTop: 19_900, overscan: 3 })).toMatchObject({ start: 992, end: 1000 });
    expect(visibleWindow({ ...base, rowCount: 0, scrollTop: 0 })).toMatchObject({ start: 0, end: 0, scrollHeight: 0, maxScrollTop: 0 });
    expect(visibleWindow({ ...base, rowCount: 3, scrollTop: 50 })).toMatchObject({ start: 0, end: 3, offset: 0, maxScrollTop: 0 });
  });

  it('treats a scroll position past either end as the end (elastic scrolling)', () => {
    expect(visibleWindow({ ...base, rowCount: 100, scrollTop: -40 })).toMatchObject({ start: 0, offset: 0 });
    expect(visibleWindow({ ...base, rowCount: 100, scrollTop: 99_999 })).toMatchObject({ start: 95, end: 100, offset: 0 });
  });

  it('scales a list taller than a browser allows so every row stays reachable', () => {
    const input = { rowHeight: 18, viewportHeight: 900, rowCount: 2_000_000, maxScrollHeight: 1_000_000 };
    const top = visibleWindow({ ...input, scrollTop: 0 });
    expect(top).toMatchObject({ start: 0, scrollHeight: 1_000_000, maxScrollTop: 999_100 });
    const bottom = visibleWindow({ ...input, scrollTop: 999_100 });
    expect(bottom.end).toBe(2_000_000);
    expect(bottom.start).toBe(2_000_000 - 50);
    expect(bottom.offset).toBe(0);
    const middle = visibleWindow({ ...input, scrollTop: 999_100 / 2 });
    expect(Math.abs(middle.start - (2_000_000 - 50) / 2)).toBeLessThanOrEqual(1);
  });

  it('shows the last rows when pinned to the bottom, whatever the scroll position says', () => {
    expect(visibleWindow({ ...base, rowCount: 1000, scrollTop: 0, overscan: 3, pinnedToBottom: true })).toEqual(
      visibleWindow({ ...base, rowCount: 1000, scrollTop: 19_900, overscan: 3 }),
    );
    const capped = { rowHeight: 18, viewportHeight: 900, rowCount: 2_000_000, maxScrollHeight: 1_000_000 };
    expect(visibleWindow({ ...capped, scrollTop: 12, pinnedToBottom: true }).end).toBe(2_000_000);
    expect(visibleWindow({ ...base, rowCount: 1000, scrollTop: 0, wrap: true, pinnedToBottom: true })).toMatchObject({ end: 1000, alignBottom: true });
  });

  it('always covers the viewport with rendered rows (property)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 3_000_000 }),
        fc.integer({ min: 1, max: 40 }),
        fc.integer({ min: 0, max: 2000 }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.integer({ min: 0, max: 10 }),
        (rowCount, rowHeight, viewportHeight, position, overscan) => {
          const probe = visibleWindow({ rowCount, rowHeight, viewportHeight, scrollTop: 0 });
          const w = visibleWindow({ rowCount, rowHeight, viewportHeight, scrollTop: position * probe.maxScrollTop, overscan });
          expect(w.start).toBeGreaterThanOrEqual(0);
          expect(w.end).toBeLessThanOrEqual(rowCount);
          expect(w.offset).toBeLessThanOrEqual(0);
          // The rendered rows reach from above the viewport's top to below its bottom (or the list's end).
          const renderedBottom = w.offset + (w.end - w.start) * rowHeight;
          expect(renderedBottom).toBeGreaterThanOrEqual(Math.min(viewportHeight, (rowCount - w.start) * rowHeight + w.offset) - 1e-6);
          expect(w.end - w.start).toBeLessThanOrEqual(Math.ceil(viewportHeight / rowHeight) + 1 + 2 * overscan);
        },
      ),
    );
  });

  it('refuses nonsense input with a specific error', () => {
    expect(() => visibleWindow({ ...base, rowCount: -1, scrollTop: 0 })).toThrow(WindowInputError);
    expect(() => visibleWindow({ ...base, rowCount: 1.5, scrollTop: 0 })).toThrow(/rowCount/);
    expect(() => visibleWindow({ ...base, rowHeight: 0, rowCount: 1, scrollTop: 0 })).toThrow(/rowHeight must be > 0/);
    expect(() => visibleWindow({ ...base, rowCount: 1, scrollTop: Number.NaN })).toThrow(/scrollTop/);
    expect(() => visibleWindow({ ...base, viewportHeight: -1, rowCount: 1, scrollTop: 0 })).toThrow(/viewportHeight/);
  });
});

describe('visibleWindow (wrap mode: scrolling by lines)', () => {
  it('starts at the line the scroll position names and renders enough lines to fill the view', () => {
    const w = visibleWindow({ ...base, wrap: true, rowCount: 100, scrollTop: 20 * 30 + 5 });
    expect(w).toMatchObject({ start: 30, end: 36, alignBottom: false, offset: 0 });
    // Every line can be the first one shown: the range is one row per line plus a viewport.
    expect(w.scrollHeight).toBe(99 * 20 + 100);
    expect(w.maxScrollTop).toBe(99 * 20);
  });

  it('draws the last lines bottom-aligned at the bottom, so the newest line shows in full', () => {
    expect(visibleWindow({ ...base, wrap: true, rowCount: 100, scrollTop: 99 * 20 })).toMatchObject({ start: 95, end: 100, alignBottom: true });
    expect(visibleWindow({ ...base, wrap: true, rowCount: 1, scrollTop: 0 })).toMatchObject({ start: 0, end: 1, alignBottom: true });
    expect(visibleWindow({ ...base, wrap: true, rowCount: 0, scrollTop: 0 })).toMatchObject({ start: 0, end: 0 });
  });
});

describe('scrollTopForRow', () => {
  it('is the inverse of visibleWindow for a row at the top', () => {
    const input = { ...base, rowCount: 1000 };
    expect(scrollTopForRow(10, input)).toBe(200);
    expect(visibleWindow({ ...input, scrollTop: scrollTopForRow(10, input) }).start).toBe(10);
    expect(scrollTopForRow(5000, input)).toBe(19_900);
    const scaled = { rowHeight: 18, viewportHeight: 900, rowCount: 2_000_000, maxScrollHeight: 1_000_000 };
    expect(visibleWindow({ ...scaled, scrollTop: scrollTopForRow(1_234_567, scaled) }).start).toBe(1_234_567);
  });
});
