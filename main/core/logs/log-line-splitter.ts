// Splits a log byte stream into lines, whatever the chunk boundaries.
//
// Bytes first, text second: the stream is split at LF (0x0A) on the raw bytes, and each complete
// line is decoded on its own. LF never occurs inside a multi-byte UTF-8 sequence, so a character
// split across two chunks is simply reassembled with the rest of its line before decoding.
// Invalid UTF-8 becomes U+FFFD (never dropped, never an exception: a log is what the pod wrote).
//
// Line endings:
// - LF ends a line; CRLF ends a line too, and the CR is not part of the text (Windows containers).
// - A lone CR (not directly before the LF) stays in the text. The kubelet splits log entries only
//   at LF, so a lone CR never starts a new entry and carries no timestamp of its own: splitting
//   there would invent lines without timestamps that a resumed stream could not be matched against.
//   Progress-bar output ("10%\r20%\r30%") therefore arrives as one line; the view decides how to
//   show the CRs.
// - The last line of a stream that ends without LF is delivered by end() (a clean end only: after
//   a dropped connection the fragment is discarded, because the resumed stream sends it again).
//
// Bounded memory: a line longer than maxLineBytes keeps its first maxLineBytes bytes (cut back to
// a whole UTF-8 character) and drops the rest up to its LF; the text then ends with a visible
// marker saying how many bytes were cut. The default maxLineBytes is LOG_LINE_KEEP_BYTES in
// shared/flow/flow-budget.ts, where its relation to the log view's own line limit is stated.
import { LOG_LINE_KEEP_BYTES } from '../../../shared/flow/flow-budget.ts';

const LF = 0x0a;
const CR = 0x0d;

/** A cut line must keep its timestamp prefix (up to 36 bytes), or it could not be resumed past. */
export const MIN_MAX_LINE_BYTES = 64;

/** The marker appended to a cut line's text (at most LOG_LINE_CUT_MARKER_MAX_BYTES in UTF-8). */
export function truncationMarker(cutBytes: number): string {
  return ` … [line cut: ${cutBytes} more bytes not shown]`;
}

export interface SplitLine {
  /** The decoded line without its terminator; ends with truncationMarker() when cut. */
  readonly text: string;
  /** Bytes of the whole line as the server sent it, terminator included (cut bytes included). */
  readonly wireBytes: number;
  /** Bytes held in memory for this line (the kept part plus terminator): what flow control counts. */
  readonly keptBytes: number;
  /** Bytes dropped because the line was longer than maxLineBytes; 0 when whole. */
  readonly cutBytes: number;
}

const decoder = new TextDecoder('utf-8', { fatal: false, ignoreBOM: true });

export class LogLineSplitter {
  readonly #maxLineBytes: number;
  /** Kept pieces of the unfinished line (copies, so no caller buffer is retained). */
  #pieces: Uint8Array[] = [];
  /**
   * Bytes kept of the unfinished line: at most maxLineBytes + 1, the one extra byte being room for
   * the CR of a CRLF right after a line of exactly maxLineBytes (that line is not cut).
   */
  #keptLength = 0;
  /** All bytes of the unfinished line, kept or dropped. */
  #totalLength = 0;
  /** The unfinished line's last byte (kept or dropped), to recognise the CR of a CRLF. */
  #lastByte = -1;

  constructor(maxLineBytes: number = LOG_LINE_KEEP_BYTES) {
    if (!Number.isSafeInteger(maxLineBytes) || maxLineBytes < MIN_MAX_LINE_BYTES) {
      throw new RangeError(
        `maxLineBytes must be a whole number of at least ${MIN_MAX_LINE_BYTES}, got ${String(maxLineBytes)}`,
      );
    }
    this.#maxLineBytes = maxLineBytes;
  }

  /** Bytes held for the unfinished line (at most maxLineBytes + 1). */
  get bufferedBytes(): number {
    return this.#keptLength;
  }

