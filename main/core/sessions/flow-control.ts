// Backpressure between a streaming session and whoever consumes its output (the renderer's xterm,
// a log view). The session counts what it hands out; the consumer acknowledges what it has
// processed. When too much is outstanding the session stops reading its socket, so the kernel's
// receive buffer fills and TCP pushes back all the way to the API server and the process in the
// pod: memory stays bounded whatever the pod prints.
//
// Hysteresis (pause above `high`, resume only below `low`) keeps a consumer that acknowledges in
// small steps from toggling the socket on every acknowledgement. The default watermarks, and why they
// are what they are, are SESSION_WATERMARKS in shared/flow/flow-budget.ts.

import { SESSION_WATERMARKS, type Watermarks } from '../../../shared/flow/flow-budget.ts';
import { CoreError } from '../errors/core-error.ts';

export interface FlowCallbacks {
  /** Called once when the outstanding amount rises above the high watermark. */
  pause(): void;
  /** Called once when, after a pause, the outstanding amount falls below the low watermark. */
  resume(): void;
}

export class FlowController {
  readonly high: number;
  readonly low: number;
  readonly #callbacks: FlowCallbacks;
  #unacknowledged = 0;
  #paused = false;

  constructor(callbacks: FlowCallbacks, watermarks: Partial<Watermarks> = {}) {
    const high = watermarks.high ?? SESSION_WATERMARKS.high;
    const low = watermarks.low ?? SESSION_WATERMARKS.low;
    checkCount('high watermark', high);
    checkCount('low watermark', low);
    // low = 0 could never be undercut, so a paused stream would stay paused forever.
    if (low < 1 || low >= high) {
      throw new RangeError(`flow control needs 1 <= low watermark < high watermark, got low ${low} and high ${high}`);
    }
    this.high = high;
    this.low = low;
    this.#callbacks = callbacks;
  }

  /** Units handed to the consumer and not yet acknowledged. */
  get unacknowledged(): number {
    return this.#unacknowledged;
  }

  get paused(): boolean {
    return this.#paused;
  }

  /** The session handed `amount` more units to the consumer. */
  delivered(amount: number): void {
    checkCount('delivered amount', amount);
    this.#unacknowledged += amount;
    if (!this.#paused && this.#unacknowledged > this.high) {
      this.#paused = true;
      this.#callbacks.pause();
    }
  }

  /**
   * The consumer processed `amount` more units. Acknowledging more than is outstanding counts as
   * acknowledging everything: a consumer that re-binds after a reload may round up, and owing it
   * "negative" output would only keep the stream paused for no reason.
   */
  acknowledged(amount: number): void {
    checkCount('acknowledged amount', amount);
    this.#unacknowledged = Math.max(0, this.#unacknowledged - amount);
    if (this.#paused && this.#unacknowledged < this.low) {
      this.#paused = false;
      this.#callbacks.resume();
    }
  }
}

/**
 * Applies a consumer's acknowledgement. A malformed amount is the consumer's mistake (it arrives
 * over the bridge), so it is reported as a CoreError 'invalid-request' rather than a RangeError.
 */
export function acknowledgeFromConsumer(flow: FlowController, amount: number, context?: string): void {
  try {
    flow.acknowledged(amount);
  } catch (error) {
    if (!(error instanceof RangeError)) throw error;
    throw new CoreError({ kind: 'invalid-request', title: 'Invalid acknowledgement', detail: error.message, ...(context === undefined ? {} : { context }) });
  }
}

function checkCount(what: string, value: number): void {
  if (!Number.isSafeInteger(value) || value < 0) {
    throw new RangeError(`${what} must be a whole number of at least 0, got ${String(value)}`);
  }
}
