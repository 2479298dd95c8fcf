// A terminal session's screen as a window that binds afresh (a reload, a new window) must see it:
// vim, top, less or a prompt, with colours, cursor and modes, instead of a raw tail written into a
// terminal in an unknown state (whose first line landed wherever the old cursor stood).
//
// The mirror is lazy: it keeps the session's bounded raw output (a ByteReplay, the replay a window
// that reconnects within the same page still gets) and the sizes the session had, and only when a
// fresh window binds does it parse that output into a headless xterm of the session's size and
// serialize it. Measured (bench/screen-mirror.ts, 50 shells of coloured output at 120×40), against a
// headless xterm fed every byte live, on the core's loop or in a worker thread:
// - a headless xterm parses ~42 MiB/s of that output, where keeping it (what the mirror does per
//   output event) runs at ~2,300 MiB/s. Fed live at the tty exec rate (~20 MiB/s) it would take
//   about half a core: on the loop every session's bytes cross, or in a worker on a 2-core machine
//   whose other core the kubelet, containerd and the API server share during a flood (the exec
//   profile: 80% of a core between them). Lazy costs nothing while output flows.
// - live headless buffers hold 97 MiB for 50 such shells (1,000 lines of scrollback), besides the
//   raw replay; lazy holds only the replay (51 MiB for 50 full ones), which the hub keeps anyway.
// - a re-bind parses at most the replay bound (REPLAY_LIMITS.terminalBytes): ~23 ms (median) for
//   a full 1 MiB, once per fresh window, in slices that yield to the loop (xterm's write buffer).
// What lazy gives up: a mode set before the kept output began (a full-screen program running for
// longer than its last MiB of output) is not seen; the screen itself is, as such programs redraw.
import headless from '@xterm/headless';
import serialize from '@xterm/addon-serialize';
import type { OutputChannel, SessionEvent, SessionId, TerminalSize } from '../../shared/bridge/sessions.ts';
import { SCREEN_MIRROR } from '../../shared/flow/flow-budget.ts';
import { ByteReplay, type Replay } from './session-replay.ts';

// Both packages are CommonJS: Node's ESM interop gives their exports as the default import.
const { Terminal } = headless;
const { SerializeAddon } = serialize;
type HeadlessTerminal = InstanceType<typeof Terminal>;

type OutputEvent = Extract<SessionEvent, { kind: 'output' }>;

/** A size the session took on at a position of its output. */
interface SizeChange extends TerminalSize {
  readonly at: number;
}

/** What a pty starts as when nobody has said its size (the kubelet's default). */
const DEFAULT_SIZE: TerminalSize = { cols: 80, rows: 24 };

export class ScreenMirror implements Replay {
  readonly #raw: ByteReplay;
  /** Oldest first; the first one applies from the start of the kept output. */
  #sizes: SizeChange[] = [{ at: 0, ...DEFAULT_SIZE }];
  #channels = new Set<OutputChannel>();

  constructor(id: SessionId, capacityBytes: number) {
    this.#raw = new ByteReplay(id, capacityBytes);
  }

  get start(): number {
    return this.#raw.start;
  }

  get end(): number {
    return this.#raw.end;
  }

  /**
   * Whether a snapshot stands for the output: a session with a tty writes only to stdout (the pty
   * merges stderr into it); output on stderr shows there is no tty, and its channels matter more
   * than a screen.
   */
  get hasScreen(): boolean {
    return this.#raw.end > 0 && !this.#channels.has('stderr');
  }

  append(event: OutputEvent): void {
    this.#channels.add(event.channel);
    this.#raw.append(event);
    this.#forgetSizesBefore(this.#raw.start);
  }

  /** The session's pty was resized: output from here on was written for this size. */
  resize(size: TerminalSize): void {
    const at = this.#raw.end;
    const last = this.#sizes.at(-1) as SizeChange;
    if (last.cols === size.cols && last.rows === size.rows) return;
    if (last.at === at) this.#sizes[this.#sizes.length - 1] = { at, ...size };
    else this.#sizes.push({ at, ...size });
  }

  resyncPoint(): number {
    return this.#raw.resyncPoint();
  }

