// Plays an asciicast on a screen: what to write when, as plain logic over a clock, so it is tested
// without a terminal or real time. Playing writes each event when its time comes (output is
// written, a resize resizes, input and markers are not shown); pauses longer than the file's
// idle_time_limit are shortened to it, as asciinema's player does; seeking forwards writes what
// lies between at once, and seeking backwards resets the screen and writes everything up to the
// new time at once (a terminal cannot be unwritten).
import type { Asciicast, AsciicastEvent, TerminalCells } from '../../../shared/asciicast/asciicast.ts';

/** Where a recording is played: a terminal, in the app. */
export interface PlaybackScreen {
  /** Clears everything (screen, scrollback, modes) and takes this size. */
  reset(size: TerminalCells): void;
  write(data: string): void;
  resize(size: TerminalCells): void;
}

export interface PlaybackClock {
  /** Milliseconds, monotonic. */
  now(): number;
  /** Calls `run` after `delayMs`; answers how to cancel it. */
  schedule(run: () => void, delayMs: number): () => void;
}

export const SPEEDS = [0.5, 1, 2, 4] as const;
export type Speed = (typeof SPEEDS)[number];

/** How far Left and Right move, in seconds. */
export const SKIP_SECONDS = 5;

/** The longest wait between updates while playing, so a position shown moves smoothly through a pause. */
const TICK_MS = 200;

interface TimedEvent {
  /** Seconds on the played timeline (idle pauses shortened). */
  readonly at: number;
  readonly event: AsciicastEvent;
}

export interface PlaybackState {
  readonly playing: boolean;
  /** Seconds on the played timeline. */
  readonly position: number;
  readonly duration: number;
  readonly speed: Speed;
  readonly ended: boolean;
}

/** Event times on the played timeline: every gap longer than the limit becomes the limit. */
export function playedTimeline(cast: Asciicast): TimedEvent[] {
  const limit = cast.header.idleTimeLimit ?? Number.POSITIVE_INFINITY;
  let previous = 0;
  let at = 0;
  return cast.events.map((event) => {
    at += Math.min(event.time - previous, limit);
    previous = event.time;
    return { at, event };
  });
}

export class Player {
  readonly duration: number;
  readonly #timeline: readonly TimedEvent[];
  readonly #initialSize: TerminalCells;
  readonly #screen: PlaybackScreen;
  readonly #clock: PlaybackClock;
  readonly #listeners = new Set<(state: PlaybackState) => void>();
  /** Index of the first event not written yet. */
  #next = 0;
  /** The position at #since (clock ms) when playing; the position itself when paused. */
  #base = 0;
  #since = 0;
  #playing = false;
  #speed: Speed = 1;
  #cancel: (() => void) | null = null;

  constructor(cast: Asciicast, screen: PlaybackScreen, clock: PlaybackClock) {
    this.#timeline = playedTimeline(cast);
    this.duration = this.#timeline.at(-1)?.at ?? 0;
    this.#initialSize = { cols: cast.header.width, rows: cast.header.height };
    this.#screen = screen;
    this.#clock = clock;
    screen.reset(this.#initialSize);
    this.#writeUpTo(0);
  }

  get state(): PlaybackState {
    const position = this.position;
    return { playing: this.#playing, position, duration: this.duration, speed: this.#speed, ended: position >= this.duration && !this.#playing };
  }

  get position(): number {
    if (!this.#playing) return this.#base;
    return Math.min(this.duration, this.#base + ((this.#clock.now() - this.#since) * this.#speed) / 1000);
  }

  /** Calls `listener` on every change (and every tick while playing); answers how to stop. */
  onChange(listener: (state: PlaybackState) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** Plays from the position; at the end, plays again from the start. */
  play(): void {
    if (this.#playing) return;
    if (this.#base >= this.duration) this.seek(0);
    this.#playing = true;
    this.#since = this.#clock.now();
    this.#tick();
  }

  pause(): void {
    if (!this.#playing) return;
    this.#base = this.position;
    this.#playing = false;
    this.#stopTimer();
    this.#changed();
  }

  toggle(): void {
    if (this.#playing) this.pause();
    else this.play();
  }

  setSpeed(speed: Speed): void {
    this.#rebase();
    this.#speed = speed;
    if (this.#playing) this.#tick();
    else this.#changed();
  }

  /** The next speed up (+1) or down (-1), staying at the ends. */
  stepSpeed(step: 1 | -1): void {
    const index = SPEEDS.indexOf(this.#speed) + step;
    const speed = SPEEDS[Math.max(0, Math.min(SPEEDS.length - 1, index))] as Speed;
    if (speed !== this.#speed) this.setSpeed(speed);
  }

  /** Moves to `seconds` on the played timeline (clamped), keeping playing or paused. */
  seek(seconds: number): void {
    const target = Math.max(0, Math.min(this.duration, Number.isFinite(seconds) ? seconds : 0));
    const current = this.position;
    if (target < current) {
      this.#screen.reset(this.#initialSize);
      this.#next = 0;
    }
    this.#writeUpTo(target);
    this.#base = target;
    this.#since = this.#clock.now();
    if (this.#playing) this.#tick();
    else this.#changed();
  }

  skip(seconds: number): void {
    this.seek(this.position + seconds);
  }

  dispose(): void {
    this.#stopTimer();
    this.#playing = false;
    this.#listeners.clear();
  }

  #rebase(): void {
    this.#base = this.position;
    this.#since = this.#clock.now();
  }

  /** Writes what is due, then waits for the next event (or a tick), or stops at the end. */
  #tick(): void {
    this.#stopTimer();
    const position = this.position;
    this.#writeUpTo(position);
    if (position >= this.duration) {
      this.#base = this.duration;
      this.#playing = false;
      this.#changed();
      return;
    }
    const next = this.#timeline[this.#next]?.at ?? this.duration;
    // From the clock time the event is due at, rounded up, so it is due when the timer fires.
    const due = this.#since + ((next - this.#base) * 1000) / this.#speed;
    const delay = Math.min(TICK_MS, Math.max(0, Math.ceil(due - this.#clock.now())));
    this.#cancel = this.#clock.schedule(() => this.#tick(), delay);
    this.#changed();
  }

  /** Writes every event up to `seconds` not written yet, output joined into as few writes as possible. */
  #writeUpTo(seconds: number): void {
    let output = '';
    for (; this.#next < this.#timeline.length; this.#next++) {
      const { at, event } = this.#timeline[this.#next] as TimedEvent;
      if (at > seconds) break;
      if (event.code === 'o') {
        output += event.data;
      } else if (event.code === 'r') {
        if (output !== '') this.#screen.write(output);
        output = '';
        this.#screen.resize(event.size);
      }
    }
    if (output !== '') this.#screen.write(output);
  }

  #stopTimer(): void {
    this.#cancel?.();
    this.#cancel = null;
  }

  #changed(): void {
    const state = this.state;
    for (const listener of this.#listeners) listener(state);
  }
}
