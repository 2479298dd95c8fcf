// Each log line's severity, worked out when first asked for and kept in one byte per line (at most the buffer's line cap, 1 MiB by default): the rows on screen ask one by one as they are drawn; a level filter
// asks for a million at once (`classifyRange`, which reads plain lines' bytes where they lie). The
// byte is indexed by sequence number modulo the buffer's line cap, which the buffer never holds
// more than, so no line's byte is another's; bytes of lines appended since the last look are
// cleared first, so a new line never reads the byte of the line it replaced.
import { plainLineSeverityRank, UNSURE } from '../../../shared/logs/ascii-severity.ts';
import { lineSeverity } from '../../../shared/logs/structured-line.ts';
import { severityAt, severityRank, type Severity } from '../../../shared/logs/severity.ts';
import type { LogBuffer } from './log-buffer.ts';

const KNOWN = 0x80;
const SEVERITY_MASK = 0x07;
const MIN_BYTES = 1024;
/** Lines are read in runs of about this many bytes (the filter's own run size). */
const RUN_BYTES = 64 * 1024;

export class LogLineClasses {
  readonly #buffer: LogBuffer;
  readonly #decoder = new TextDecoder();
  #bytes: Uint8Array | null = null;
  /** Lines from this sequence number on have bytes that may be stale. */
  #clearedEnd: number;

  constructor(buffer: LogBuffer) {
    this.#buffer = buffer;
    this.#clearedEnd = buffer.firstSeq;
  }

  severityOf(seq: number): Severity {
    return severityAt(this.#byteOf(seq) & SEVERITY_MASK);
  }

  /** The severity's rank (severity.ts: unknown 0 … error 4). */
  severityRankOf(seq: number): number {
    return this.#byteOf(seq) & SEVERITY_MASK;
  }

  /**
   * Works out the severity of every line in [from, end) not known yet. Plain lines back to back in
   * memory are read where they lie, as bytes (ascii-severity.ts), one run at a time; a line that
   * reader is unsure of, and a line that is not plain, is decoded and read by lineSeverity.
   */
  classifyRange(from: number, end: number): void {
    const bytes = this.#sync();
    const size = bytes.length;
    const buffer = this.#buffer;
    let seq = Math.max(from, buffer.firstSeq);
    const limit = Math.min(end, buffer.endSeq);
    // Skip what is known already, so a second pass over the same lines reads nothing.
    while (seq < limit && ((bytes[seq % size] ?? 0) & KNOWN) !== 0) seq++;
    while (seq < limit) {
      const plainEnd = buffer.plainEnd(seq, buffer.contiguousEnd(seq, limit, RUN_BYTES));
      if (plainEnd === seq) {
        if (((bytes[seq % size] ?? 0) & KNOWN) === 0) bytes[seq % size] = encode(buffer.text(seq));
        seq++;
        continue;
      }
      // The run's lines lie back to back, each followed by its '\n'.
      const last = plainEnd - 1;
      const run = buffer.rawBytes(buffer.lineOffset(seq), buffer.lineOffset(last) + buffer.lineByteLength(last));
      let start = 0;
      for (; seq < plainEnd; seq++) {
        const lineEnd = start + buffer.lineByteLength(seq);
        const index = seq % size;
        if (((bytes[index] ?? 0) & KNOWN) === 0) {
          const rank = plainLineSeverityRank(run, start, lineEnd);
          bytes[index] = rank === UNSURE ? encode(this.#decoder.decode(run.subarray(start, lineEnd))) : KNOWN | rank;
        }
        start = lineEnd + 1;
      }
    }
  }

  #byteOf(seq: number): number {
    const bytes = this.#sync();
    const index = seq % bytes.length;
    let byte = bytes[index] ?? 0;
    if ((byte & KNOWN) === 0) {
      byte = encode(this.#buffer.text(seq));
      bytes[index] = byte;
    }
    return byte;
  }

  #sync(): Uint8Array {
    const buffer = this.#buffer;
    // Nothing appended since the last look: the bytes are sized and cleared already.
    if (this.#bytes !== null && this.#clearedEnd === buffer.endSeq) return this.#bytes;
    const bytes = this.#sized(buffer);
    const from = Math.max(this.#clearedEnd, buffer.endSeq - bytes.length);
    for (let seq = from; seq < buffer.endSeq; seq++) bytes[seq % bytes.length] = 0;
    this.#clearedEnd = buffer.endSeq;
    return bytes;
  }

  /**
   * At least as many bytes as lines held (a power of two, up to the line cap), so a quiet tab keeps
   * a few KiB, not a byte for every line it could hold; growing moves the known bytes to their
   * new places.
   */
  #sized(buffer: LogBuffer): Uint8Array {
    const old = this.#bytes;
    if (old !== null && (old.length >= buffer.length || old.length === buffer.maxLines)) return old;
    let size = MIN_BYTES;
    while (size < buffer.length) size *= 2;
    const bytes = new Uint8Array(Math.min(size, buffer.maxLines));
    if (old !== null) {
      for (let seq = Math.max(buffer.firstSeq, this.#clearedEnd - old.length); seq < this.#clearedEnd; seq++) bytes[seq % bytes.length] = old[seq % old.length] ?? 0;
    }
    this.#bytes = bytes;
    return bytes;
  }
}

function encode(text: string): number {
  return KNOWN | severityRank(lineSeverity(text));
}
