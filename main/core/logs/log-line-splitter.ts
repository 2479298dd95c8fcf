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
import { ByteLineSplitter, type RawLine } from '../lines/byte-line-splitter.ts';

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

/** The lenient policy of the shared byte line splitter (lines/byte-line-splitter.ts): cut, never refuse. */
export class LogLineSplitter extends ByteLineSplitter<SplitLine> {
  constructor(maxLineBytes: number = LOG_LINE_KEEP_BYTES) {
    if (!Number.isSafeInteger(maxLineBytes) || maxLineBytes < MIN_MAX_LINE_BYTES) {
      throw new RangeError(
        `maxLineBytes must be a whole number of at least ${MIN_MAX_LINE_BYTES}, got ${String(maxLineBytes)}`,
      );
    }
    super({
      // One byte beyond the limit is room for the CR of a CRLF right after a line of exactly
      // maxLineBytes (that line is not cut).
      keepBytes: maxLineBytes + 1,
      finish: (line) => finishLine(line, maxLineBytes),
    });
  }
}

/**
 * One finished line: `kept` holds its first bytes (all of them when `total` is no longer),
 * `lastByte` is its real last byte, and `endedByLf` says an LF terminated it.
 */
function finishLine({ kept, total, lastByte, endedByLf }: RawLine, maxLineBytes: number): SplitLine {
  // A CR right before the LF is part of the terminator; a CR at the very end of the stream is text.
  const crlf = endedByLf && lastByte === CR;
  const terminatorBytes = (endedByLf ? 1 : 0) + (crlf ? 1 : 0);
  const contentBytes = total - (crlf ? 1 : 0);
  const wireBytes = total + (endedByLf ? 1 : 0);
  if (contentBytes <= maxLineBytes) {
    return {
      text: decoder.decode(kept.subarray(0, contentBytes)),
      wireBytes,
      keptBytes: contentBytes + terminatorBytes,
      cutBytes: 0,
    };
  }
  const whole = wholeCharacterPrefix(kept.subarray(0, maxLineBytes));
  const cutBytes = contentBytes - whole.length;
  return {
    text: decoder.decode(whole) + truncationMarker(cutBytes),
    wireBytes,
    keptBytes: whole.length + terminatorBytes,
    cutBytes,
  };
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
