import { describe, expect, it } from 'vitest';
import type { Asciicast, AsciicastEvent, TerminalCells } from '../../../../shared/asciicast/asciicast.ts';
import { Player, playedTimeline, type PlaybackClock, type PlaybackScreen, type PlaybackState } from '../../../../renderer/src/app/playback.ts';

/** A screen that remembers what it was told, as one list. */
class ScreenLog implements PlaybackScreen {
  readonly calls: string[] = [];
  text = '';
  reset(size: TerminalCells): void {
    this.calls.push(`reset ${size.cols}x${size.rows}`);
    this.text = '';
  }
  write(data: string): void {
    this.calls.push(`write ${data}`);
    this.text += data;
  }
  resize(size: TerminalCells): void {
    this.calls.push(`resize ${size.cols}x${size.rows}`);
  }
}

/** Time moves only when the test says; timers run as it passes them, in order. */
class ManualClock implements PlaybackClock {
  ms = 0;
  #timers: { at: number; run: () => void; id: number }[] = [];
  #ids = 0;
  now(): number {
    return this.ms;
  }
  schedule(run: () => void, delayMs: number): () => void {
    const id = ++this.#ids;
    this.#timers.push({ at: this.ms + delayMs, run, id });
    return () => {
      this.#timers = this.#timers.filter((timer) => timer.id !== id);
    };
  }
  get pending(): number {
    return this.#timers.length;
  }
  advance(ms: number): void {
    const end = this.ms + ms;
    for (;;) {
      const due = this.#timers.filter((timer) => timer.at <= end).sort((a, b) => a.at - b.at || a.id - b.id)[0];
      if (due === undefined) break;
      this.#timers = this.#timers.filter((timer) => timer !== due);
      this.ms = due.at;
      due.run();
    }
    this.ms = end;
  }
}

const o = (time: number, data: string): AsciicastEvent => ({ time, code: 'o', data });

function cast(events: AsciicastEvent[], extra: Partial<Asciicast['header']> = {}): Asciicast {
  return { header: { version: 2, width: 80, height: 24, ...extra }, events };
}

function player(recording: Asciicast) {
  const screen = new ScreenLog();
  const clock = new ManualClock();
  const states: PlaybackState[] = [];
  const made = new Player(recording, screen, clock);
  made.onChange((state) => states.push(state));
  return { player: made, screen, clock, states };
}

const SHELL = cast([o(0, '$ '), o(1, 'e'), o(1.5, 'cho hi\r\n'), o(1.5, 'hi\r\n'), o(3, '$ ')]);

describe('playedTimeline', () => {
  it('shortens every pause longer than idle_time_limit to it, the first one too', () => {
    const timeline = playedTimeline(cast([o(5, 'a'), o(6, 'b'), o(60, 'c'), o(60.5, 'd')], { idleTimeLimit: 2 }));
    expect(timeline.map((entry) => entry.at)).toEqual([2, 3, 5, 5.5]);
  });

  it('keeps the times without a limit', () => {
    expect(playedTimeline(SHELL).map((entry) => entry.at)).toEqual([0, 1, 1.5, 1.5, 3]);
  });
});

