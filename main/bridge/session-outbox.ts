// One client's outgoing session events, with output coalesced: a session's output is held for a
// few milliseconds (or until ~64 KiB) and sent as one message, so a flood of small reads becomes a
// few large writes to the terminal instead of thousands of messages.
//
// Output that comes after a quiet spell of its session (nothing of that session sent for the
// delay: a keystroke's echo, a prompt) is not held for the delay but sent at the end of the loop's
// turn, with whatever else is waiting. The delay was most of a typed key's round trip: the core
// echoes in ~1 ms (BENCHMARKS.md, keystroke echo p50), the window then waited 5 ms more. A flood
// still batches: from its second read on, its output follows its own send by less than the delay.
// The quiet spell is each session's own: a broadcast keystroke's ten echoes reach main from ten
// sockets within a few milliseconds, in several turns, and with one quiet spell for the whole
// window only the first turn's went at once. Timed in main during bench/broadcast-latency.ts (10
// panes, 412 keystrokes): the last echo was read a median 6.7 ms after the keystroke's write and
// sent to the window at 11.0 ms, nine of the ten held the delay behind the first; timed per
// session (589 keystrokes), read at 6.7 ms and sent at 7.2.
//
// Order is kept per session: consecutive output of one channel merges, a change of channel starts
// a new message, and any other event of the session (a state change, a notice) first sends the
// output queued before it. Every batch is a fresh Uint8Array that owns its whole buffer, so it is
// safe to transfer, and no bytes from a larger buffer it was cut from ever travel with it.
import type { LogLine, OutputChannel, SessionEvent, SessionId } from '../../shared/bridge/sessions.ts';
import type { ServerMessage } from '../../shared/bridge/wire.ts';
import { OUTBOX_BATCHING, type BatchingOptions } from '../../shared/flow/flow-budget.ts';

type Batch =
  | { readonly kind: 'output'; readonly channel: OutputChannel; readonly parts: Uint8Array[]; size: number }
  /** Whole 'lines' events merged (positions fall between events, so they are never split). */
  | { readonly kind: 'lines'; readonly lines: LogLine[]; size: number };

export class SessionOutbox {
  readonly #send: (message: ServerMessage) => void;
  readonly #options: BatchingOptions;
  readonly #pending = new Map<SessionId, Batch[]>();
  readonly #now: () => number;
  /** The scheduled flush (a timeout, or an immediate after a quiet spell), if any. */
  #flushLater: { readonly immediate: boolean; cancel(): void } | null = null;
  /** When each session's output was last sent (ms, the clock's); a session absent has been quiet. */
  readonly #lastOutputAt = new Map<SessionId, number>();
  #closed = false;

  /** `now`: a clock in milliseconds (tests: a fake one). */
  constructor(send: (message: ServerMessage) => void, options: BatchingOptions = OUTBOX_BATCHING, now: () => number = () => performance.now()) {
    this.#send = send;
    this.#options = options;
    this.#now = now;
  }

  event(event: SessionEvent): void {
    if (this.#closed) return;
    if (event.kind === 'output') this.#queueOutput(event.id, event.channel, event.bytes);
    else if (event.kind === 'lines') this.#queueLines(event.id, event.lines, event.bytes);
    else {
      this.#flushSession(event.id);
      this.#send({ t: 'event', event });
    }
  }

  /** Drops what is queued for a session (its binding was replaced or ended). */
  discard(id: SessionId): void {
    this.#pending.delete(id);
    this.#lastOutputAt.delete(id);
  }

  flush(): void {
    this.#flushLater?.cancel();
    this.#flushLater = null;
    for (const id of [...this.#pending.keys()]) this.#flushSession(id);
    // An absent session counts as quiet: only those sent to within the delay need an entry.
    const now = this.#now();
    for (const [id, at] of this.#lastOutputAt) if (now - at >= this.#options.delayMs) this.#lastOutputAt.delete(id);
  }

  close(): void {
    this.#closed = true;
    this.#flushLater?.cancel();
    this.#flushLater = null;
    this.#pending.clear();
    this.#lastOutputAt.clear();
  }

  #queueOutput(id: SessionId, channel: OutputChannel, bytes: Uint8Array): void {
    const max = this.#options.maxBatchBytes;
    let rest = bytes;
    while (rest.length > 0) {
      const batches = this.#batchesOf(id);
      let batch = batches.at(-1);
      if (batch === undefined || batch.kind !== 'output' || batch.channel !== channel || batch.size >= max) {
        batch = { kind: 'output', channel, parts: [], size: 0 };
        batches.push(batch);
      }
      const take = Math.min(rest.length, max - batch.size);
      batch.parts.push(rest.subarray(0, take));
      batch.size += take;
      rest = rest.subarray(take);
      if (batch.size >= max) this.#flushSession(id);
    }
    this.#schedule(id);
  }

  #queueLines(id: SessionId, lines: readonly LogLine[], bytes: number): void {
    const batches = this.#batchesOf(id);
    let batch = batches.at(-1);
    if (batch === undefined || batch.kind !== 'lines') {
      batch = { kind: 'lines', lines: [], size: 0 };
      batches.push(batch);
    }
    batch.lines.push(...lines);
    batch.size += bytes;
    if (batch.size >= this.#options.maxBatchBytes) this.#flushSession(id);
    this.#schedule(id);
  }

  #batchesOf(id: SessionId): Batch[] {
    let batches = this.#pending.get(id);
    if (batches === undefined) {
      batches = [];
      this.#pending.set(id, batches);
    }
    return batches;
  }

  /** Schedules a flush for what `id` just queued: at the end of the turn after its quiet spell, else after the delay. */
  #schedule(id: SessionId): void {
    if (!this.#pending.has(id)) return;
    const quiet = this.#now() - (this.#lastOutputAt.get(id) ?? -Infinity) >= this.#options.delayMs;
    if (this.#flushLater !== null && (this.#flushLater.immediate || !quiet)) return;
    // A quiet session's output does not wait for a timeout set for others' batches.
    this.#flushLater?.cancel();
    const flush = (): void => {
      this.#flushLater = null;
      this.flush();
    };
    if (quiet) {
      const immediate = setImmediate(flush);
      this.#flushLater = { immediate: true, cancel: () => clearImmediate(immediate) };
    } else {
      const timeout = setTimeout(flush, this.#options.delayMs);
      this.#flushLater = { immediate: false, cancel: () => clearTimeout(timeout) };
    }
  }

  #flushSession(id: SessionId): void {
    const batches = this.#pending.get(id);
    if (batches === undefined) return;
    this.#pending.delete(id);
    this.#lastOutputAt.set(id, this.#now());
    for (const batch of batches) {
      if (batch.kind === 'lines') {
        this.#send({ t: 'event', event: { kind: 'lines', id, lines: batch.lines, bytes: batch.size } });
        continue;
      }
      const bytes = new Uint8Array(batch.size);
      let offset = 0;
      for (const part of batch.parts) {
        bytes.set(part, offset);
        offset += part.length;
      }
      this.#send({ t: 'event', event: { kind: 'output', id, channel: batch.channel, bytes } });
    }
  }
}
