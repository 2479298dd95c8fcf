// Input the user typed before we know a process is there to read it: while the handshake runs,
// and while a shell candidate may still turn out not to exist. The session forwards input to an
// open candidate at once (no added latency) and keeps this copy to replay into the next candidate
// if the runtime says the executable was not found; then nothing typed meanwhile is lost. The
// copy is dropped as soon as the process is known to run.

/** Enough for anything typed or pasted while a probe takes its fraction of a second. */
export const DEFAULT_HELD_INPUT_LIMIT = 1 << 20;

export class HeldInput {
  readonly limit: number;
  #chunks: Uint8Array[] = [];
  #size = 0;
  #stdinClosed = false;

  constructor(limit: number = DEFAULT_HELD_INPUT_LIMIT) {
    if (!Number.isSafeInteger(limit) || limit < 0) {
      throw new RangeError(`held input limit must be a whole number of bytes, got ${String(limit)}`);
    }
    this.limit = limit;
  }

  /** Bytes held. */
  get size(): number {
    return this.#size;
  }

  get chunks(): readonly Uint8Array[] {
    return this.#chunks;
  }

  /** Whether the user asked to close stdin after the held input. */
  get stdinClosed(): boolean {
    return this.#stdinClosed;
  }

  /**
   * Keeps a copy of `bytes` (the caller may reuse its buffer). Returns false, keeping nothing,
   * when that would exceed the limit.
   */
  add(bytes: Uint8Array): boolean {
    if (this.#size + bytes.length > this.limit) return false;
    this.#chunks.push(bytes.slice());
    this.#size += bytes.length;
    return true;
  }

  closeStdin(): void {
    this.#stdinClosed = true;
  }

  clear(): void {
    this.#chunks = [];
    this.#size = 0;
    this.#stdinClosed = false;
  }
}
