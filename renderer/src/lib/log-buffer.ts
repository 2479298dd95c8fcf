// The log pane's memory: a bounded ring of log lines kept as UTF-8 bytes in fixed-size segments
// (Uint8Arrays of up to 4 MiB), with typed-array columns for the index. A million 120-byte lines
// cost ~121 MB of bytes plus 25 bytes of index each, instead of a million JS strings and objects;
// lines are decoded only when a row is shown. Segments are allocated as the buffer fills and are
// never copied, so growing never needs twice the memory, and no single huge allocation is made.
//
// Lines are addressed by a sequence number that only grows: the first line ever appended is 0. When
// the byte or line cap is reached the oldest lines are dropped, `firstSeq` moves on and
// `droppedLines` counts them, so a view holding sequence numbers can tell which of its lines are gone.
//
// Layout: offsets are global (segment × segment size + position in it). Each line's bytes are
// followed by one '\n' byte, so a scanner can decode a run of lines in one call (see contiguousEnd /
// rawBytes). A line never straddles a segment: when it does not fit at the end of one, writing moves
// to the next segment (or wraps to the first) and the gap stays unused.
import type { LogLine, LogMarkerKind } from '../../../shared/bridge/sessions.ts';
import { LOG_VIEW_LINE_BYTES } from '../../../shared/flow/flow-budget.ts';
import { CONTROL_CHARACTER } from './ansi.ts';
import { formatUtcTimestamp, parseUtcTimestamp } from './log-timestamp.ts';

export const DEFAULT_LOG_CAPACITY_BYTES = 64 * 1024 * 1024;
export const DEFAULT_LOG_MAX_LINES = 1 << 20;

const MIN_CAPACITY_BYTES = 4096;
const MAX_CAPACITY_BYTES = 1024 * 1024 * 1024;
const MAX_LINES_LIMIT = 1 << 26;
const MIN_LINE_BYTES = 16;
export const DEFAULT_SEGMENT_BYTES = 4 * 1024 * 1024;
// The first segment starts small and doubles, so fifty quiet log tabs do not reserve 4 MiB each.
const INITIAL_BYTES = 64 * 1024;
const INITIAL_SLOTS = 1024;
const NEWLINE = 0x0a;
const EXPORT_CHUNK_BYTES = 1024 * 1024;
/** appendMany encodes runs of up to about this many UTF-16 units at once (at most ~48 KiB of UTF-8). */
const RUN_CHARS = 16 * 1024;
/** forEachText's decode size: below V8's large-object threshold, as log-filter.ts's SCAN_CHUNK_BYTES explains. */
const TEXT_CHUNK_BYTES = 64 * 1024;

// The flags column: the low four bits hold the timestamp's fraction digit count.
const FRACTION_DIGITS_MASK = 0x0f;
const HAS_UTC_TIMESTAMP = 0x10;
const TRUNCATED = 0x20;
/** ASCII without control characters (tab aside): what a reader sees is exactly the stored bytes. */
const PLAIN = 0x40;
/** CONTROL_CHARACTER or LF. */
// eslint-disable-next-line no-control-regex -- finding control characters is the point
const CONTROL_OR_NEWLINE = /[\u0000-\u0008\u000a-\u001f\u007f-\u009f]/;

export interface LogBufferOptions {
  /**
   * The most bytes of line text kept (UTF-8, one '\n' per line included). Used as whole segments
   * of equal size (at most 4 MiB), so up to a few bytes per segment may go unused.
   */
  readonly capacityBytes?: number;
  /** The most lines kept, whatever their size. */
  readonly maxLines?: number;
  /** A longer line is cut at a character boundary and marked truncated. */
  readonly maxLineBytes?: number;
  /** The most bytes in one segment (tuning and tests; the default suits a 64 MiB buffer). */
  readonly segmentBytes?: number;
}

export class LogBufferOptionsError extends Error {
  override readonly name = 'LogBufferOptionsError';
}

/** Where a line of merged logs came from. `podIndex` numbers pods in order of appearance, for colours. */
export interface LogSource {
  readonly pod: string;
  readonly container: string | undefined;
  readonly podIndex: number;
  /** Merged logs over several contexts: the line's context. */
  readonly context?: string;
  /** The line is a marker (a pod joined or left, a restart, a failed context), not log text. */
  readonly marker?: LogMarkerKind;
}

