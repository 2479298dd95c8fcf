// The one loop that splits a byte stream into lines at LF (0x0A), whatever the chunk boundaries,
// shared by the watch's JSON lines (resources/line-splitter.ts, strict) and the log stream
// (logs/log-line-splitter.ts, lenient). Splitting bytes rather than decoded text is safe for UTF-8:
// 0x0A never occurs inside a multi-byte character, so a character split across two chunks is
// simply reassembled with the rest of its line before the policy decodes it.
//
// A line inside one chunk is handed over as a view, without a copy (the common case). Pieces of an
// unfinished line are copied (the caller may reuse its buffer), kept as a list and joined once, so
// a line arriving in many chunks costs linear time. Memory is bounded by the policy: at most
// `keepBytes` of an unfinished line are held (strict: refuse a longer line; lenient: count the rest
// and cut it), and `check` sees every line's length as it grows and may refuse it by throwing.

const LF = 0x0a;

/** A finished line as the splitter saw it, for the policy to turn into its value. */
export interface RawLine {
  /** The line's first bytes, without the LF: all of them when it fits in keepBytes (or arrived in one chunk). */
  readonly kept: Uint8Array;
  /** Bytes of the whole line without the LF, kept or not. */
  readonly total: number;
  /** The line's last byte (kept or not), or -1 when it is empty. */
  readonly lastByte: number;
  /** Whether an LF ended it (false: the stream ended first). */
  readonly endedByLf: boolean;
}

/** How a splitter treats a line: how much of it to hold, whether it is too long, and what it becomes. */
export interface LinePolicy<L> {
  /** The most bytes of an unfinished line held in memory; the rest is counted, not kept. */
  readonly keepBytes: number;
  /** Called with a line's length (without LF) before it grows to that; throws to refuse it. */
  readonly check?: (length: number) => void;
  /** The value of a finished line, or null to skip it. */
  finish(line: RawLine): L | null;
}

export class ByteLineSplitter<L> {
  readonly #policy: LinePolicy<L>;
  /** Kept pieces of the unfinished line (copies, so no caller buffer is retained). */
  #pieces: Uint8Array[] = [];
  /** Bytes kept of the unfinished line (at most the policy's keepBytes). */
  #keptLength = 0;
  /** All bytes of the unfinished line, kept or dropped. */
  #totalLength = 0;
  /** The unfinished line's last byte (kept or dropped). */
  #lastByte = -1;

  constructor(policy: LinePolicy<L>) {
    this.#policy = policy;
  }

  /** Bytes held for the unfinished line. */
  get bufferedBytes(): number {
    return this.#keptLength;
  }

  /** The complete lines `chunk` finishes, in order. */
  push(chunk: Uint8Array): L[] {
    const lines: L[] = [];
    let start = 0;
    for (let end = chunk.indexOf(LF); end !== -1; end = chunk.indexOf(LF, start)) {
      const tail = chunk.subarray(start, end);
      if (this.#totalLength === 0) {
        // The common case, a whole line inside one chunk: no copy.
        this.#policy.check?.(tail.length);
        this.#add(lines, { kept: tail, total: tail.length, lastByte: tail[tail.length - 1] ?? -1, endedByLf: true });
      } else {
        this.#append(tail);
        this.#add(lines, this.#takeBuffered(true));
      }
      start = end + 1;
    }
    if (start < chunk.length) this.#append(chunk.subarray(start));
    return lines;
  }

  /** Ends the stream: the unfinished line (bytes after the last LF), if any, as a final line. */
  end(): L[] {
    const lines: L[] = [];
    if (this.#totalLength > 0) this.#add(lines, this.#takeBuffered(false));
    return lines;
  }

  /** Forgets the unfinished line. */
  discard(): void {
    this.#pieces = [];
    this.#keptLength = 0;
    this.#totalLength = 0;
    this.#lastByte = -1;
  }

  #add(lines: L[], line: RawLine): void {
    const value = this.#policy.finish(line);
    if (value !== null) lines.push(value);
  }

  #append(bytes: Uint8Array): void {
    if (bytes.length === 0) return;
    this.#policy.check?.(this.#totalLength + bytes.length);
    const room = this.#policy.keepBytes - this.#keptLength;
    if (room > 0) {
      const kept = bytes.subarray(0, room);
      this.#pieces.push(kept.slice());
      this.#keptLength += kept.length;
    }
    this.#totalLength += bytes.length;
    this.#lastByte = bytes[bytes.length - 1] ?? this.#lastByte;
  }

  #takeBuffered(endedByLf: boolean): RawLine {
    const kept = new Uint8Array(this.#keptLength);
    let offset = 0;
    for (const piece of this.#pieces) {
      kept.set(piece, offset);
      offset += piece.length;
    }
    const line = { kept, total: this.#totalLength, lastByte: this.#lastByte, endedByLf };
    this.discard();
    return line;
  }
}
