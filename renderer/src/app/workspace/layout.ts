// How one tab's panes share its area, as a pure tree: a leaf is a pane, a split lays its children
// side by side ('row', what "split right" makes) or stacked ('column', "split down"), each taking a
// fraction of the split. Every operation returns a new tree in normal form: no split has fewer
// than two children, no split holds a split of its own direction (it would be the same split
// drawn twice), and each split's fractions sum to 1. Geometry (rectangles, splitters, the
// neighbour in a direction) is computed on the unit square; the view scales it to pixels.
//
// Saved layouts are anything until parseLayout() has checked them.

export type PaneId = string;
/** 'row': children side by side; 'column': children stacked. */
export type SplitDirection = 'row' | 'column';
/** Where a new pane goes beside the one split. */
export type SplitSide = 'right' | 'down';
export type FocusDirection = 'left' | 'right' | 'up' | 'down';

export interface PaneLeaf {
  readonly kind: 'pane';
  readonly pane: PaneId;
}

export interface SplitNode {
  readonly kind: 'split';
  readonly direction: SplitDirection;
  readonly children: readonly Layout[];
  /** One fraction per child, summing to 1. */
  readonly sizes: readonly number[];
}

export type Layout = PaneLeaf | SplitNode;

/** A rectangle on the unit square (the tab's whole area is 0, 0, 1, 1). */
export interface Rect {
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

/** The handle between child `index` and `index + 1` of the split at `path` (child indexes from the root). */
export interface Splitter {
  readonly path: readonly number[];
  readonly index: number;
  readonly direction: SplitDirection;
  /** The whole split's rectangle: a drag is a fraction of its width (row) or height (column). */
  readonly split: Rect;
  /** Where the handle is: an x for a row, a y for a column. */
  readonly at: number;
}

/** The smallest share of a split a splitter drag or a key leaves a child. */
export const MIN_PANE_FRACTION = 0.1;
/** Limits on a saved layout, so a damaged one cannot make the page build thousands of panes. */
export const MAX_LAYOUT_PANES = 64;
export const MAX_LAYOUT_DEPTH = 16;
/** How far fractions may drift from summing to 1 (floating point) before a saved layout is refused. */
const SUM_TOLERANCE = 1e-6;
/** Edges closer than this are the same edge (sums of fractions are not exact). */
const EDGE_TOLERANCE = 1e-9;

export class LayoutError extends Error {
  override readonly name = 'LayoutError';
}

export function paneLayout(pane: PaneId): PaneLeaf {
  return { kind: 'pane', pane };
}

/** The panes in reading order (left to right, top to bottom within each split). */
export function panesOf(layout: Layout): PaneId[] {
  return layout.kind === 'pane' ? [layout.pane] : layout.children.flatMap(panesOf);
}

export function hasPane(layout: Layout, pane: PaneId): boolean {
  return layout.kind === 'pane' ? layout.pane === pane : layout.children.some((child) => hasPane(child, pane));
}

/** Splits `pane`, putting `newPane` on its right or below it, each taking half of its place. */
export function split(layout: Layout, pane: PaneId, side: SplitSide, newPane: PaneId): Layout {
  return insert(layout, pane, side, paneLayout(newPane));
}

/** Splits `target` and puts a whole layout (another tab's panes) on its right or below it. */
export function insert(layout: Layout, target: PaneId, side: SplitSide, inserted: Layout): Layout {
  if (!hasPane(layout, target)) throw new LayoutError(`no pane ${target} in this layout`);
  const twice = panesOf(inserted).find((pane) => hasPane(layout, pane));
  if (twice !== undefined) throw new LayoutError(`pane ${twice} is already in this layout`);
  const direction: SplitDirection = side === 'right' ? 'row' : 'column';
  return normalize(
    mapLeaves(layout, (leaf) => (leaf.pane === target ? { kind: 'split', direction, children: [leaf, inserted], sizes: [0.5, 0.5] } : leaf)),
  );
}

/** Removes a pane; its share goes to the sibling before it (after it, for the first). Null when it was the last. */
export function remove(layout: Layout, pane: PaneId): Layout | null {
  if (!hasPane(layout, pane)) throw new LayoutError(`no pane ${pane} in this layout`);
  const without = removeFrom(layout, pane);
  return without === null ? null : normalize(without);
}

function removeFrom(layout: Layout, pane: PaneId): Layout | null {
  if (layout.kind === 'pane') return layout.pane === pane ? null : layout;
  const kept = layout.children.map((child) => removeFrom(child, pane));
  const children = kept.filter((child): child is Layout => child !== null);
  const gone = kept.indexOf(null);
  if (gone < 0) return { ...layout, children };
  if (children.length === 0) return null;
  const sizes = layout.sizes.slice();
  const heir = gone > 0 ? gone - 1 : 1;
  sizes[heir] = (sizes[heir] as number) + (sizes[gone] as number);
  sizes.splice(gone, 1);
  return { ...layout, children, sizes };
}

/**
 * Moves the splitter between child `index` and `index + 1` of the split at `path` by `delta`, a
 * fraction of that split (positive: right or down). Neither child gets less than `minFraction`.
 */
export function resize(layout: Layout, path: readonly number[], index: number, delta: number, minFraction = MIN_PANE_FRACTION): Layout {
  const node = nodeAt(layout, path);
  if (node.kind !== 'split') throw new LayoutError(`the layout at [${path.join(', ')}] is a pane, not a split`);
  if (!Number.isInteger(index) || index < 0 || index >= node.children.length - 1) {
    throw new LayoutError(`the split at [${path.join(', ')}] has no splitter ${index}`);
  }
  if (!Number.isFinite(delta)) throw new LayoutError(`a splitter moves by a finite fraction, got ${delta}`);
  const before = node.sizes[index] as number;
  const after = node.sizes[index + 1] as number;
  const total = before + after;
  // Two children already below the minimum together stay as they are.
  if (total < 2 * minFraction) return layout;
  const moved = Math.min(Math.max(before + delta, minFraction), total - minFraction);
  const sizes = node.sizes.slice();
  sizes[index] = moved;
  sizes[index + 1] = total - moved;
  return replaceAt(layout, path, { ...node, sizes });
}

/** One pane per id in a near-square grid: rows of ⌈√n⌉ panes, the last row holding the rest. */
export function grid(panes: readonly PaneId[]): Layout {
  if (panes.length === 0) throw new LayoutError('a grid needs at least one pane');
  if (new Set(panes).size !== panes.length) throw new LayoutError('a grid holds each pane once');
  const columns = Math.ceil(Math.sqrt(panes.length));
  const rows: Layout[] = [];
  for (let start = 0; start < panes.length; start += columns) {
    rows.push(evenly('row', panes.slice(start, start + columns).map(paneLayout)));
  }
  return normalize(evenly('column', rows));
}

/** Each pane's rectangle on the unit square. */
export function rectangles(layout: Layout): Map<PaneId, Rect> {
  const rects = new Map<PaneId, Rect>();
  walk(layout, { x: 0, y: 0, width: 1, height: 1 }, [], (leaf, rect) => rects.set(leaf.pane, rect));
  return rects;
}

/** Every splitter, with where it is on the unit square. */
export function splitters(layout: Layout): Splitter[] {
  const found: Splitter[] = [];
  walk(layout, { x: 0, y: 0, width: 1, height: 1 }, [], () => undefined, (node, rect, path) => {
    let offset = 0;
    for (let index = 0; index < node.children.length - 1; index++) {
      offset += node.sizes[index] as number;
      const at = node.direction === 'row' ? rect.x + offset * rect.width : rect.y + offset * rect.height;
      found.push({ path, index, direction: node.direction, split: rect, at });
    }
  });
  return found;
}

/**
 * The pane next to `pane` in a direction: of the panes whose edge touches that side of it, the one
 * sharing the longest stretch of that edge, and of those the one nearest its centre. Null at the
 * tab's edge.
 */
export function neighbour(layout: Layout, pane: PaneId, direction: FocusDirection): PaneId | null {
  const rects = rectangles(layout);
  const from = rects.get(pane);
  if (from === undefined) throw new LayoutError(`no pane ${pane} in this layout`);
  const horizontal = direction === 'left' || direction === 'right';
  let best: { pane: PaneId; overlap: number; distance: number } | null = null;
  for (const [candidate, rect] of rects) {
    if (candidate === pane || !touches(from, rect, direction)) continue;
    const overlap = horizontal ? shared(from.y, from.height, rect.y, rect.height) : shared(from.x, from.width, rect.x, rect.width);
    if (overlap <= EDGE_TOLERANCE) continue;
    const distance = horizontal ? Math.abs(centre(rect.y, rect.height) - centre(from.y, from.height)) : Math.abs(centre(rect.x, rect.width) - centre(from.x, from.width));
    if (best === null || overlap > best.overlap + EDGE_TOLERANCE || (Math.abs(overlap - best.overlap) <= EDGE_TOLERANCE && distance < best.distance)) {
      best = { pane: candidate, overlap, distance };
    }
  }
  return best?.pane ?? null;
}

/**
 * The pane that takes the focus when `pane` closes: the nearest one in the sibling that takes its
 * share (remove()), so the focus stays where the space went. Null for a layout of one pane.
 */
export function heir(layout: Layout, pane: PaneId): PaneId | null {
  const parent = parentOf(layout, pane);
  if (parent === null) return null;
  const first = parent.index === 0;
  const direction: FocusDirection = parent.split.direction === 'row' ? (first ? 'right' : 'left') : first ? 'down' : 'up';
  return neighbour(layout, pane, direction);
}

function parentOf(layout: Layout, pane: PaneId): { split: SplitNode; index: number } | null {
  if (layout.kind === 'pane') return null;
  const index = layout.children.findIndex((child) => child.kind === 'pane' && child.pane === pane);
  if (index >= 0) return { split: layout, index };
  for (const child of layout.children) {
    const found = parentOf(child, pane);
    if (found !== null) return found;
  }
  return null;
}

/** The same layout with each pane renamed (a restored layout gets this window's pane ids). */
export function relabel(layout: Layout, rename: (pane: PaneId) => PaneId): Layout {
  return mapLeaves(layout, (leaf) => paneLayout(rename(leaf.pane)));
}

/**
 * A saved layout checked and in normal form; anything else is refused with a LayoutError naming
 * where (`layout.children[1].sizes`) and what is wrong.
 */
export function parseLayout(value: unknown): Layout {
  const seen = new Set<PaneId>();
  return normalize(parseNode(value, 'layout', 0, seen));
}

function parseNode(value: unknown, where: string, depth: number, seen: Set<PaneId>): Layout {
  if (depth > MAX_LAYOUT_DEPTH) throw new LayoutError(`${where}: splits nest deeper than ${MAX_LAYOUT_DEPTH}`);
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new LayoutError(`${where}: not an object`);
  const node = value as Record<string, unknown>;
  if (node['kind'] === 'pane') {
    const pane = node['pane'];
    if (typeof pane !== 'string' || pane === '' || pane.length > 64) throw new LayoutError(`${where}.pane: not a pane id`);
    if (seen.has(pane)) throw new LayoutError(`${where}: pane ${pane} appears twice`);
    seen.add(pane);
    if (seen.size > MAX_LAYOUT_PANES) throw new LayoutError(`${where}: more than ${MAX_LAYOUT_PANES} panes`);
    return paneLayout(pane);
  }
  if (node['kind'] !== 'split') throw new LayoutError(`${where}.kind: expected "pane" or "split", got ${JSON.stringify(node['kind'])}`);
  const { direction, children, sizes } = node;
  if (direction !== 'row' && direction !== 'column') throw new LayoutError(`${where}.direction: expected "row" or "column", got ${JSON.stringify(direction)}`);
  if (!Array.isArray(children) || children.length < 2) throw new LayoutError(`${where}.children: a split needs a list of at least 2 children`);
  if (!Array.isArray(sizes) || sizes.length !== children.length) throw new LayoutError(`${where}.sizes: expected one size per child (${children.length})`);
  if (!sizes.every((size) => typeof size === 'number' && Number.isFinite(size) && size > 0)) throw new LayoutError(`${where}.sizes: every size must be a positive number`);
  const sum = (sizes as number[]).reduce((total, size) => total + size, 0);
  if (Math.abs(sum - 1) > SUM_TOLERANCE) throw new LayoutError(`${where}.sizes: sizes must sum to 1, got ${sum}`);
  return {
    kind: 'split',
    direction,
    children: children.map((child: unknown, index) => parseNode(child, `${where}.children[${index}]`, depth + 1, seen)),
    sizes: sizes as number[],
  };
}

function evenly(direction: SplitDirection, children: readonly Layout[]): Layout {
  return { kind: 'split', direction, children, sizes: children.map(() => 1 / children.length) };
}

/**
 * Normal form: one-child splits collapse into their child, a split inside a split of the same
 * direction merges into it (its children taking its share), fractions are scaled to sum to 1.
 */
function normalize(layout: Layout): Layout {
  if (layout.kind === 'pane') return layout;
  const children: Layout[] = [];
  const sizes: number[] = [];
  for (const [index, child] of layout.children.entries()) {
    const normal = normalize(child);
    const size = layout.sizes[index] as number;
    if (normal.kind === 'split' && normal.direction === layout.direction) {
      children.push(...normal.children);
      sizes.push(...normal.sizes.map((inner) => inner * size));
    } else {
      children.push(normal);
      sizes.push(size);
    }
  }
  if (children.length === 1) return children[0] as Layout;
  const total = sizes.reduce((sum, size) => sum + size, 0);
  return { kind: 'split', direction: layout.direction, children, sizes: sizes.map((size) => size / total) };
}

function mapLeaves(layout: Layout, change: (leaf: PaneLeaf) => Layout): Layout {
  if (layout.kind === 'pane') return change(layout);
  return { ...layout, children: layout.children.map((child) => mapLeaves(child, change)) };
}

function nodeAt(layout: Layout, path: readonly number[]): Layout {
  let node = layout;
  for (const index of path) {
    const child = node.kind === 'split' ? node.children[index] : undefined;
    if (child === undefined) throw new LayoutError(`the layout has no node at [${path.join(', ')}]`);
    node = child;
  }
  return node;
}

function replaceAt(layout: Layout, path: readonly number[], replacement: Layout): Layout {
  const [index, ...rest] = path;
  if (index === undefined) return replacement;
  if (layout.kind !== 'split') throw new LayoutError('the path goes through a pane');
  const children = layout.children.slice();
  children[index] = replaceAt(children[index] as Layout, rest, replacement);
  return { ...layout, children };
}

function walk(
  layout: Layout,
  rect: Rect,
  path: readonly number[],
  onLeaf: (leaf: PaneLeaf, rect: Rect) => void,
  onSplit: (node: SplitNode, rect: Rect, path: readonly number[]) => void = () => undefined,
): void {
  if (layout.kind === 'pane') {
    onLeaf(layout, rect);
    return;
  }
  onSplit(layout, rect, path);
  let offset = 0;
  for (const [index, child] of layout.children.entries()) {
    const size = layout.sizes[index] as number;
    const childRect =
      layout.direction === 'row'
        ? { x: rect.x + offset * rect.width, y: rect.y, width: size * rect.width, height: rect.height }
        : { x: rect.x, y: rect.y + offset * rect.height, width: rect.width, height: size * rect.height };
    walk(child, childRect, [...path, index], onLeaf, onSplit);
    offset += size;
  }
}

function touches(from: Rect, to: Rect, direction: FocusDirection): boolean {
  switch (direction) {
    case 'right':
      return Math.abs(to.x - (from.x + from.width)) <= EDGE_TOLERANCE;
    case 'left':
      return Math.abs(to.x + to.width - from.x) <= EDGE_TOLERANCE;
    case 'down':
      return Math.abs(to.y - (from.y + from.height)) <= EDGE_TOLERANCE;
    case 'up':
      return Math.abs(to.y + to.height - from.y) <= EDGE_TOLERANCE;
  }
}

function shared(start: number, length: number, otherStart: number, otherLength: number): number {
  return Math.min(start + length, otherStart + otherLength) - Math.max(start, otherStart);
}

function centre(start: number, length: number): number {
  return start + length / 2;
}
