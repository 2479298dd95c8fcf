import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  grid,
  heir,
  insert,
  LayoutError,
  MAX_LAYOUT_DEPTH,
  MAX_LAYOUT_PANES,
  MIN_PANE_FRACTION,
  neighbour,
  paneLayout,
  panesOf,
  parseLayout,
  rectangles,
  relabel,
  remove,
  resize,
  split,
  splitters,
  type FocusDirection,
  type Layout,
  type SplitSide,
} from '../../../../../renderer/src/app/workspace/layout.ts';

/** a | b over c: a and b side by side on top, c below them. */
const twoOverOne = split(split(paneLayout('a'), 'a', 'down', 'c'), 'a', 'right', 'b');

function sizesOf(layout: Layout): number[][] {
  return layout.kind === 'pane' ? [] : [[...layout.sizes], ...layout.children.flatMap(sizesOf)];
}

function area(layout: Layout): number {
  return [...rectangles(layout).values()].reduce((sum, rect) => sum + rect.width * rect.height, 0);
}

describe('layout: split and remove', () => {
  it('splits a pane right into a row and down into a column, each half of its place', () => {
    expect(split(paneLayout('a'), 'a', 'right', 'b')).toEqual({ kind: 'split', direction: 'row', children: [paneLayout('a'), paneLayout('b')], sizes: [0.5, 0.5] });
    expect(twoOverOne).toEqual({
      kind: 'split',
      direction: 'column',
      children: [{ kind: 'split', direction: 'row', children: [paneLayout('a'), paneLayout('b')], sizes: [0.5, 0.5] }, paneLayout('c')],
      sizes: [0.5, 0.5],
    });
  });

  it('splits in the direction of its split into the same split, not a nested one', () => {
    const row = split(split(paneLayout('a'), 'a', 'right', 'b'), 'b', 'right', 'c');
    expect(row).toEqual({ kind: 'split', direction: 'row', children: ['a', 'b', 'c'].map(paneLayout), sizes: [0.5, 0.25, 0.25] });
  });

  it('refuses to split a pane that is not there, or to add one twice', () => {
    expect(() => split(paneLayout('a'), 'x', 'right', 'b')).toThrow(new LayoutError('no pane x in this layout'));
    expect(() => split(twoOverOne, 'a', 'down', 'c')).toThrow(new LayoutError('pane c is already in this layout'));
  });

  it('gives a removed pane\'s share to the sibling before it, or after it for the first', () => {
    const row = split(split(paneLayout('a'), 'a', 'right', 'b'), 'b', 'right', 'c');
    expect(remove(row, 'c')).toEqual({ kind: 'split', direction: 'row', children: ['a', 'b'].map(paneLayout), sizes: [0.5, 0.5] });
    expect(remove(row, 'a')).toEqual({ kind: 'split', direction: 'row', children: ['b', 'c'].map(paneLayout), sizes: [0.75, 0.25] });
  });

  it('collapses a split left with one child, and merges it into a parent of the same direction', () => {
    expect(remove(twoOverOne, 'c')).toEqual({ kind: 'split', direction: 'row', children: ['a', 'b'].map(paneLayout), sizes: [0.5, 0.5] });
    // a | (b over c): removing c leaves b alone in its column, which joins the row.
    const nested = split(split(paneLayout('a'), 'a', 'right', 'b'), 'b', 'down', 'c');
    expect(remove(nested, 'c')).toEqual({ kind: 'split', direction: 'row', children: ['a', 'b'].map(paneLayout), sizes: [0.5, 0.5] });
    expect(remove(paneLayout('a'), 'a')).toBeNull();
    expect(() => remove(paneLayout('a'), 'b')).toThrow(new LayoutError('no pane b in this layout'));
  });

  it('puts another tab\'s whole layout beside a pane', () => {
    const moved = insert(paneLayout('x'), 'x', 'down', split(paneLayout('a'), 'a', 'right', 'b'));
    expect(panesOf(moved)).toEqual(['x', 'a', 'b']);
    expect(rectangles(moved).get('b')).toEqual({ x: 0.5, y: 0.5, width: 0.5, height: 0.5 });
  });
});