export interface LogBufferStats {
  readonly lines: number;
  /** Bytes of line text and separators currently kept. */
  readonly usedBytes: number;
  /** Bytes allocated so far: segments are added as the buffer fills, up to capacityBytes. */
  readonly allocatedBytes: number;
  readonly droppedLines: number;
  readonly truncatedLines: number;
}

function checkedInteger(name: string, value: number, min: number, max: number): number {
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new LogBufferOptionsError(`${name} must be an integer from ${min} to ${max}, got ${value}`);
  }
  return value;
}

export class LogBuffer {
  readonly capacityBytes: number;
  readonly maxLines: number;
  readonly maxLineBytes: number;
  readonly #segmentSize: number;
  readonly #segmentCount: number;

  readonly #segments: Uint8Array[] = [];
  #offsets: Uint32Array;
  #lengths: Uint32Array;
  #seconds: Float64Array;
  #nanos: Uint32Array;
  #sources: Uint32Array;
  #flags: Uint8Array;

  /** Slot of the oldest line in the index columns. */
  #head = 0;
  #count = 0;
  #first = 0;
  #writePos = 0;
  /** True while the oldest lines sit at the end of the array and the newest start again at 0. */
  #wrapped = false;
  /** While wrapped: how many lines are still in the high part. */
  #highLines = 0;
  #used = 0;
  #dropped = 0;
  #truncated = 0;
  /** The rare timestamps not in the kubelet's UTC form, kept verbatim by sequence number. */
  readonly #verbatimTimestamps = new Map<number, string>();
  readonly #sourceList: LogSource[] = [];
  readonly #sourceIds = new Map<string, number>();
  readonly #podIndices = new Map<string, number>();
  readonly #encoder = new TextEncoder();
  readonly #decoder = new TextDecoder();
  /** Where appendMany encodes a run of lines before placing it (grown to the largest run). */
  #scratch = new Uint8Array(0);
  /** A run's UTF-16 units, so its UTF-8 (3 bytes a unit at most) stays within a quarter segment. */
  readonly #runChars: number;

