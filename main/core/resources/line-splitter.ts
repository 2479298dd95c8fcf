// Splits a watch response into its lines: one JSON document per line (the API server's JSON
// framer), and a big object easily spans several chunks. The strict policy of the shared byte
// line splitter (lines/byte-line-splitter.ts): a line longer than the limit is an error, not cut,
// since a cut JSON document means nothing; lines must be valid UTF-8; blank lines are skipped.
import { ByteLineSplitter } from '../lines/byte-line-splitter.ts';

const decoder = new TextDecoder('utf-8', { fatal: true });

export class LineSplitter extends ByteLineSplitter<string> {
  /**
   * `maxLineBytes` bounds memory when a server never sends a newline. push() returns the complete
   * lines a chunk finishes (without '\n'; empty lines skipped), and throws LineTooLongError when a
   * line grows past the limit, and TypeError (from the decoder) when a line is not valid UTF-8.
   */
  constructor(maxLineBytes: number) {
    super({
      keepBytes: maxLineBytes,
      check: (length) => {
        if (length > maxLineBytes) throw new LineTooLongError(maxLineBytes);
      },
      finish: ({ kept }) => decoder.decode(kept).trim() || null,
    });
  }

  /** Bytes of an unfinished line, held until its newline arrives. */
  get pendingBytes(): number {
    return this.bufferedBytes;
  }
}

export class LineTooLongError extends Error {
  constructor(limit: number) {
    super(`a line grew past ${limit} bytes without a newline`);
    this.name = 'LineTooLongError';
  }
}