describe('layout: geometry', () => {
  it('gives each pane its rectangle on the unit square, and each splitter its place', () => {
    expect(Object.fromEntries(rectangles(twoOverOne))).toEqual({
      a: { x: 0, y: 0, width: 0.5, height: 0.5 },
      b: { x: 0.5, y: 0, width: 0.5, height: 0.5 },
      c: { x: 0, y: 0.5, width: 1, height: 0.5 },
    });
    expect(splitters(twoOverOne)).toEqual([
      { path: [], index: 0, direction: 'column', split: { x: 0, y: 0, width: 1, height: 1 }, at: 0.5 },
      { path: [0], index: 0, direction: 'row', split: { x: 0, y: 0, width: 1, height: 0.5 }, at: 0.5 },
    ]);
  });

  it('finds the neighbour in each direction, or none at the edge', () => {
    expect(neighbour(twoOverOne, 'a', 'right')).toBe('b');
    expect(neighbour(twoOverOne, 'b', 'left')).toBe('a');
    expect(neighbour(twoOverOne, 'b', 'down')).toBe('c');
    expect(neighbour(twoOverOne, 'a', 'up')).toBeNull();
    expect(neighbour(twoOverOne, 'c', 'right')).toBeNull();
    expect(() => neighbour(twoOverOne, 'x', 'up')).toThrow(new LayoutError('no pane x in this layout'));
  });

  it('names the pane that takes the space (and the focus) of a closing one', () => {
    expect(heir(twoOverOne, 'b')).toBe('a');
    expect(heir(twoOverOne, 'a')).toBe('b');
    expect(heir(twoOverOne, 'c')).toBe('a');
    expect(heir(paneLayout('a'), 'a')).toBeNull();
  });

  it('goes to the pane sharing the longest edge, then the one nearest the centre', () => {
    // c spans the bottom; above it, a takes 0.7 of the width: up from c is a.
    const wide = resize(twoOverOne, [0], 0, 0.2);
    expect(neighbour(wide, 'c', 'up')).toBe('a');
    // Equal shares: the nearer centre wins (both touch c's top edge equally; a is first and as near).
    const three = split(split(split(paneLayout('a'), 'a', 'down', 'd'), 'a', 'right', 'b'), 'b', 'right', 'c');
    expect(neighbour(three, 'd', 'up')).toBe('a');
  });

  it('lays a grid of n panes in near-square rows', () => {
    expect(grid(['a'])).toEqual(paneLayout('a'));
    expect(grid(['a', 'b'])).toEqual({ kind: 'split', direction: 'row', children: ['a', 'b'].map(paneLayout), sizes: [0.5, 0.5] });
    const five = grid(['a', 'b', 'c', 'd', 'e']);
    expect(five.kind === 'split' && five.children.map(panesOf)).toEqual([['a', 'b', 'c'], ['d', 'e']]);
    const four = rectangles(grid(['a', 'b', 'c', 'd']));
    expect(four.get('d')).toEqual({ x: 0.5, y: 0.5, width: 0.5, height: 0.5 });
    expect(() => grid([])).toThrow(new LayoutError('a grid needs at least one pane'));
    expect(() => grid(['a', 'a'])).toThrow(new LayoutError('a grid holds each pane once'));
  });
});

describe('layout: resize', () => {
  it('moves a splitter by a fraction of its split, and no child below the minimum', () => {
    const row = split(paneLayout('a'), 'a', 'right', 'b');
    expect(resize(row, [], 0, 0.25)).toMatchObject({ sizes: [0.75, 0.25] });
    expect(resize(row, [], 0, -2)).toMatchObject({ sizes: [MIN_PANE_FRACTION, 1 - MIN_PANE_FRACTION] });
    const widest = resize(row, [], 0, 2);
    expect(widest.kind === 'split' && widest.sizes[0]).toBeCloseTo(1 - MIN_PANE_FRACTION, 12);
    expect(widest.kind === 'split' && widest.sizes[1]).toBeCloseTo(MIN_PANE_FRACTION, 12);
  });

  it.each<[readonly number[], number, number, string]>([
    [[0, 0], 0, 0.1, 'the layout at [0, 0] is a pane, not a split'],
    [[5], 0, 0.1, 'the layout has no node at [5]'],
    [[], 1, 0.1, 'the split at [] has no splitter 1'],
    [[], 0, Number.NaN, 'a splitter moves by a finite fraction, got NaN'],
  ])('refuses to move splitter %j/%d by %d', (path, index, delta, error) => {
    expect(() => resize(twoOverOne, path, index, delta)).toThrow(new LayoutError(error));
  });
});

describe('layout: saved layouts', () => {
  it('reads back what it saved, renamed for this window', () => {
    const saved = JSON.parse(JSON.stringify(twoOverOne));
    expect(parseLayout(saved)).toEqual(twoOverOne);
    expect(panesOf(relabel(parseLayout(saved), (pane) => `p-${pane}`))).toEqual(['p-a', 'p-b', 'p-c']);
  });

  const deep = (depth: number): unknown => (depth === 0 ? paneLayout('leaf') : { kind: 'split', direction: depth % 2 ? 'row' : 'column', children: [deep(depth - 1), paneLayout(`p${depth}`)], sizes: [0.5, 0.5] });
  it.each<[unknown, string]>([
    [null, 'layout: not an object'],
    [{ kind: 'tabs' }, 'layout.kind: expected "pane" or "split", got "tabs"'],
    [{ kind: 'pane', pane: '' }, 'layout.pane: not a pane id'],
    [{ kind: 'split', direction: 'diagonal', children: [], sizes: [] }, 'layout.direction: expected "row" or "column", got "diagonal"'],
    [{ kind: 'split', direction: 'row', children: [paneLayout('a')], sizes: [1] }, 'layout.children: a split needs a list of at least 2 children'],
    [{ kind: 'split', direction: 'row', children: [paneLayout('a'), paneLayout('b')], sizes: [1] }, 'layout.sizes: expected one size per child (2)'],
    [{ kind: 'split', direction: 'row', children: [paneLayout('a'), paneLayout('b')], sizes: [1, -0] }, 'layout.sizes: every size must be a positive number'],
    [{ kind: 'split', direction: 'row', children: [paneLayout('a'), paneLayout('b')], sizes: [0.5, 0.3] }, 'layout.sizes: sizes must sum to 1, got 0.8'],
    [{ kind: 'split', direction: 'row', children: [paneLayout('a'), { kind: 'split', direction: 'column', children: [paneLayout('b'), paneLayout('a')], sizes: [0.5, 0.5] }], sizes: [0.5, 0.5] }, 'layout.children[1].children[1]: pane a appears twice'],
    [deep(MAX_LAYOUT_DEPTH + 1), `layout${'.children[0]'.repeat(MAX_LAYOUT_DEPTH + 1)}: splits nest deeper than ${MAX_LAYOUT_DEPTH}`],
  ])('refuses the damaged layout %#', (saved, error) => {
    expect(() => parseLayout(saved)).toThrow(new LayoutError(error));
  });

  it(`refuses more than ${MAX_LAYOUT_PANES} panes`, () => {
    const many = grid(Array.from({ length: MAX_LAYOUT_PANES + 1 }, (_, i) => `p${i}`));
    expect(() => parseLayout(many)).toThrow(LayoutError);
  });
});

