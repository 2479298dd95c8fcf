// Where windows open: the size and position of the last window closed, kept in a small JSON file
// in the user-data directory. What is read back is checked (a hand-edited or half-written file must
// not place a window off screen or at a silly size) and fitted onto a display that exists now.
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { SchemaError, boolean, integer, objectOf } from '../../shared/bridge/schema.ts';

export interface Rect {
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

export interface WindowState {
  /** The window's normal (not maximised) bounds. */
  readonly bounds: Rect;
  readonly maximized: boolean;
}

export const DEFAULT_SIZE = { width: 1280, height: 800 } as const;
export const MIN_SIZE = { width: 640, height: 400 } as const;
/** How far each further window is moved from the one before it. */
export const CASCADE_OFFSET = 28;
/** Coordinates beyond any real desktop: such a file is corrupt, not a big screen. */
const COORDINATE_LIMIT = 100_000;

const stateSchema = objectOf<WindowState>({
  bounds: objectOf<Rect>({
    x: integer(-COORDINATE_LIMIT, COORDINATE_LIMIT),
    y: integer(-COORDINATE_LIMIT, COORDINATE_LIMIT),
    width: integer(MIN_SIZE.width, COORDINATE_LIMIT),
    height: integer(MIN_SIZE.height, COORDINATE_LIMIT),
  }),
  maximized: boolean,
});

/** Throws a SchemaError (or SyntaxError) saying what is wrong with the text. */
export function parseWindowState(text: string): WindowState {
  return stateSchema(JSON.parse(text), 'window state');
}

/** The saved state, or null when there is none or it is unusable (said through `log`). */
export function readWindowState(file: string, log: (message: string) => void): WindowState | null {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') log(`Porthole could not read ${file} (${String(error)}); windows open at the default size.`);
    return null;
  }
  try {
    return parseWindowState(text);
  } catch (error) {
    const problem = error instanceof SchemaError || error instanceof SyntaxError ? error.message : String(error);
    log(`Porthole ignored ${file}: ${problem}; windows open at the default size.`);
    return null;
  }
}

/** Written whole to a temporary file and renamed, so a crash never leaves half a file. */
export function writeWindowState(file: string, state: WindowState): void {
  mkdirSync(dirname(file), { recursive: true });
  const temporary = `${file}.${process.pid}.tmp`;
  writeFileSync(temporary, `${JSON.stringify(state, null, 2)}\n`);
  renameSync(temporary, file);
}

function overlap(a: Rect, b: Rect): number {
  const width = Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x);
  const height = Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y);
  return width > 0 && height > 0 ? width * height : 0;
}

function clamp(value: number, min: number, max: number): number {
  return Math.min(Math.max(value, min), max);
}

/** `size` made to fit `area`, centred on it. */
function centred(area: Rect, size: { width: number; height: number }): Rect {
  const width = Math.min(size.width, area.width);
  const height = Math.min(size.height, area.height);
  return {
    x: area.x + Math.floor((area.width - width) / 2),
    y: area.y + Math.floor((area.height - height) / 2),
    width,
    height,
  };
}

/**
 * Bounds for a window that wants `wanted`, fitted onto the display it overlaps most (shrunk to
 * that display's work area and moved fully inside it). Bounds that overlap no display at all
 * (the monitor they were on is gone) give the wanted size centred on the primary display; no
 * wanted bounds give the default size there.
 */
export function placeWindow(wanted: Rect | null, workAreas: readonly Rect[], primary: Rect): Rect {
  if (wanted === null) return centred(primary, DEFAULT_SIZE);
  let best: Rect | null = null;
  let bestOverlap = 0;
  for (const area of workAreas) {
    const shared = overlap(wanted, area);
    if (shared > bestOverlap) {
      best = area;
      bestOverlap = shared;
    }
  }
  if (best === null) return centred(primary, wanted);
  const width = Math.min(wanted.width, best.width);
  const height = Math.min(wanted.height, best.height);
  return {
    x: clamp(wanted.x, best.x, best.x + best.width - width),
    y: clamp(wanted.y, best.y, best.y + best.height - height),
    width,
    height,
  };
}

/** Where a further window goes: just below and right of `previous`. */
export function cascadeFrom(previous: Rect): Rect {
  return { ...previous, x: previous.x + CASCADE_OFFSET, y: previous.y + CASCADE_OFFSET };
}
