// Merges the live logs of several containers into one stream in timestamp order.
//
// Each source delivers its own lines in order, but the sources race each other: a line stamped
// 10:00:00.100 in pod A may arrive after one stamped 10:00:00.200 in pod B. So a line is held
// until no source can still produce an earlier one, which is when every other source
//   - has a line of its own waiting here (the earliest of all waiting lines goes first), or
//   - has already delivered a line stamped at or after it (a source's lines never go back), or
//   - has ended, or
//   - has been idle for a while: holdMs for a connected source (nothing in flight), connectWaitMs
//     for one that is connecting or resuming (its first bytes may be older than what we hold).
// "Idle" counts from the later of the held line's arrival and the source's last sign of life, so a
// source still streaming its history in several chunks keeps holding the others back.
//
// The price is latency: while a source is quiet, the others' lines wait holdMs. The bound is
// memory: when the held lines exceed maxPendingBytes, the earliest go out regardless. A line that
// arrives too late for its place (its source was silent past the wait) is delivered at once, out of
// order, never dropped.
import type { LogLine } from '../../../shared/bridge/sessions.ts';
import { compareInstants, parseInstant, type LogInstant } from './log-timestamp.ts';

export interface MergeOptions {
  readonly holdMs?: number;
  readonly connectWaitMs?: number;
  readonly maxPendingBytes?: number;
}

export const DEFAULT_MERGE: Required<MergeOptions> = { holdMs: 300, connectWaitMs: 2000, maxPendingBytes: 1_000_000 };

export type MergeOutput = (lines: LogLine[], bytes: number) => void;

interface Held {
  readonly line: LogLine;
  readonly bytes: number;
  /** Where the line sorts: its own instant, or its source's latest one for a line without. */
  readonly instant: LogInstant;
  readonly arrivedAt: number;
  /** Arrival order across all sources: breaks ties between equal instants. */
  readonly sequence: number;
}

interface Source {
  readonly queue: Held[];
  state: 'waiting' | 'live' | 'ended';
  /** The latest instant this source delivered. */
  lastInstant: LogInstant | null;
  /** When it last delivered lines or changed state. */
  lastActivityAt: number;
}

const EARLIEST: LogInstant = { seconds: Number.NEGATIVE_INFINITY, nanos: 0 };

export class LogMerger {
  readonly #output: MergeOutput;
  readonly #options: Required<MergeOptions>;
  readonly #sources = new Map<string, Source>();
  #pendingBytes = 0;
  #sequence = 0;
  #timer: ReturnType<typeof setTimeout> | null = null;
  #timerAt = Number.POSITIVE_INFINITY;
  #closed = false;

  constructor(output: MergeOutput, options: MergeOptions = {}) {
    this.#output = output;
    this.#options = { ...DEFAULT_MERGE, ...options };
  }

  /** Bytes of the lines held back. */
  get pendingBytes(): number {
    return this.#pendingBytes;
  }

