// The recent output main keeps for each session, so a window that reloads, or another window,
// can re-bind to a running session and see its screen or log again. Bounded: old output is
// dropped first. Positions count from the session's first output in the unit acknowledgements use
// (bytes for terminals, the bytes weight of log lines), so a re-attaching window asks for exactly
// what it missed.
import type { LogLine, OutputChannel, SessionEvent, SessionId } from '../../shared/bridge/sessions.ts';
import { OUTBOX_BATCHING } from '../../shared/flow/flow-budget.ts';

type OutputEvent = Extract<SessionEvent, { kind: 'output' }>;
type LinesEvent = Extract<SessionEvent, { kind: 'lines' }>;

export interface Replay {
  /** Position of the oldest unit still kept. */
  readonly start: number;
  /** Position after the newest unit. */
  readonly end: number;
  /** Where a reader that lost the output before `start` should begin: a clean cut, not mid-line. */
  resyncPoint(): number;
  /** The first position at or after `from` where output can be cut (an event boundary, for logs). */
  boundaryAtOrAfter(from: number): number;
  /** The kept output from `from` (a boundary, start ≤ from ≤ end) on, as events. */
  eventsFrom(from: number): SessionEvent[];
}

const BLOCK_BYTES = 16 * 1024;
/** How far a resync looks for a line end before giving up and cutting where it must. */
const RESYNC_SEARCH_BYTES = 64 * 1024;
const LINE_FEED = 0x0a;

interface Block {
  readonly channel: OutputChannel;
  readonly data: Uint8Array;
  /** Position of data[0]. */
  readonly at: number;
  /** Bytes of data in use. */
  length: number;
}

/**
 * Terminal output: a byte ring made of blocks (small writes share a block, so a flood of tiny
 * chunks does not become a flood of objects). Each block holds one channel.
 */
export class ByteReplay implements Replay {
  readonly #id: SessionId;
  readonly #capacity: number;
  #blocks: Block[] = [];
  #start = 0;
  #end = 0;

  constructor(id: SessionId, capacityBytes: number) {
    this.#id = id;
    this.#capacity = capacityBytes;
  }

  get start(): number {
    return this.#start;
  }

  get end(): number {
    return this.#end;
  }

  append(event: OutputEvent): void {
    const { bytes, channel } = event;
    if (bytes.length === 0) return;
    const tail = this.#blocks.at(-1);
    if (tail !== undefined && tail.channel === channel && tail.data.length - tail.length >= bytes.length) {
      tail.data.set(bytes, tail.length);
      tail.length += bytes.length;
    } else {
      const data = new Uint8Array(Math.max(BLOCK_BYTES, bytes.length));
      data.set(bytes);
      this.#blocks.push({ channel, data, at: this.#end, length: bytes.length });
    }
    this.#end += bytes.length;
    this.#trim();
  }

  #trim(): void {
    this.#start = Math.max(this.#start, this.#end - this.#capacity);
    let drop = 0;
    while (drop < this.#blocks.length) {
      const block = this.#blocks[drop] as Block;
      if (block.at + block.length > this.#start) break;
      drop += 1;
    }
    if (drop > 0) this.#blocks = this.#blocks.slice(drop);
  }

  resyncPoint(): number {
    if (this.#start === 0) return 0;
    const limit = Math.min(this.#end, this.#start + RESYNC_SEARCH_BYTES);
    for (const block of this.#blocks) {
      const from = Math.max(this.#start, block.at);
      const to = Math.min(limit, block.at + block.length);
      if (from >= to) continue;
      const found = block.data.subarray(from - block.at, to - block.at).indexOf(LINE_FEED);
      if (found >= 0) return from + found + 1;
      if (to >= limit) break;
    }
    return this.#start;
  }

  /** Bytes can be cut anywhere. */
  boundaryAtOrAfter(from: number): number {
    return from;
  }

  /** Views into the kept blocks; kept bytes are never rewritten, and the receiver copies them anyway. */
  eventsFrom(from: number): SessionEvent[] {
    const events: SessionEvent[] = [];
    for (const block of this.#blocks) {
      const begin = Math.max(from, this.#start, block.at);
      const stop = block.at + block.length;
      if (begin >= stop) continue;
      events.push({ kind: 'output', id: this.#id, channel: block.channel, bytes: block.data.subarray(begin - block.at, stop - block.at) });
    }
    return events;
  }
}

export interface LineLimits {
  readonly lines: number;
  /** Flow-control weight (bytes as received) in all, so a few huge lines cannot hold much memory either. */
  readonly bytes: number;
}

/** One 'lines' event as the core emitted it: positions only ever fall between such events. */
interface LineEntry {
  readonly lines: readonly LogLine[];
  readonly bytes: number;
  /** Position of the entry's start. */
  readonly at: number;
}

/**
 * Log output: the most recent lines, bounded by count and by weight. Positions count the events'
 * `bytes` weight, which only whole events have, so whole events are kept and dropped.
 */
export class LineReplay implements Replay {
  readonly #id: SessionId;
  readonly #limits: LineLimits;
  /** Kept entries are #entries[#head…]; dropped ones are cut off in bulk, not one shift at a time. */
  #entries: LineEntry[] = [];
  #head = 0;
  #lines = 0;
  #start = 0;
  #end = 0;

  constructor(id: SessionId, limits: LineLimits) {
    this.#id = id;
    this.#limits = limits;
  }

  get start(): number {
    return this.#start;
  }

  get end(): number {
    return this.#end;
  }

  append(event: LinesEvent): void {
    this.#entries.push({ lines: event.lines, bytes: event.bytes, at: this.#end });
    this.#end += event.bytes;
    this.#lines += event.lines.length;
    while (this.#head < this.#entries.length - 1 && (this.#lines > this.#limits.lines || this.#end - this.#start > this.#limits.bytes)) {
      const dropped = this.#entries[this.#head] as LineEntry;
      this.#head += 1;
      this.#lines -= dropped.lines.length;
      this.#start += dropped.bytes;
    }
    if (this.#head > 1024 && this.#head * 2 > this.#entries.length) {
      this.#entries = this.#entries.slice(this.#head);
      this.#head = 0;
    }
  }

  /** Lines are whole, so any kept position is a clean cut. */
  resyncPoint(): number {
    return this.#start;
  }

  /** From the first whole event at or after `from`, grouped into events of about a live batch's weight. */
  eventsFrom(from: number): SessionEvent[] {
    const events: SessionEvent[] = [];
    let lines: LogLine[] = [];
    let bytes = 0;
    for (let index = this.#head; index < this.#entries.length; index += 1) {
      const entry = this.#entries[index] as LineEntry;
      if (entry.at < from) continue;
      lines.push(...entry.lines);
      bytes += entry.bytes;
      if (bytes >= OUTBOX_BATCHING.maxBatchBytes) {
        events.push({ kind: 'lines', id: this.#id, lines, bytes });
        lines = [];
        bytes = 0;
      }
    }
    if (lines.length > 0 || bytes > 0) events.push({ kind: 'lines', id: this.#id, lines, bytes });
    return events;
  }

  boundaryAtOrAfter(from: number): number {
    for (let index = this.#head; index < this.#entries.length; index += 1) {
      const entry = this.#entries[index] as LineEntry;
      if (entry.at >= from) return entry.at;
    }
    return this.#end;
  }
}
