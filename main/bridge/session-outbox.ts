// One client's outgoing session events, with output coalesced: a session's output is held for a
// few milliseconds (or until ~64 KiB) and sent as one message, so a flood of small reads becomes a
// few large writes to the terminal instead of thousands of messages.
//
// Output that comes after a quiet spell (nothing sent for the delay: a keystroke's echo, a prompt)
// is not held for the delay but sent at the end of the loop's turn, with whatever else arrived in
// that turn (the echoes of a broadcast keystroke read from several sockets at once). The delay was
// most of a typed key's round trip: the core echoes in ~1 ms (BENCHMARKS.md, keystroke echo p50), the
// window then waited 5 ms more. A flood still batches: from its second read on, output follows a
// send by less than the delay.
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
  #flushLater: { cancel(): void } | null = null;
  /** When output was last sent (ms, the clock's). */
  #lastOutputAt = -Infinity;
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
  }

  flush(): void {
    this.#flushLater?.cancel();
    this.#flushLater = null;
    for (const id of [...this.#pending.keys()]) this.#flushSession(id);
  }

  close(): void {
    this.#closed = true;
    this.#flushLater?.cancel();
    this.#flushLater = null;
    this.#pending.clear();
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
    this.#schedule();
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
    this.#schedule();
  }

  #batchesOf(id: SessionId): Batch[] {
    let batches = this.#pending.get(id);
    if (batches === undefined) {
      batches = [];
      this.#pending.set(id, batches);
    }
    return batches;
  }

  #schedule(): void {
    if (this.#flushLater !== null || this.#pending.size === 0) return;
    const flush = (): void => {
      this.#flushLater = null;
      this.flush();
    };
    if (this.#now() - this.#lastOutputAt >= this.#options.delayMs) {
      const immediate = setImmediate(flush);
      this.#flushLater = { cancel: () => clearImmediate(immediate) };
    } else {
      const timeout = setTimeout(flush, this.#options.delayMs);
      this.#flushLater = { cancel: () => clearTimeout(timeout) };
    }
  }

  #flushSession(id: SessionId): void {
    const batches = this.#pending.get(id);
    if (batches === undefined) return;
    this.#pending.delete(id);
    this.#lastOutputAt = this.#now();
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
