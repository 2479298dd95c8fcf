// The screen a fresh window gets: written into a fresh terminal, the mirror's snapshot must draw
// what a terminal fed the session's output (at the session's sizes) shows: the same cells and
// colours, cursor, buffer (normal or alternate) and modes.
import headless from '@xterm/headless';
import { describe, expect, it } from 'vitest';
import { ScreenMirror } from '../../../../main/bridge/screen-mirror.ts';
import type { OutputChannel, TerminalSize } from '../../../../shared/bridge/sessions.ts';

const { Terminal } = headless;
type HeadlessTerminal = InstanceType<typeof Terminal>;

/** Output, or the pty resized, in the order the session saw them. */
type Step = string | Uint8Array | TerminalSize;

const START: TerminalSize = { cols: 80, rows: 24 };

function write(terminal: HeadlessTerminal, data: string | Uint8Array): Promise<void> {
  return new Promise((resolve) => terminal.write(data, resolve));
}

function mirrorOf(steps: readonly Step[], capacity = 1024 * 1024, channel: OutputChannel = 'stdout'): ScreenMirror {
  const mirror = new ScreenMirror('s1', capacity);
  mirror.resize(START);
  for (const step of steps) {
    if (typeof step === 'string' || step instanceof Uint8Array) {
      mirror.append({ kind: 'output', id: 's1', channel, bytes: typeof step === 'string' ? new TextEncoder().encode(step) : step });
    } else {
      mirror.resize(step);
    }
  }
  return mirror;
}

/** A terminal fed the steps as the session's own terminal was. */
async function reference(steps: readonly Step[]): Promise<HeadlessTerminal> {
  const terminal = new Terminal({ ...START, scrollback: 1000, allowProposedApi: true });
  for (const step of steps) {
    if (typeof step === 'string' || step instanceof Uint8Array) await write(terminal, step);
    else terminal.resize(step.cols, step.rows);
  }
  return terminal;
}

/** A fresh terminal at the session's last size, given the snapshot. */
async function restored(snapshot: string, size: TerminalSize): Promise<HeadlessTerminal> {
  const terminal = new Terminal({ ...size, scrollback: 1000, allowProposedApi: true });
  await write(terminal, snapshot);
  return terminal;
}

/** What a user sees and what the program relies on, comparable with toEqual. */
function screenOf(terminal: HeadlessTerminal) {
  const active = terminal.buffer.active;
  const lines: string[] = [];
  for (let y = 0; y < active.length; y++) lines.push(active.getLine(y)?.translateToString(true) ?? '');
  const colours: number[] = [];
  for (let y = active.baseY; y < active.baseY + terminal.rows; y++) {
    const line = active.getLine(y);
    for (let x = 0; x < terminal.cols; x++) colours.push(line?.getCell(x)?.getFgColor() ?? -1, line?.getCell(x)?.getBgColor() ?? -1);
  }
  return { type: active.type, cursor: [active.cursorX, active.cursorY], lines: lines.join('\n').trimEnd(), colours, modes: terminal.modes, size: [terminal.cols, terminal.rows] };
}

async function expectSameScreen(steps: readonly Step[], last: TerminalSize): Promise<string> {
  const snapshot = await mirrorOf(steps).snapshot();
  expect(screenOf(await restored(snapshot, last))).toEqual(screenOf(await reference(steps)));
  return snapshot;
}

const PROMPT = '\x1b[?2004h\x1b[1;32mroot@pod\x1b[0m:\x1b[34m/\x1b[0m# ';

describe('the screen of a terminal session', () => {
  it('draws a shell with colours, its prompt and the cursor after it', async () => {
    const lines = Array.from({ length: 60 }, (_, index) => `\x1b[3${index % 8}mline ${index}\x1b[0m\r\n`).join('');
    await expectSameScreen([PROMPT, 'seq 60\r\n', lines, PROMPT, 'ech'], START);
  });

  it('draws a full-screen program on the alternate screen, with its modes, and what is behind it', async () => {
    const snapshot = await expectSameScreen(
      [
        PROMPT,
        'vi notes\r\n',
        // vi: alternate screen, application cursor keys, mouse with SGR encoding, a status line.
        '\x1b[?1049h\x1b[?1h\x1b=\x1b[?1000h\x1b[?1006h\x1b[H\x1b[2J',
        'first line\r\n\x1b[34m~\x1b[0m\r\n\x1b[34m~\x1b[0m',
        '\x1b[24;1H\x1b[7m"notes" 1L, 11B\x1b[0m\x1b[1;6H',
      ],
      START,
    );
    expect(snapshot).toContain('\x1b[?1006h');
  });

  it('keeps top’s hidden cursor hidden', async () => {
    const snapshot = await expectSameScreen([PROMPT, '\x1b[?1049h\x1b[?25l\x1b[H\x1b[2Jtop - 10:00:00 up 1 day\x1b[K\r\nTasks: 3 total'], START);
    expect(snapshot.endsWith('\x1b[?25l')).toBe(true);
    const shown = await mirrorOf([PROMPT, '\x1b[?25l', '\x1b[?25h']).snapshot();
    expect(shown).not.toContain('\x1b[?25l');
  });

  it('follows every resize: output is parsed at the size it was written for', async () => {
    const narrow: TerminalSize = { cols: 40, rows: 10 };
    const wide: TerminalSize = { cols: 120, rows: 30 };
    const long = `${'x'.repeat(100)}\r\n`;
    await expectSameScreen([PROMPT, long, narrow, long, PROMPT, wide, long, PROMPT], wide);
  });

  it('starts from a line boundary once the kept output is bounded, and draws its tail', async () => {
    const lines = Array.from({ length: 400 }, (_, index) => `row ${index}\r\n`);
    const mirror = mirrorOf(lines, 1024);
    expect(mirror.start).toBeGreaterThan(0);
    const screen = screenOf(await restored(await mirror.snapshot(), START));
    expect(screen.lines.split('\n').at(-1)).toBe('row 399');
    // Every kept line is whole, the first included: the cut fell on a line end.
    expect(screen.lines.split('\n').filter((line) => line !== '').every((line) => /^row \d+$/.test(line))).toBe(true);
  });

  it('bounds the scrollback it sends', async () => {
    const lines = Array.from({ length: 3000 }, (_, index) => `${index}\r\n`).join('');
    const screen = screenOf(await restored(await mirrorOf([lines]).snapshot(), START));
    expect(screen.lines.split('\n').length).toBeLessThanOrEqual(1000 + START.rows);
    expect(screen.lines.split('\n').at(-1)).toBe('2999');
  });

  it('survives a giant line and invalid UTF-8', async () => {
    const giant = new Uint8Array(3 * 1024 * 1024).fill(0x61);
    const invalid = Uint8Array.of(0xff, 0xfe, 0xc3, 0x28, 0xe2, 0x82, 0x0d, 0x0a, 0xf0, 0x9f);
    const mirror = mirrorOf([giant, invalid, 'after\r\n', '\x1b[99999;99999H\x1b[?99999h\x1b]0;title']);
    const screen = screenOf(await restored(await mirror.snapshot(), START));
    expect(screen.lines).toContain('after');
  });

  it('has a screen only for output that went to stdout alone (a tty)', () => {
    expect(new ScreenMirror('s1', 1024).hasScreen).toBe(false);
    expect(mirrorOf(['$ ']).hasScreen).toBe(true);
    const piped = mirrorOf(['out\n']);
    piped.append({ kind: 'output', id: 's1', channel: 'stderr', bytes: new TextEncoder().encode('err\n') });
    expect(piped.hasScreen).toBe(false);
  });
});
