// Splits a byte stream into lines at '\n', whatever the chunk boundaries. A watch response is one
// JSON document per line (the API server's JSON framer), and a big object easily spans several
// chunks. Splitting bytes rather than decoded text is safe for UTF-8: 0x0A never occurs inside a
// multi-byte character. Pieces of an incomplete line are kept as a list and joined once, so a line
// arriving in many chunks costs linear time.
const NEWLINE = 0x0a;
const decoder = new TextDecoder('utf-8', { fatal: true });

export class LineSplitter {
  #pending: Uint8Array[] = [];
  #pendingLength = 0;
  readonly #maxLineBytes: number;

  /** `maxLineBytes` bounds memory when a server never sends a newline. */
  constructor(maxLineBytes: number) {
    this.#maxLineBytes = maxLineBytes;
  }

  /**
   * Returns the complete lines `chunk` finishes (without '\n'; empty lines skipped). Throws
   * LineTooLongError when an unfinished line grows past the limit, and TypeError (from the
   * decoder) when a line is not valid UTF-8.
   */
  push(chunk: Uint8Array): string[] {
    const lines: string[] = [];
    let start = 0;
    for (let end = chunk.indexOf(NEWLINE); end !== -1; end = chunk.indexOf(NEWLINE, start)) {
      this.#checkLength(end - start);
      const line = this.#takeLine(chunk.subarray(start, end));
      if (line !== '') lines.push(line);
      start = end + 1;
    }
    if (start < chunk.length) {
      const rest = chunk.subarray(start);
      this.#checkLength(rest.length);
      // Copy: the caller may reuse its buffer.
      this.#pending.push(rest.slice());
      this.#pendingLength += rest.length;
    }
    return lines;
  }

  /** Bytes of an unfinished line, held until its newline arrives. */
  get pendingBytes(): number {
    return this.#pendingLength;
  }

  #checkLength(more: number): void {
    if (this.#pendingLength + more > this.#maxLineBytes) throw new LineTooLongError(this.#maxLineBytes);
  }

  #takeLine(tail: Uint8Array): string {
    if (this.#pending.length === 0) return decoder.decode(tail).trim();
    const whole = new Uint8Array(this.#pendingLength + tail.length);
    let offset = 0;
    for (const piece of this.#pending) {
      whole.set(piece, offset);
      offset += piece.length;
    }
    whole.set(tail, offset);
    this.#pending = [];
    this.#pendingLength = 0;
    return decoder.decode(whole).trim();
  }
}

export class LineTooLongError extends Error {
  constructor(limit: number) {
    super(`a line grew past ${limit} bytes without a newline`);
    this.name = 'LineTooLongError';
  }
}