  /** A new source, connecting. */
  add(key: string): void {
    if (this.#sources.has(key)) return;
    this.#sources.set(key, { queue: [], state: 'waiting', lastInstant: null, lastActivityAt: Date.now() });
  }

  /** The source's connection is open. */
  live(key: string): void {
    this.#setState(key, 'live');
  }

  /** The source is reconnecting: its next lines may take a while and may be older than others'. */
  waiting(key: string): void {
    this.#setState(key, 'waiting');
  }

  /** The source will deliver nothing more; its held lines still go out in order. */
  end(key: string): void {
    this.#setState(key, 'ended');
  }

  /** Lines of one source, in its order, with each line's flow-control weight. */
  push(key: string, lines: readonly LogLine[], weights: readonly number[]): void {
    const source = this.#sources.get(key);
    if (source === undefined || source.state === 'ended' || this.#closed) return;
    const now = Date.now();
    lines.forEach((line, index) => {
      const instant = parseInstant(line.timestamp);
      if (instant !== null && (source.lastInstant === null || compareInstants(instant, source.lastInstant) > 0)) {
        source.lastInstant = instant;
      }
      const bytes = weights[index] ?? 0;
      source.queue.push({ line, bytes, instant: instant ?? source.lastInstant ?? EARLIEST, arrivedAt: now, sequence: this.#sequence++ });
      this.#pendingBytes += bytes;
    });
    source.lastActivityAt = now;
    this.#drain();
  }

  /** Sends everything held, in order, now (the merged log is ending). */
  flush(): void {
    this.#drain(true);
  }

  /** Drops everything and stops the timer. */
  close(): void {
    this.#closed = true;
    this.#cancelTimer();
    this.#sources.clear();
    this.#pendingBytes = 0;
  }

  #setState(key: string, state: Source['state']): void {
    const source = this.#sources.get(key);
    if (source === undefined || source.state === 'ended') return;
    source.state = state;
    source.lastActivityAt = Date.now();
    this.#drain();
  }

  /** Sends every line that may go now; schedules the next look for the first one that may not. */
  #drain(everything = false): void {
    if (this.#closed) return;
    const lines: LogLine[] = [];
    let bytes = 0;
    let wakeAt = Number.POSITIVE_INFINITY;
    const now = Date.now();
    for (;;) {
      const next = this.#earliest();
      if (next === null) break;
      const force = everything || this.#pendingBytes > this.#options.maxPendingBytes;
      const blockedUntil = force ? now : this.#blockedUntil(next.key, next.held, now);
      if (blockedUntil > now) {
        wakeAt = blockedUntil;
        break;
      }
      const source = this.#sources.get(next.key);
      source?.queue.shift();
      lines.push(next.held.line);
      bytes += next.held.bytes;
      this.#pendingBytes -= next.held.bytes;
    }
    this.#forgetEndedAndEmpty();
    this.#schedule(wakeAt);
    if (lines.length > 0) this.#output(lines, bytes);
  }

  /** The held line that sorts first, and its source. */
  #earliest(): { key: string; held: Held } | null {
    let best: { key: string; held: Held } | null = null;
    for (const [key, source] of this.#sources) {
      const held = source.queue[0];
      if (held === undefined) continue;
      if (best === null || sortsBefore(held, best.held)) best = { key, held };
    }
    return best;
  }

  /** Until when another source may still send a line that sorts before `held` (now: nobody). */
  #blockedUntil(key: string, held: Held, now: number): number {
    let until = now;
    for (const [otherKey, other] of this.#sources) {
      if (otherKey === key || other.state === 'ended' || other.queue.length > 0) continue;
      if (other.lastInstant !== null && compareInstants(other.lastInstant, held.instant) >= 0) continue;
      const wait = other.state === 'waiting' ? this.#options.connectWaitMs : this.#options.holdMs;
      until = Math.max(until, Math.max(held.arrivedAt, other.lastActivityAt) + wait);
    }
    return until;
  }

  #forgetEndedAndEmpty(): void {
    for (const [key, source] of this.#sources) {
      if (source.state === 'ended' && source.queue.length === 0) this.#sources.delete(key);
    }
  }

  #schedule(at: number): void {
    if (at === this.#timerAt) return;
    this.#cancelTimer();
    if (at === Number.POSITIVE_INFINITY) return;
    this.#timerAt = at;
    this.#timer = setTimeout(() => {
      this.#timer = null;
      this.#timerAt = Number.POSITIVE_INFINITY;
      this.#drain();
    }, Math.max(0, at - Date.now()));
  }

  #cancelTimer(): void {
    if (this.#timer !== null) clearTimeout(this.#timer);
    this.#timer = null;
    this.#timerAt = Number.POSITIVE_INFINITY;
  }
}

function sortsBefore(a: Held, b: Held): boolean {
  const order = compareInstants(a.instant, b.instant);
  return order !== 0 ? order < 0 : a.sequence < b.sequence;
}
