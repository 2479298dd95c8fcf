/**
 * Turns a byte stream that arrives in arbitrary pieces (WebSocket frames) into text without
 * breaking characters: a multi-byte UTF-8 character split across two frames is held back until its
 * last byte arrives, then comes out whole. Decoding any chunking of a stream gives the same text as
 * decoding it in one piece.
 *
 * Invalid bytes become U+FFFD, one per maximal invalid subpart (the WHATWG rule), never dropped.
 * A byte-order mark is kept as U+FEFF rather than silently swallowed: a terminal stream is not a
 * document and the character may be meaningful output.
 *
 * Use one instance per stream: stdout and stderr each need their own, or a partial character from
 * one would be completed with bytes from the other.
 */
export class Utf8StreamDecoder {
  readonly #decoder = new TextDecoder('utf-8', { fatal: false, ignoreBOM: true });

  /** The text completed by `bytes`; an incomplete trailing character waits for the next call. */
  decode(bytes: Uint8Array): string {
    return this.#decoder.decode(bytes, { stream: true });
  }

  /**
   * Ends the stream: returns U+FFFD for a character left incomplete (or '' if none) and resets the
   * decoder so the instance can start a new stream.
   */
  flush(): string {
    return this.#decoder.decode();
  }
}
