// The remembered window position: what is read back is validated, and whatever is used is placed
// on a display that exists.
import { existsSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  DEFAULT_SIZE,
  cascadeFrom,
  parseWindowState,
  placeWindow,
  readWindowState,
  writeWindowState,
  type Rect,
  type WindowState,
} from '../../../../main/electron/window-state.ts';

const GOOD: WindowState = { bounds: { x: 100, y: 80, width: 1200, height: 760 }, maximized: false };
const LAPTOP: Rect = { x: 0, y: 0, width: 1440, height: 875 };
const MONITOR: Rect = { x: 1440, y: -200, width: 2560, height: 1415 };

function tempFile(text?: string): string {
  const file = join(mkdtempSync(join(tmpdir(), 'porthole-state-')), 'window-state.json');
  if (text !== undefined) writeFileSync(file, text);
  return file;
}

describe('parseWindowState', () => {
  it('accepts a well-formed state', () => {
    expect(parseWindowState(JSON.stringify(GOOD))).toEqual(GOOD);
  });

  it.each([
    ['not JSON', '{"bounds":', /JSON/],
    ['a number', '42', /window state must be an object/],
    ['a missing field', JSON.stringify({ bounds: GOOD.bounds }), /window state\.maximized is missing/],
    ['an unknown field', JSON.stringify({ ...GOOD, display: 2 }), /unknown field "display"/],
    ['a fractional coordinate', JSON.stringify({ ...GOOD, bounds: { ...GOOD.bounds, x: 1.5 } }), /window state\.bounds\.x must be an integer/],
    ['a string size', JSON.stringify({ ...GOOD, bounds: { ...GOOD.bounds, width: '1200' } }), /bounds\.width must be an integer/],
    ['a window too small to use', JSON.stringify({ ...GOOD, bounds: { ...GOOD.bounds, height: 10 } }), /bounds\.height must be an integer from 400/],
    ['a coordinate beyond any desktop', JSON.stringify({ ...GOOD, bounds: { ...GOOD.bounds, y: 1e9 } }), /bounds\.y must be an integer from -100000 to 100000/],
    ['prototype pollution', '{"__proto__":{"polluted":true},"bounds":{"x":0,"y":0,"width":800,"height":600},"maximized":false}', /prototype pollution/],
    ['maximized as a string', JSON.stringify({ ...GOOD, maximized: 'yes' }), /maximized must be true or false/],
  ])('refuses %s, saying what is wrong', (_what, text, message) => {
    expect(() => parseWindowState(text)).toThrow(message);
  });
});

describe('readWindowState', () => {
  it('returns null silently when there is no file yet', () => {
    const logged: string[] = [];
    expect(readWindowState(tempFile(), (message) => logged.push(message))).toBeNull();
    expect(logged).toEqual([]);
  });

  it('returns null for a corrupt file and says which file and why', () => {
    const logged: string[] = [];
    const file = tempFile('{"bounds": {"x": "left"}}');
    expect(readWindowState(file, (message) => logged.push(message))).toBeNull();
    expect(logged).toHaveLength(1);
    expect(logged[0]).toContain(file);
    expect(logged[0]).toMatch(/bounds\.x must be an integer/);
  });

  it('reads back what writeWindowState wrote, leaving no temporary file', () => {
    const file = tempFile();
    writeWindowState(file, GOOD);
    expect(readWindowState(file, () => undefined)).toEqual(GOOD);
    expect(readdirSync(join(file, '..'))).toEqual(['window-state.json']);
    expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual(GOOD);
  });

  it('writeWindowState makes the user-data directory when it does not exist yet', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'porthole-state-')), 'fresh', 'window-state.json');
    writeWindowState(file, GOOD);
    expect(existsSync(file)).toBe(true);
  });
});

describe('placeWindow', () => {
  it('opens a first window at the default size, centred on the primary display', () => {
    expect(placeWindow(null, [LAPTOP], LAPTOP)).toEqual({ x: 80, y: 37, ...DEFAULT_SIZE });
  });

  it('keeps bounds that fit on a display as they are', () => {
    expect(placeWindow(GOOD.bounds, [LAPTOP, MONITOR], LAPTOP)).toEqual(GOOD.bounds);
    const onMonitor = { x: 2000, y: 0, width: 1600, height: 1000 };
    expect(placeWindow(onMonitor, [LAPTOP, MONITOR], LAPTOP)).toEqual(onMonitor);
  });

  it('moves a window hanging off a display’s edge fully onto the display it overlaps most', () => {
    expect(placeWindow({ x: 1000, y: 500, width: 800, height: 600 }, [LAPTOP], LAPTOP)).toEqual({ x: 640, y: 275, width: 800, height: 600 });
    expect(placeWindow({ x: -300, y: -50, width: 800, height: 600 }, [LAPTOP], LAPTOP)).toEqual({ x: 0, y: 0, width: 800, height: 600 });
  });

  it('shrinks a window larger than its display to the work area', () => {
    expect(placeWindow({ x: 10, y: 10, width: 3000, height: 2000 }, [LAPTOP], LAPTOP)).toEqual(LAPTOP);
  });

  it('brings back a window whose display is gone, centred on the primary display at its size', () => {
    const onUnpluggedMonitor = { x: 3000, y: 100, width: 1000, height: 700 };
    expect(placeWindow(onUnpluggedMonitor, [LAPTOP], LAPTOP)).toEqual({ x: 220, y: 87, width: 1000, height: 700 });
  });

  it('cascades a further window from the one before, still on screen', () => {
    const next = cascadeFrom(GOOD.bounds);
    expect(next).toEqual({ ...GOOD.bounds, x: 128, y: 108 });
    const cornered = placeWindow(cascadeFrom({ x: 640, y: 275, width: 800, height: 600 }), [LAPTOP], LAPTOP);
    expect(cornered).toEqual({ x: 640, y: 275, width: 800, height: 600 });
  });
});