  constructor(options: LogBufferOptions = {}) {
    this.capacityBytes = checkedInteger(
      'capacityBytes',
      options.capacityBytes ?? DEFAULT_LOG_CAPACITY_BYTES,
      MIN_CAPACITY_BYTES,
      MAX_CAPACITY_BYTES,
    );
    this.maxLines = checkedInteger('maxLines', options.maxLines ?? DEFAULT_LOG_MAX_LINES, 1, MAX_LINES_LIMIT);
    const segmentBytes = checkedInteger('segmentBytes', options.segmentBytes ?? DEFAULT_SEGMENT_BYTES, MIN_CAPACITY_BYTES, MAX_CAPACITY_BYTES);
    this.#segmentCount = Math.ceil(this.capacityBytes / segmentBytes);
    this.#segmentSize = Math.floor(this.capacityBytes / this.#segmentCount);
    this.#runChars = Math.min(RUN_CHARS, Math.floor(this.#segmentSize / 12));
    // A line and its separator must always fit in one segment.
    this.maxLineBytes = checkedInteger(
      'maxLineBytes',
      options.maxLineBytes ?? Math.min(LOG_VIEW_LINE_BYTES, Math.floor(this.#segmentSize / 4)),
      MIN_LINE_BYTES,
      this.#segmentSize - 1,
    );
    this.#segments.push(new Uint8Array(Math.min(INITIAL_BYTES, this.#segmentSize)));
    const slots = Math.min(INITIAL_SLOTS, this.maxLines);
    this.#offsets = new Uint32Array(slots);
    this.#lengths = new Uint32Array(slots);
    this.#seconds = new Float64Array(slots);
    this.#nanos = new Uint32Array(slots);
    this.#sources = new Uint32Array(slots);
    this.#flags = new Uint8Array(slots);
  }

  /** Sequence number of the oldest line kept. */
  get firstSeq(): number {
    return this.#first;
  }

  /** One past the newest line's sequence number: the next line appended gets this number. */
  get endSeq(): number {
    return this.#first + this.#count;
  }

  /** Lines kept now. */
  get length(): number {
    return this.#count;
  }

  /** Lines the caps pushed out since the buffer was created or last cleared. */
  get droppedLines(): number {
    return this.#dropped;
  }

  stats(): LogBufferStats {
    return {
      lines: this.#count,
      usedBytes: this.#used,
      allocatedBytes: this.#segments.reduce((sum, segment) => sum + segment.length, 0),
      droppedLines: this.#dropped,
      truncatedLines: this.#truncated,
    };
  }

  append(line: LogLine): void {
    // One scan answers both questions for the usual line (no control character, no LF at all).
    if (!CONTROL_OR_NEWLINE.test(line.text)) {
      this.#appendOne(line, false);
    } else if (line.text.includes('\n')) {
      // The core splits on '\n'; if a line still carries one, store what a terminal would show: two lines.
      for (const part of line.text.split('\n')) this.#appendOne({ ...line, text: part }, CONTROL_CHARACTER.test(part));
    } else {
      this.#appendOne(line, true);
    }
  }

  /**
   * Appends lines in order, as append() does one by one. Runs of plain-enough lines (no control
   * character or LF, short enough never to be cut) are encoded together: one encodeInto per run
   * instead of one per line, which was the page's largest self time while a million lines loaded
   * (2.7 s of its main thread in a profile of bench/log-pane-browser.ts: in Chromium, encodeInto
   * costs ~1 µs a call). Appending 1,000,000 bench lines in batches of 500, in Chromium: 2.0-2.6 s
   * one by one, 0.65-1.3 s in runs.
   */
  appendMany(lines: readonly LogLine[]): void {
    let from = 0;
    while (from < lines.length) {
      let to = from;
      let chars = 0;
      while (to < lines.length && chars < this.#runChars) {
        const text = (lines[to] as LogLine).text;
        if (text.length * 3 > this.maxLineBytes || CONTROL_OR_NEWLINE.test(text)) break;
        chars += text.length + 1;
        to++;
      }
      if (to - from >= 2 && this.#appendRun(lines, from, to, chars)) {
        from = to;
        continue;
      }
      // One by one: the line that ended the run, or a run too large to place whole.
      for (const end = Math.max(to, from + 1); from < end; from++) this.append(lines[from] as LogLine);
    }
  }

  /** Forgets every line; sequence numbers keep counting so views notice, and the dropped count restarts. */
  clear(): void {
    this.#first += this.#count;
    this.#head = 0;
    this.#count = 0;
    this.#writePos = 0;
    this.#wrapped = false;
    this.#highLines = 0;
    this.#used = 0;
    this.#dropped = 0;
    this.#truncated = 0;
    this.#verbatimTimestamps.clear();
  }

  has(seq: number): boolean {
    return Number.isInteger(seq) && seq >= this.#first && seq < this.#first + this.#count;
  }

  /** The line's text, decoded now. */
  text(seq: number): string {
    const slot = this.#slotOf(seq);
    const start = this.#offsets[slot] ?? 0;
    return this.#decoder.decode(this.rawBytes(start, start + (this.#lengths[slot] ?? 0)));
  }

  /** The timestamp exactly as the server sent it, or '' when the line had none. */
  timestampText(seq: number): string {
    const slot = this.#slotOf(seq);
    const flags = this.#flags[slot] ?? 0;
    if (flags & HAS_UTC_TIMESTAMP) {
      return formatUtcTimestamp(this.#seconds[slot] ?? 0, this.#nanos[slot] ?? 0, flags & FRACTION_DIGITS_MASK);
    }
    return this.#verbatimTimestamps.get(seq) ?? '';
  }

  /** Milliseconds since the epoch, or undefined when the line has no timestamp a Date understands. */
  epochMillis(seq: number): number | undefined {
    const slot = this.#slotOf(seq);
    if ((this.#flags[slot] ?? 0) & HAS_UTC_TIMESTAMP) {
      return (this.#seconds[slot] ?? 0) * 1000 + Math.floor((this.#nanos[slot] ?? 0) / 1_000_000);
    }
    const verbatim = this.#verbatimTimestamps.get(seq);
    const parsed = verbatim === undefined ? Number.NaN : Date.parse(verbatim);
    return Number.isNaN(parsed) ? undefined : parsed;
  }

  /** True when the line was longer than maxLineBytes and was cut. */
  isTruncated(seq: number): boolean {
    return ((this.#flags[this.#slotOf(seq)] ?? 0) & TRUNCATED) !== 0;
  }

  /** The pod and container of a merged-logs line, or undefined for a single-container stream. */
  source(seq: number): LogSource | undefined {
    const id = this.#sources[this.#slotOf(seq)] ?? 0;
    return id === 0 ? undefined : this.#sourceList[id - 1];
  }

  /** Byte offset of the line in rawBytes(). For scanners; valid until the next append or clear. */
  lineOffset(seq: number): number {
    return this.#offsets[this.#slotOf(seq)] ?? 0;
  }

  /** Byte length of the line, without its '\n'. */
  lineByteLength(seq: number): number {
    return this.#lengths[this.#slotOf(seq)] ?? 0;
  }

  /**
   * The end (exclusive) of the run of lines from `from` that lie back to back in memory, stopping
   * before `limit` and, after the first line, before the run would exceed `maxBytes`.
   */
  contiguousEnd(from: number, limit: number, maxBytes: number): number {
    let slot = this.#slotOf(from);
    const end = Math.min(limit, this.endSeq);
    const segmentEnd = this.#segmentStart(this.#offsets[slot] ?? 0) + this.#segmentSize;
    let nextOffset = (this.#offsets[slot] ?? 0) + (this.#lengths[slot] ?? 0) + 1;
    let size = nextOffset - (this.#offsets[slot] ?? 0);
    let seq = from + 1;
    while (seq < end) {
      slot = slot + 1 === this.#offsets.length ? 0 : slot + 1;
      const offset = this.#offsets[slot] ?? 0;
      const lineSize = (this.#lengths[slot] ?? 0) + 1;
      if (offset !== nextOffset || offset >= segmentEnd || size + lineSize > maxBytes) break;
      size += lineSize;
      nextOffset = offset + lineSize;
      seq++;
    }
    return seq;
  }

  /**
   * The end (exclusive) of the lines from `from` (before `limit`) that are plain: ASCII without
   * control characters, so their bytes are exactly the text a reader sees, character for byte.
   */
  plainEnd(from: number, limit: number): number {
    const end = Math.min(limit, this.endSeq);
    let slot = this.#slotOf(from);
    let seq = from;
    while (seq < end && ((this.#flags[slot] ?? 0) & PLAIN) !== 0) {
      seq++;
      slot = slot + 1 === this.#flags.length ? 0 : slot + 1;
    }
    return seq;
  }

  /**
   * A view of the bytes [start, end), which must lie in one segment (as one line, or a run from
   * contiguousEnd, does). For scanners; valid until the next append or clear.
   */
  rawBytes(start: number, end: number): Uint8Array {
    const segment = Math.floor(start / this.#segmentSize);
    const base = segment * this.#segmentSize;
    return (this.#segments[segment] as Uint8Array).subarray(start - base, end - base);
  }

  /**
   * Calls `visit` with the text of each line in [from, end), in order. Plain stretches (ASCII, no
   * control characters) back to back in memory are decoded as one string of up to `chunkBytes` and
   * handed out as slices of it, which costs far less than decoding a million small strings; other
   * lines are decoded one by one. For scanners that need every line's text (structured filters).
   */
  forEachText(from: number, end: number, visit: (seq: number, text: string) => void, chunkBytes = TEXT_CHUNK_BYTES): void {
    let seq = Math.max(from, this.#first);
    const limit = Math.min(end, this.endSeq);
    while (seq < limit) {
      const plainEnd = this.plainEnd(seq, this.contiguousEnd(seq, limit, chunkBytes));
      if (plainEnd === seq) {
        visit(seq, this.text(seq));
        seq++;
        continue;
      }
      const base = this.lineOffset(seq);
      const text = this.#decoder.decode(this.rawBytes(base, this.lineOffset(plainEnd - 1) + this.lineByteLength(plainEnd - 1)));
      for (; seq < plainEnd; seq++) {
        const start = this.lineOffset(seq) - base;
        visit(seq, text.slice(start, start + this.lineByteLength(seq)));
      }
    }
  }

  /**
   * What is loaded, as text for a download: one line per line, each prefixed with its timestamp and
   * a space when `timestamps` is set (like `kubectl logs --timestamps`), in chunks of about 1 MiB.
   */
  exportChunks(options: { readonly timestamps: boolean }): Uint8Array[] {
    const chunks: Uint8Array[] = [];
    let chunk = new Uint8Array(EXPORT_CHUNK_BYTES);
    let filled = 0;
    const emit = (part: Uint8Array): void => {
      if (filled + part.length > chunk.length) {
        if (filled > 0) chunks.push(chunk.slice(0, filled));
        chunk = new Uint8Array(Math.max(EXPORT_CHUNK_BYTES, part.length));
        filled = 0;
      }
      chunk.set(part, filled);
      filled += part.length;
    };
    for (let seq = this.#first; seq < this.endSeq; seq++) {
      if (options.timestamps) {
        const stamp = this.timestampText(seq);
        if (stamp !== '') emit(this.#encoder.encode(stamp + ' '));
      }
      const start = this.lineOffset(seq);
      // The stored '\n' ends the line in the download too.
      emit(this.rawBytes(start, start + this.lineByteLength(seq) + 1));
    }
    if (filled > 0) chunks.push(chunk.slice(0, filled));
    return chunks;
  }

  #slotOf(seq: number): number {
    if (!this.has(seq)) {
      throw new RangeError(`log line ${seq} is not in the buffer (it holds ${this.#first} to ${this.endSeq - 1})`);
    }
    const slot = this.#head + (seq - this.#first);
    return slot >= this.#offsets.length ? slot - this.#offsets.length : slot;
  }

  #appendOne(line: LogLine, hasControlCharacter: boolean): void {
    this.#makeSlot();
    const text = line.text;
    // A UTF-16 unit never needs more than 3 bytes of UTF-8, so this much room always suffices.
    const room = Math.min(text.length * 3, this.maxLineBytes);
    this.#reserve(room + 1);
    const start = this.#writePos;
    const { segment, local } = this.#locate(start);
    const { read, written } = this.#encoder.encodeInto(text, segment.subarray(local, local + room));
    segment[local + written] = NEWLINE;
    this.#writePos = start + written + 1;
    this.#used += written + 1;

    let flags = read < text.length ? TRUNCATED : 0;
    if (flags & TRUNCATED) this.#truncated++;
    // One byte per UTF-16 unit means ASCII; checked here once so every filter pass can skip it.
    if (written === read && !hasControlCharacter) flags |= PLAIN;
    this.#index(line, start, written, flags);
  }

  /**
   * Lines [from, to), none with a control character or LF and none long enough to be cut, encoded
   * in one call and placed in one segment back to back, each with its '\n'. False, with nothing
   * changed, when together they are too large for that (the caller appends them one by one).
   */
  #appendRun(lines: readonly LogLine[], from: number, to: number, chars: number): boolean {
    if (this.#scratch.length < chars * 3) this.#scratch = new Uint8Array(chars * 3);
    let joined = '';
    for (let at = from; at < to; at++) joined += `${(lines[at] as LogLine).text}\n`;
    const { written } = this.#encoder.encodeInto(joined, this.#scratch);
    if (written > this.#segmentSize / 4) return false;
    this.#reserve(written);
    const start = this.#writePos;
    const { segment, local } = this.#locate(start);
    segment.set(this.#scratch.subarray(0, written), local);
    this.#writePos = start + written;
    this.#used += written;
    let cursor = local;
    for (let at = from; at < to; at++) {
      const line = lines[at] as LogLine;
      // No line of the run holds an LF, so the next one ends this line.
      const length = segment.indexOf(NEWLINE, cursor) - cursor;
      this.#makeSlot();
      // As many bytes as UTF-16 units: ASCII (and no control character, or it would not be here).
      this.#index(line, start + (cursor - local), length, length === line.text.length ? PLAIN : 0);
      cursor += length + 1;
    }
    return true;
  }

  /** The segment holding global offset `offset`, and where in it. */
  #locate(offset: number): { segment: Uint8Array; local: number } {
    const index = Math.floor(offset / this.#segmentSize);
    return { segment: this.#segments[index] as Uint8Array, local: offset - index * this.#segmentSize };
  }

  /** Indexes a line whose bytes are in place at `start`: its slot's columns, timestamp and source. */
  #index(line: LogLine, start: number, length: number, textFlags: number): void {
    const slot = this.#slotFor(this.#count);
    this.#offsets[slot] = start;
    this.#lengths[slot] = length;
    let flags = textFlags;
    const parsed = parseUtcTimestamp(line.timestamp);
    if (parsed) {
      flags |= HAS_UTC_TIMESTAMP | parsed.fractionDigits;
      this.#seconds[slot] = parsed.seconds;
      this.#nanos[slot] = parsed.nanos;
    } else if (line.timestamp !== '') {
      this.#verbatimTimestamps.set(this.endSeq, line.timestamp);
    }
    this.#flags[slot] = flags;
    this.#sources[slot] = line.pod === undefined && line.marker === undefined && line.context === undefined ? 0 : this.#sourceId(line);
    this.#count++;
  }

  #slotFor(index: number): number {
    const slot = this.#head + index;
    return slot >= this.#offsets.length ? slot - this.#offsets.length : slot;
  }

  /** Makes sure one more line fits in the index columns: grow them, or drop the oldest line. */
  #makeSlot(): void {
    if (this.#count < this.#offsets.length) return;
    if (this.#offsets.length < this.maxLines) {
      this.#growSlots(Math.min(this.maxLines, this.#offsets.length * 2));
    } else {
      this.#dropOldest();
    }
  }

  #growSlots(size: number): void {
    const reorder = <T extends Uint32Array | Float64Array | Uint8Array>(old: T, fresh: T): T => {
      const tail = old.subarray(this.#head, Math.min(old.length, this.#head + this.#count));
      fresh.set(tail, 0);
      fresh.set(old.subarray(0, this.#count - tail.length), tail.length);
      return fresh;
    };
    this.#offsets = reorder(this.#offsets, new Uint32Array(size));
    this.#lengths = reorder(this.#lengths, new Uint32Array(size));
    this.#seconds = reorder(this.#seconds, new Float64Array(size));
    this.#nanos = reorder(this.#nanos, new Uint32Array(size));
    this.#sources = reorder(this.#sources, new Uint32Array(size));
    this.#flags = reorder(this.#flags, new Uint8Array(size));
    this.#head = 0;
  }

  #segmentStart(offset: number): number {
    return Math.floor(offset / this.#segmentSize) * this.#segmentSize;
  }

  /**
   * Makes `need` free bytes at writePos inside one segment: use the rest of the current segment,
   * move on to the next one, wrap to the first, or drop the oldest lines.
   */
  #reserve(need: number): void {
    for (;;) {
      if (this.#count === 0) {
        this.#writePos = 0;
        this.#wrapped = false;
        this.#highLines = 0;
      }
      const segmentEnd = this.#segmentStart(this.#writePos) + this.#segmentSize;
      if (!this.#wrapped) {
        if (segmentEnd - this.#writePos >= need) return this.#allocate(need);
        if (segmentEnd < this.#segmentSize * this.#segmentCount) {
          this.#writePos = segmentEnd;
          continue;
        }
        this.#wrapped = true;
        this.#highLines = this.#count;
        this.#writePos = 0;
      } else {
        const headStart = this.#offsets[this.#head] ?? 0;
        if (Math.min(headStart, segmentEnd) - this.#writePos >= need) return this.#allocate(need);
        if (headStart >= segmentEnd) this.#writePos = segmentEnd;
        else this.#dropOldest();
      }
    }
  }

  /** Allocates writePos's segment, or grows the first one (in place: offsets do not change). */
  #allocate(need: number): void {
    const index = Math.floor(this.#writePos / this.#segmentSize);
    const local = this.#writePos - index * this.#segmentSize;
    const segment = this.#segments[index];
    if (segment === undefined) {
      this.#segments.push(new Uint8Array(this.#segmentSize));
    } else if (segment.length < local + need) {
      const grown = new Uint8Array(Math.min(this.#segmentSize, Math.max(segment.length * 2, local + need)));
      grown.set(segment);
      this.#segments[index] = grown;
    }
  }

  #dropOldest(): void {
    const seq = this.#first;
    if (this.#verbatimTimestamps.size > 0) this.#verbatimTimestamps.delete(seq);
    this.#used -= (this.#lengths[this.#head] ?? 0) + 1;
    this.#head = this.#head + 1 === this.#offsets.length ? 0 : this.#head + 1;
    this.#count--;
    this.#first++;
    this.#dropped++;
    if (this.#wrapped && --this.#highLines === 0) this.#wrapped = false;
  }

  #sourceId({ pod = '', container, context, marker }: LogLine): number {
    const key = [context ?? '', pod, container ?? '', marker ?? ''].join('\u0000');
    let id = this.#sourceIds.get(key);
    if (id === undefined) {
      let podIndex = this.#podIndices.get(pod);
      if (podIndex === undefined) {
        podIndex = this.#podIndices.size;
        this.#podIndices.set(pod, podIndex);
      }
      this.#sourceList.push({ pod, container, podIndex, ...(context === undefined ? {} : { context }), ...(marker === undefined ? {} : { marker }) });
      id = this.#sourceList.length;
      this.#sourceIds.set(key, id);
    }
    return id;
  }
}
