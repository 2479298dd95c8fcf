// Flow control, renderer side. Main stops reading a session's socket while too much of its output is
// unacknowledged, so the renderer must acknowledge what it has really processed: for a terminal,
// the bytes xterm's write callback reports as parsed; for logs, the lines appended to the buffer.
// Acknowledging every write would flood the bridge, so acknowledgements are batched (VS Code's
// terminal acknowledges every 5,000 characters). The remainder is flushed as soon as the consumer
// has caught up (nothing it was handed is left unprocessed) and when the session ends: main never
// waits on a few bytes that were processed long ago, and its count returns to zero whenever the
// terminal is idle, whatever the batch and the watermarks are.
// A log view is always caught up (it appends a batch of lines as it gets it), so it would flush
// once per batch: instead it acknowledges a larger batch, and the rest a moment after it stops
// coming (`settleMs`, flow-budget.ts's LOG_ACKNOWLEDGEMENT says why).

import { ACK_BATCH, TERMINAL_WRITE_BYTES } from '../../../shared/flow/flow-budget.ts';

export type AcknowledgeFn = (id: string, amount: number) => void;

/** The part of xterm's Terminal this uses: write with a callback once the data is parsed. */
export interface WritableTerminal {
  write(data: Uint8Array | string, callback?: () => void): void;
}

export class AcknowledgerError extends Error {
  override readonly name = 'AcknowledgerError';
}

function checkAmount(amount: number): void {
  if (!Number.isSafeInteger(amount) || amount < 0) {
    throw new AcknowledgerError(`an amount must be a whole number ≥ 0, got ${amount}`);
  }
}

export class Acknowledger {
  readonly id: string;
  readonly #acknowledge: AcknowledgeFn;
  readonly #batch: number;
  readonly #settleMs: number | undefined;
  #settleTimer: ReturnType<typeof setTimeout> | undefined;
  #written = 0;
  #processed = 0;
  #acknowledged = 0;
  #disposed = false;

  /**
   * `settleMs`: acknowledge what is below a batch this long after it was processed, instead of as
   * soon as nothing handed over is left unprocessed.
   */
  constructor(id: string, acknowledge: AcknowledgeFn, batch = ACK_BATCH, settleMs?: number) {
    if (!Number.isSafeInteger(batch) || batch < 1) throw new AcknowledgerError(`batch must be a whole number ≥ 1, got ${batch}`);
    if (settleMs !== undefined && (!Number.isSafeInteger(settleMs) || settleMs < 0)) {
      throw new AcknowledgerError(`settleMs must be a whole number ≥ 0, got ${settleMs}`);
    }
    this.id = id;
    this.#acknowledge = acknowledge;
    this.#batch = batch;
    this.#settleMs = settleMs;
  }

  /** Handed to the consumer, not yet processed. */
  get outstanding(): number {
    return this.#written - this.#processed;
  }

  /** Processed but not yet acknowledged. */
  get pending(): number {
    return this.#processed - this.#acknowledged;
  }

  get totalAcknowledged(): number {
    return this.#acknowledged;
  }

  /** `amount` more was handed to the consumer. */
  wrote(amount: number): void {
    checkAmount(amount);
    this.#written += amount;
  }

  /** The consumer finished `amount` of what it was handed. More than was handed is a bug and throws. */
  done(amount: number): void {
    checkAmount(amount);
    if (this.#processed + amount > this.#written) {
      throw new AcknowledgerError(
        `session ${this.id}: ${amount} reported processed but only ${this.#written - this.#processed} are outstanding`,
      );
    }
    this.#processed += amount;
    if (this.#disposed) return;
    if (this.pending >= this.#batch) this.flush();
    else if (this.#settleMs === undefined) {
      if (this.outstanding === 0) this.flush();
    } else if (this.pending > 0 && this.#settleTimer === undefined) {
      this.#settleTimer = setTimeout(() => this.flush(), this.#settleMs);
    }
  }

  /** Acknowledges everything processed so far. */
  flush(): void {
    clearTimeout(this.#settleTimer);
    this.#settleTimer = undefined;
    const amount = this.pending;
    if (amount === 0 || this.#disposed) return;
    this.#acknowledged += amount;
    this.#acknowledge(this.id, amount);
  }

  /**
   * Writes to a terminal and acknowledges once it has parsed the data. Counts UTF-16 units for a
   * string (what VS Code counts) and bytes for a Uint8Array, matching what main counted. Bytes go
   * in pieces of at most `maxWrite` (views, not copies).
   */
  writeTo(terminal: WritableTerminal, data: Uint8Array | string, maxWrite = TERMINAL_WRITE_BYTES): void {
    if (!Number.isSafeInteger(maxWrite) || maxWrite < 1) throw new AcknowledgerError(`maxWrite must be a whole number ≥ 1, got ${maxWrite}`);
    if (typeof data === 'string' || data.length <= maxWrite) {
      this.#writePiece(terminal, data);
      return;
    }
    for (let offset = 0; offset < data.length; offset += maxWrite) this.#writePiece(terminal, data.subarray(offset, offset + maxWrite));
  }

  #writePiece(terminal: WritableTerminal, data: Uint8Array | string): void {
    const amount = data.length;
    this.wrote(amount);
    terminal.write(data, () => this.done(amount));
  }

  /** The session is gone (closed tab, ended): flush the rest once, then acknowledge nothing more. */
  dispose(): void {
    this.flush();
    this.#disposed = true;
  }
}
