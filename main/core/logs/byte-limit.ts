// limitBytes, enforced on our side. The user's limit means "this many bytes of the log" as the
// server counts them without timestamps (kubectl logs --limit-bytes). We always ask the server
// for timestamps, and the kubelet counts the timestamp prefixes against limitBytes too, so passing
// the user's number through would return fewer lines than asked. Counting here also carries the
// budget across a resumed connection, which a server-side limit would restart.
//
// Like the kubelet, the line that crosses the limit is cut at the limit (to a whole UTF-8
// character here, so a cut never shows U+FFFD), and nothing follows it.

const encoder = new TextEncoder();
const decoder = new TextDecoder('utf-8', { fatal: false, ignoreBOM: true });

export interface BudgetedLine {
  /** The text to deliver: whole, or cut at the limit. */
  readonly text: string;
  /** The limit is used up: this was the last line. */
  readonly exhausted: boolean;
}

export class ByteLimit {
  #remaining: number;

  constructor(limitBytes: number) {
    if (!Number.isSafeInteger(limitBytes) || limitBytes < 1) {
      throw new RangeError(`limitBytes must be a whole number of at least 1, got ${String(limitBytes)}`);
    }
    this.#remaining = limitBytes;
  }

  /**
   * Charges one line: `logBytes` is what it counts as (text and line terminator, as the server
   * sent them, without the timestamp prefix). `alreadyCut` lines (cut for length, with a marker)
   * are never cut again.
   */
  take(text: string, logBytes: number, alreadyCut: boolean): BudgetedLine {
    if (logBytes < this.#remaining) {
      this.#remaining -= logBytes;
      return { text, exhausted: false };
    }
    const room = this.#remaining;
    this.#remaining = 0;
    if (alreadyCut) return { text, exhausted: true };
    const bytes = encoder.encode(text);
    // Room for all the text (only the terminator falls outside): deliver the text whole.
    if (room >= bytes.length) return { text, exhausted: true };
    return { text: decoder.decode(wholeCharacters(bytes, room)), exhausted: true };
  }
}

/** The first `length` bytes of UTF-8 `bytes`, backed off to the start of a character. */
function wholeCharacters(bytes: Uint8Array, length: number): Uint8Array {
  let end = length;
  // A continuation byte (10xxxxxx) at the cut means a character straddles it.
  while (end > 0 && ((bytes[end] ?? 0) & 0xc0) === 0x80) end--;
  return bytes.subarray(0, end);
}