  /** The complete lines `chunk` finishes, in order. */
  push(chunk: Uint8Array): SplitLine[] {
    const lines: SplitLine[] = [];
    let start = 0;
    for (let end = chunk.indexOf(LF); end !== -1; end = chunk.indexOf(LF, start)) {
      const tail = chunk.subarray(start, end);
      if (this.#totalLength === 0) {
        // The common case, a whole line inside one chunk: no copy.
        lines.push(this.#finish(tail, tail.length, tail[tail.length - 1] ?? -1, true));
      } else {
        this.#append(tail);
        lines.push(this.#finishBuffered(true));
      }
      start = end + 1;
    }
    if (start < chunk.length) this.#append(chunk.subarray(start));
    return lines;
  }

  /** Ends the stream: the unfinished line (bytes after the last LF), if any, as a final line. */
  end(): SplitLine[] {
    return this.#totalLength === 0 ? [] : [this.#finishBuffered(false)];
  }

  /** Forgets the unfinished line: the connection dropped and the resumed stream repeats it. */
  discard(): void {
    this.#reset();
  }

  #append(bytes: Uint8Array): void {
    if (bytes.length === 0) return;
    const room = this.#maxLineBytes + 1 - this.#keptLength;
    if (room > 0) {
      const kept = bytes.subarray(0, room);
      this.#pieces.push(kept.slice());
      this.#keptLength += kept.length;
    }
    this.#totalLength += bytes.length;
    this.#lastByte = bytes[bytes.length - 1] ?? this.#lastByte;
  }

  #finishBuffered(endedByLf: boolean): SplitLine {
    const kept = new Uint8Array(this.#keptLength);
    let offset = 0;
    for (const piece of this.#pieces) {
      kept.set(piece, offset);
      offset += piece.length;
    }
    const line = this.#finish(kept, this.#totalLength, this.#lastByte, endedByLf);
    this.#reset();
    return line;
  }

  /**
   * One finished line: `kept` holds its first bytes (all of them when `total` is no longer),
   * `lastByte` is its real last byte, and `endedByLf` says an LF terminated it.
   */
  #finish(kept: Uint8Array, total: number, lastByte: number, endedByLf: boolean): SplitLine {
    // A CR right before the LF is part of the terminator; a CR at the very end of the stream is text.
    const crlf = endedByLf && lastByte === CR;
    const terminatorBytes = (endedByLf ? 1 : 0) + (crlf ? 1 : 0);
    const contentBytes = total - (crlf ? 1 : 0);
    const wireBytes = total + (endedByLf ? 1 : 0);
    if (contentBytes <= this.#maxLineBytes) {
      return {
        text: decoder.decode(kept.subarray(0, contentBytes)),
        wireBytes,
        keptBytes: contentBytes + terminatorBytes,
        cutBytes: 0,
      };
    }
    const whole = wholeCharacterPrefix(kept.subarray(0, this.#maxLineBytes));
    const cutBytes = contentBytes - whole.length;
    return {
      text: decoder.decode(whole) + truncationMarker(cutBytes),
      wireBytes,
      keptBytes: whole.length + terminatorBytes,
      cutBytes,
    };
  }

  #reset(): void {
    this.#pieces = [];
    this.#keptLength = 0;
    this.#totalLength = 0;
    this.#lastByte = -1;
  }
}

/** `bytes` without a trailing incomplete UTF-8 sequence, so a cut never produces U+FFFD. */
function wholeCharacterPrefix(bytes: Uint8Array): Uint8Array {
  // Walk back over up to 3 continuation bytes (10xxxxxx) to the lead byte of the last character.
  let lead = bytes.length - 1;
  while (lead > bytes.length - 4 && lead > 0 && ((bytes[lead] ?? 0) & 0xc0) === 0x80) lead--;
  const first = bytes[lead] ?? 0;
  const needed = first >= 0xf0 ? 4 : first >= 0xe0 ? 3 : first >= 0xc0 ? 2 : 1;
  return bytes.length - lead < needed ? bytes.subarray(0, lead) : bytes;
}
