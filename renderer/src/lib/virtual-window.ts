// Which rows of a long list to render, from the scroll position. The list draws a spacer as tall as
// the content and one layer of rows that stays in the viewport (position: sticky), moved by
// `offset`. Only the rows in [start, end) exist in the DOM.
//
// Browsers cap an element's height (Chrome about 33.5 million px, Firefox about 17.9 million), and a
// million 18 px rows is 18 million px. So the spacer is at most MAX_SCROLL_HEIGHT tall and the
// scroll position is scaled onto the content: the scrollbar's top is the first row, its bottom the
// last, and every row stays reachable.
//
// Wrap mode (long lines wrap onto several visual rows): rows then have heights the model does not
// know. Instead of measuring every line, wrap mode scrolls by whole log lines, like `less`: the
// scroll position picks the first line, and lines are drawn downward at their natural height until
// the viewport is full (the layer clips the rest). At the very bottom the last lines are drawn
// bottom-aligned instead (`alignBottom`: the component shifts the layer up by however much it
// overflows), so the newest line is always fully visible while following.

export const MAX_SCROLL_HEIGHT = 10_000_000;

export interface WindowInput {
  readonly rowCount: number;
  /** Pixels per row (per unwrapped line). */
  readonly rowHeight: number;
  readonly viewportHeight: number;
  readonly scrollTop: number;
  /** Extra rows rendered above and below the viewport. */
  readonly overscan?: number;
  /**
   * Follow mode: the window shows the last rows whatever `scrollTop` says. The list sets its
   * scrollTop to maxScrollTop after rendering; without this, every batch of new lines would first
   * be rendered at the old scroll position and then again at the new one.
   */
  readonly pinnedToBottom?: boolean;
  readonly wrap?: boolean;
  /** Only for tests of the scaling; the default is MAX_SCROLL_HEIGHT. */
  readonly maxScrollHeight?: number;
}

export interface VisibleWindow {
  /** First row to render. */
  readonly start: number;
  /** One past the last row to render. */
  readonly end: number;
  /**
   * Unwrapped: pixels from the viewport's top to row `start`'s top (zero or negative).
   * Wrapped: 0 when rows are drawn from the top; with `alignBottom` they are drawn up from the bottom.
   */
  readonly offset: number;
  readonly alignBottom: boolean;
  /** Height of the spacer that gives the scrollbar its range. */
  readonly scrollHeight: number;
  /** The scrollTop that shows the last row: where follow mode keeps the list. */
  readonly maxScrollTop: number;
}

export class WindowInputError extends Error {
  override readonly name = 'WindowInputError';
}

function check(input: WindowInput): void {
  const { rowCount, rowHeight, viewportHeight, scrollTop } = input;
  if (!Number.isInteger(rowCount) || rowCount < 0) throw new WindowInputError(`rowCount must be a whole number ≥ 0, got ${rowCount}`);
  if (!(rowHeight > 0) || !Number.isFinite(rowHeight)) throw new WindowInputError(`rowHeight must be > 0, got ${rowHeight}`);
  if (!(viewportHeight >= 0) || !Number.isFinite(viewportHeight)) {
    throw new WindowInputError(`viewportHeight must be ≥ 0, got ${viewportHeight}`);
  }
  if (!Number.isFinite(scrollTop)) throw new WindowInputError(`scrollTop must be a finite number, got ${scrollTop}`);
}

/**
 * Height of the content the scrollbar moves over. Wrap mode scrolls by lines, so its range is one
 * row per line plus a viewport: every line can be the first one shown.
 */
function contentHeight(input: Omit<WindowInput, 'scrollTop'>): number {
  if (!input.wrap) return input.rowCount * input.rowHeight;
  return input.rowCount === 0 ? 0 : (input.rowCount - 1) * input.rowHeight + input.viewportHeight;
}

interface ScrollGeometry {
  readonly contentHeight: number;
  readonly scrollHeight: number;
  readonly maxScrollTop: number;
  readonly maxContentTop: number;
}

function geometry(input: Omit<WindowInput, 'scrollTop'>): ScrollGeometry {
  const height = contentHeight(input);
  const scrollHeight = Math.min(height, input.maxScrollHeight ?? MAX_SCROLL_HEIGHT);
  return {
    contentHeight: height,
    scrollHeight,
    maxScrollTop: Math.max(0, scrollHeight - input.viewportHeight),
    maxContentTop: Math.max(0, height - input.viewportHeight),
  };
}

/** Scroll position → pixels from the content's top to the viewport's top (they differ when the spacer is capped). */
function contentTop(scrollTop: number, g: ScrollGeometry): number {
  const top = Math.min(Math.max(0, scrollTop), g.maxScrollTop);
  if (g.scrollHeight === g.contentHeight || g.maxScrollTop === 0) return Math.min(top, g.maxContentTop);
  return (top / g.maxScrollTop) * g.maxContentTop;
}

export function visibleWindow(input: WindowInput): VisibleWindow {
  check(input);
  const { rowCount, rowHeight, viewportHeight } = input;
  const overscan = Math.max(0, Math.floor(input.overscan ?? 0));
  const g = geometry(input);
  const scrollTop = input.pinnedToBottom === true ? g.maxScrollTop : input.scrollTop;
  const top = contentTop(scrollTop, g);
  const rowsInView = Math.ceil(viewportHeight / rowHeight);
  const base = { scrollHeight: g.scrollHeight, maxScrollTop: g.maxScrollTop };

  if (input.wrap) {
    if (rowCount === 0) return { ...base, start: 0, end: 0, offset: 0, alignBottom: false };
    // Lines are at least one row tall, so rowsInView lines always fill the viewport.
    if (scrollTop >= g.maxScrollTop - 0.5) {
      return { ...base, start: Math.max(0, rowCount - rowsInView), end: rowCount, offset: 0, alignBottom: true };
    }
    const start = Math.min(Math.floor(top / rowHeight), rowCount - 1);
    return { ...base, start, end: Math.min(rowCount, start + rowsInView + 1), offset: 0, alignBottom: false };
  }

  const first = Math.floor(top / rowHeight);
  const start = Math.max(0, first - overscan);
  const end = Math.min(rowCount, Math.ceil((top + viewportHeight) / rowHeight) + overscan);
  return { ...base, start, end: Math.max(start, end), offset: start * rowHeight - top, alignBottom: false };
}

/** The scrollTop that puts `row` at the top of the viewport (as far as the list can scroll). */
export function scrollTopForRow(row: number, input: Omit<WindowInput, 'scrollTop'>): number {
  const g = geometry(input);
  const wanted = Math.min(Math.max(0, row) * input.rowHeight, g.maxContentTop);
  if (g.scrollHeight === g.contentHeight || g.maxContentTop === 0) return Math.min(wanted, g.maxScrollTop);
  return (wanted / g.maxContentTop) * g.maxScrollTop;
}
