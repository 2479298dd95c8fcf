// One client's outgoing session events, with output coalesced: a session's output is held for a
// few milliseconds (or until ~64 KiB) and sent as one message, so a flood of small reads becomes a
// few large writes to the terminal instead of thousands of messages.
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
  #timer: ReturnType<typeof setTimeout> | null = null;
  #closed = false;

  constructor(send: (message: ServerMessage) => void, options: BatchingOptions = OUTBOX_BATCHING) {
    this.#send = send;
    this.#options = options;
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
    if (this.#timer !== null) clearTimeout(this.#timer);
    this.#timer = null;
    for (const id of [...this.#pending.keys()]) this.#flushSession(id);
  }

  close(): void {
    this.#closed = true;
    if (this.#timer !== null) clearTimeout(this.#timer);
    this.#timer = null;
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
    if (this.#timer !== null || this.#pending.size === 0) return;
    this.#timer = setTimeout(() => {
      this.#timer = null;
      this.flush();
    }, this.#options.delayMs);
  }

  #flushSession(id: SessionId): void {
    const batches = this.#pending.get(id);
    if (batches === undefined) return;
    this.#pending.delete(id);
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