describe('Player', () => {
  it('starts paused at 0 with the recording\'s size and what happens at time 0 written', () => {
    const { player: p, screen } = player(SHELL);
    expect(screen.calls).toEqual(['reset 80x24', 'write $ ']);
    expect(p.state).toEqual({ playing: false, position: 0, duration: 3, speed: 1, ended: false });
  });

  it('writes each event when its time comes, and stops at the end', () => {
    const { player: p, screen, clock } = player(SHELL);
    p.play();
    clock.advance(999);
    expect(screen.text).toBe('$ ');
    clock.advance(1);
    expect(screen.text).toBe('$ e');
    clock.advance(500);
    expect(screen.calls.at(-1)).toBe('write cho hi\r\nhi\r\n');
    clock.advance(1500);
    expect(screen.text).toBe('$ echo hi\r\nhi\r\n$ ');
    expect(p.state).toMatchObject({ playing: false, position: 3, ended: true });
    expect(clock.pending).toBe(0);
  });

  it('updates its position through a long pause, a tick at a time', () => {
    const { player: p, clock, states } = player(cast([o(0, 'a'), o(10, 'b')]));
    p.play();
    clock.advance(1000);
    expect(states.at(-1)?.position).toBe(1);
    expect(states.length).toBeGreaterThanOrEqual(5);
  });

  it('pauses and resumes where it was', () => {
    const { player: p, screen, clock } = player(SHELL);
    p.play();
    clock.advance(1200);
    p.pause();
    expect(p.state).toMatchObject({ playing: false, position: 1.2 });
    clock.advance(10_000);
    expect(screen.text).toBe('$ e');
    p.toggle();
    clock.advance(300);
    expect(screen.text).toBe('$ echo hi\r\nhi\r\n');
  });

  it('plays faster and slower', () => {
    const { player: p, screen, clock } = player(SHELL);
    p.setSpeed(2);
    p.play();
    clock.advance(500);
    expect(screen.text).toBe('$ e');
    p.stepSpeed(-1);
    p.stepSpeed(-1);
    expect(p.state.speed).toBe(0.5);
    clock.advance(999);
    expect(screen.text).toBe('$ e');
    clock.advance(1);
    expect(screen.text).toBe('$ echo hi\r\nhi\r\n');
    p.stepSpeed(-1);
    expect(p.state.speed).toBe(0.5);
  });

  it('seeking forwards writes what lies between at once', () => {
    const { player: p, screen } = player(SHELL);
    p.seek(1.5);
    expect(screen.calls).toEqual(['reset 80x24', 'write $ ', 'write echo hi\r\nhi\r\n']);
    expect(screen.text).toBe('$ echo hi\r\nhi\r\n');
    expect(p.state).toMatchObject({ playing: false, position: 1.5 });
  });

  it('seeking backwards resets the screen and writes everything up to the new time at once', () => {
    const { player: p, screen } = player(SHELL);
    p.seek(3);
    screen.calls.length = 0;
    p.seek(1);
    expect(screen.calls).toEqual(['reset 80x24', 'write $ e']);
  });

  it('skips by seconds, clamped to the recording', () => {
    const { player: p } = player(SHELL);
    p.skip(5);
    expect(p.state).toMatchObject({ position: 3, ended: true });
    p.skip(-5);
    expect(p.state.position).toBe(0);
    p.seek(Number.NaN);
    expect(p.state.position).toBe(0);
  });

  it('seeking while playing keeps playing from there', () => {
    const { player: p, screen, clock } = player(SHELL);
    p.play();
    p.seek(2.5);
    expect(p.state.playing).toBe(true);
    clock.advance(499);
    expect(screen.text).toBe('$ echo hi\r\nhi\r\n');
    clock.advance(2);
    expect(screen.text).toBe('$ echo hi\r\nhi\r\n$ ');
  });

  it('play at the end plays again from the start', () => {
    const { player: p, screen, clock } = player(SHELL);
    p.seek(3);
    p.play();
    expect(screen.calls.slice(-2)).toEqual(['reset 80x24', 'write $ ']);
    clock.advance(1000);
    expect(screen.text).toBe('$ e');
  });

  it('resizes the screen at a resize event, in order with the output around it; input and markers are not written', () => {
    const { player: p, screen } = player(
      cast([o(0, 'a'), { time: 1, code: 'i', data: 'typed' }, o(1, 'b'), { time: 1, code: 'r', size: { cols: 120, rows: 40 } }, o(1, 'c'), { time: 1, code: 'm', data: 'mark' }]),
    );
    p.seek(1);
    expect(screen.calls).toEqual(['reset 80x24', 'write a', 'write b', 'resize 120x40', 'write c']);
    p.seek(0);
    expect(screen.calls.slice(-2)).toEqual(['reset 80x24', 'write a']);
  });

  it('honours idle_time_limit while playing', () => {
    const { player: p, screen, clock } = player(cast([o(0, 'a'), o(100, 'b')], { idleTimeLimit: 1 }));
    expect(p.duration).toBe(1);
    p.play();
    clock.advance(1000);
    expect(screen.text).toBe('ab');
  });

  it('an empty recording is at its end at once', () => {
    const { player: p, screen } = player(cast([]));
    expect(p.state).toEqual({ playing: false, position: 0, duration: 0, speed: 1, ended: true });
    p.play();
    expect(p.state.playing).toBe(false);
    expect(screen.calls).toEqual(['reset 80x24']);
  });

  it('dispose stops its timer', () => {
    const { player: p, clock } = player(SHELL);
    p.play();
    p.dispose();
    expect(clock.pending).toBe(0);
  });
});