  boundaryAtOrAfter(from: number): number {
    return this.#raw.boundaryAtOrAfter(from);
  }

  eventsFrom(from: number): SessionEvent[] {
    return this.#raw.eventsFrom(from);
  }

  /**
   * The screen as the kept output leaves it, at the session's size, with at most
   * SCREEN_MIRROR.scrollbackLines of scrollback: an escape sequence that, written into a fresh
   * terminal, draws the same. Taken from the output kept now; the parse runs in slices (xterm's
   * write buffer yields to the loop between them).
   */
  async snapshot(): Promise<string> {
    const from = this.#raw.resyncPoint();
    const events = this.#raw.eventsFrom(from);
    const sizes = this.#sizes.filter((size, index) => index === 0 || size.at > from);
    const first = sizes[0] as SizeChange;
    const terminal = new Terminal({ cols: first.cols, rows: first.rows, scrollback: SCREEN_MIRROR.scrollbackLines, allowProposedApi: true });
    try {
      const modes = trackUnserializedModes(terminal);
      const serializer = new SerializeAddon();
      terminal.loadAddon(serializer);
      let at = from;
      let next = 1;
      for (const event of events) {
        if (event.kind !== 'output') continue;
        let bytes = event.bytes;
        while (bytes.length > 0) {
          const change = sizes[next];
          const take = change === undefined ? bytes.length : Math.min(bytes.length, change.at - at);
          if (take > 0) terminal.write(bytes.subarray(0, take));
          at += take;
          bytes = bytes.subarray(take);
          if (change !== undefined && change.at === at) {
            // The output before the change was written for the old size: parsed first.
            await parsed(terminal);
            terminal.resize(change.cols, change.rows);
            next += 1;
          }
        }
      }
      await parsed(terminal);
      for (; next < sizes.length; next += 1) terminal.resize((sizes[next] as SizeChange).cols, (sizes[next] as SizeChange).rows);
      return serializer.serialize({ scrollback: SCREEN_MIRROR.scrollbackLines }) + modes();
    } finally {
      terminal.dispose();
    }
  }

  /** Keeps the size in force at `start` (as the first) and every change after it. */
  #forgetSizesBefore(start: number): void {
    let inForce = 0;
    while (inForce + 1 < this.#sizes.length && (this.#sizes[inForce + 1] as SizeChange).at <= start) inForce += 1;
    if (inForce > 0) this.#sizes = this.#sizes.slice(inForce);
  }
}

/** Resolves once xterm has parsed everything written so far (it parses in slices, on timers). */
function parsed(terminal: HeadlessTerminal): Promise<void> {
  return new Promise((resolve) => terminal.write('', resolve));
}

const CURSOR_VISIBLE = 25;
const SGR_MOUSE = 1006;

/**
 * The serializer writes the modes xterm's public API reports, which leave out whether the cursor
 * is hidden (top hides it) and the SGR mouse encoding (vim and less ask for it with their mouse
 * modes). They are followed here as the output sets them; the answer writes them back.
 */
function trackUnserializedModes(terminal: HeadlessTerminal): () => string {
  let cursorHidden = false;
  let sgrMouse = false;
  const follow = (set: boolean) => (params: (number | number[])[]): boolean => {
    for (const param of params) {
      if (param === CURSOR_VISIBLE) cursorHidden = !set;
      if (param === SGR_MOUSE) sgrMouse = set;
    }
    return false; // xterm handles the sequence as ever
  };
  terminal.parser.registerCsiHandler({ prefix: '?', final: 'h' }, follow(true));
  terminal.parser.registerCsiHandler({ prefix: '?', final: 'l' }, follow(false));
  terminal.parser.registerEscHandler({ final: 'c' }, () => {
    // RIS: everything back to its default
    cursorHidden = false;
    sgrMouse = false;
    return false;
  });
  terminal.parser.registerCsiHandler({ intermediates: '!', final: 'p' }, () => {
    // DECSTR: shows the cursor again
    cursorHidden = false;
    return false;
  });
  return () => (cursorHidden ? '\x1b[?25l' : '') + (sgrMouse ? '\x1b[?1006h' : '');
}
