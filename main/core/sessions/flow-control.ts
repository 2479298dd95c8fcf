// Backpressure between a streaming session and whoever consumes its output (the renderer's xterm,
// a log view). The session counts what it hands out; the consumer acknowledges what it has
// processed. When too much is outstanding the session stops reading its socket, so the kernel's
// receive buffer fills and TCP pushes back all the way to the API server and the process in the
// pod: memory stays bounded whatever the pod prints.
//
// Hysteresis (pause above `high`, resume only below `low`) keeps a consumer that acknowledges in
// small steps from toggling the socket on every acknowledgement.
//
// The defaults (1 MiB / 512 KiB) are far above VS Code's terminal watermarks (100,000 / 5,000): those
// suit a local pty, where a resume refills the terminal at once. Here the bytes between main and
// xterm sit in the bridge, the WebSocket's or MessagePort's buffers and the page's task queue, and a
// resume costs a round trip through the page's main thread, which a frame can hold for a long time.
// Profiled in Chromium (bench/terminal-throughput.ts, software WebGL): with 100,000 / 5,000 main was
// paused over 80% of a flood and xterm had under 64 KiB queued at 75-96% of its frames, parsing
// 54-87 KiB per frame; with 1 MiB / 512 KiB it had under 64 KiB at 9-28% of its frames and parsed
// 125-148 KiB per frame. A larger window does not take the page's main thread: xterm parses in
// slices of about 12 ms whatever is queued (the acknowledger hands it at most 64 KiB per write). The
// bound stays what it is for: at most ~1 MiB (plus one message) of unacknowledged output per session
// in main.

import { CoreError } from '../errors/core-error.ts';

export interface FlowWatermarks {
  /** Pause when more than this many units are delivered and not yet acknowledged. */
  readonly high: number;
  /** Resume once fewer than this many units are outstanding. */
  readonly low: number;
}

export const DEFAULT_WATERMARKS: FlowWatermarks = { high: 1024 * 1024, low: 512 * 1024 };

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

  constructor(callbacks: FlowCallbacks, watermarks: Partial<FlowWatermarks> = {}) {
    const high = watermarks.high ?? DEFAULT_WATERMARKS.high;
    const low = watermarks.low ?? DEFAULT_WATERMARKS.low;
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