// Properties: any sequence of splits, removes and resizes keeps a layout well formed.
type Step = { op: 'split'; at: number; side: SplitSide } | { op: 'remove'; at: number } | { op: 'resize'; at: number; delta: number };
const step = fc.oneof(
  fc.record({ op: fc.constant('split' as const), at: fc.nat(), side: fc.constantFrom<SplitSide>('right', 'down') }),
  fc.record({ op: fc.constant('remove' as const), at: fc.nat() }),
  fc.record({ op: fc.constant('resize' as const), at: fc.nat(), delta: fc.double({ min: -1, max: 1, noNaN: true }) }),
);

function run(steps: readonly Step[]): { layout: Layout | null; live: string[] } {
  let layout: Layout | null = paneLayout('p0');
  let live = ['p0'];
  let next = 1;
  for (const s of steps) {
    if (layout === null) break;
    if (s.op === 'split') {
      const id = `p${next++}`;
      layout = split(layout, live[s.at % live.length] as string, s.side, id);
      live = [...live, id];
    } else if (s.op === 'remove') {
      const gone = live[s.at % live.length] as string;
      layout = remove(layout, gone);
      live = live.filter((id) => id !== gone);
    } else {
      const handles = splitters(layout);
      const handle = handles[s.at % Math.max(1, handles.length)];
      if (handle) layout = resize(layout, handle.path, handle.index, s.delta);
    }
  }
  return { layout, live };
}

function wellFormed(layout: Layout, parent: Layout['kind'] | 'row' | 'column' | null = null): void {
  if (layout.kind === 'pane') return;
  expect(layout.children.length).toBeGreaterThanOrEqual(2);
  expect(layout.direction).not.toBe(parent);
  expect(layout.sizes.reduce((sum, size) => sum + size, 0)).toBeCloseTo(1, 9);
  for (const child of layout.children) wellFormed(child, layout.direction);
}

describe('layout: properties', () => {
  it('keeps every pane exactly once, in normal form, with fractions summing to 1 and tiling the square', () => {
    fc.assert(
      fc.property(fc.array(step, { maxLength: 40 }), (steps) => {
        const { layout, live } = run(steps);
        if (layout === null) {
          expect(live).toEqual([]);
          return;
        }
        expect([...panesOf(layout)].sort()).toEqual([...live].sort());
        wellFormed(layout);
        for (const sizes of sizesOf(layout)) for (const size of sizes) expect(size).toBeGreaterThan(0);
        expect(area(layout)).toBeCloseTo(1, 9);
        expect(parseLayout(JSON.parse(JSON.stringify(layout)))).toEqual(layout);
      }),
    );
  });

  it('finds a neighbour in every direction but at the tab\'s edge', () => {
    fc.assert(
      fc.property(fc.array(step, { maxLength: 30 }), fc.nat(), fc.constantFrom<FocusDirection>('left', 'right', 'up', 'down'), (steps, at, direction) => {
        const { layout, live } = run(steps);
        if (layout === null) return;
        const from = live[at % live.length] as string;
        const to = neighbour(layout, from, direction);
        const rect = rectangles(layout).get(from)!;
        const atEdge = { left: rect.x <= 1e-9, right: rect.x + rect.width >= 1 - 1e-9, up: rect.y <= 1e-9, down: rect.y + rect.height >= 1 - 1e-9 }[direction];
        expect(to === null).toBe(atEdge);
      }),
    );
  });

  it('lays out any number of panes in a grid holding each once', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: MAX_LAYOUT_PANES }), (n) => {
        const panes = Array.from({ length: n }, (_, i) => `p${i}`);
        const layout = grid(panes);
        expect(panesOf(layout)).toEqual(panes);
        wellFormed(layout);
        expect(area(layout)).toBeCloseTo(1, 9);
      }),
    );
  });
});
