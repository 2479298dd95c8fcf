// One session's recording: appends an asciicast v2 line per output chunk, resize and (when asked)
// input to its file as it happens. Each line is written with writeSync, so it is in the kernel
// before the next event: if the app dies, the file holds every event up to then, and whole lines
// only. The bytes are decoded with one streaming UTF-8 decoder per stream, so a character split
// across chunks is written whole instead of as two U+FFFD.
import { closeSync, fsyncSync, writeSync } from 'node:fs';
import { ASCIICAST_LIMITS, type AsciicastEvent, type AsciicastHeader, type TerminalCells } from '../../../shared/asciicast/asciicast.ts';
import { eventLine, headerLine } from '../../../shared/asciicast/asciicast-writer.ts';
import type { OutputChannel } from '../../../shared/bridge/sessions.ts';
import { Utf8StreamDecoder } from '../../../shared/protocol/utf8-stream.ts';

/** Why a recording stopped by itself; null while it records or when it was asked to stop. */
export type RecorderFailure = { readonly kind: 'full' } | { readonly kind: 'write-failed'; readonly message: string };

export interface SessionRecorderInit {
  readonly fd: number;
  readonly header: AsciicastHeader;
  /** Milliseconds on a monotonic clock. */
  readonly now: () => number;
  readonly input: boolean;
  readonly maxBytes?: number;
}

export class SessionRecorder {
  readonly input: boolean;
  readonly #fd: number;
  readonly #now: () => number;
  readonly #started: number;
  readonly #maxBytes: number;
  readonly #decoders = new Map<OutputChannel | 'input', Utf8StreamDecoder>();
  #bytes = 0;
  #lastTime = 0;
  #failure: RecorderFailure | null = null;
  #open = true;

  constructor(init: SessionRecorderInit) {
    this.input = init.input;
    this.#fd = init.fd;
    this.#now = init.now;
    this.#started = init.now();
    this.#maxBytes = init.maxBytes ?? ASCIICAST_LIMITS.fileBytes;
    this.#append(headerLine(init.header));
  }

  /** Bytes written so far. */
  get bytes(): number {
    return this.#bytes;
  }

  /** Seconds from the start to the last event. */
  get duration(): number {
    return this.#lastTime;
  }

  /** Set once the recording stopped by itself (the size limit, a failed write); nothing is written after. */
  get failure(): RecorderFailure | null {
    return this.#failure;
  }

  output(channel: OutputChannel, bytes: Uint8Array): void {
    this.#text('o', channel, bytes);
  }

  /** Keystrokes; ignored unless input is recorded. */
  typed(bytes: Uint8Array): void {
    if (this.input) this.#text('i', 'input', bytes);
  }

  resized(size: TerminalCells): void {
    this.#event({ time: this.#elapsed(), code: 'r', size });
  }

  /** Writes what the decoders still hold, makes the file durable and closes it. */
  stop(): void {
    if (!this.#open) return;
    for (const [stream, decoder] of this.#decoders) {
      const rest = decoder.flush();
      if (rest !== '') this.#event({ time: this.#elapsed(), code: stream === 'input' ? 'i' : 'o', data: rest });
    }
    this.#open = false;
    try {
      fsyncSync(this.#fd);
    } catch {
      // The lines are in the kernel already; a file system without fsync loses nothing more.
    }
    closeSync(this.#fd);
  }

  #text(code: 'o' | 'i', stream: OutputChannel | 'input', bytes: Uint8Array): void {
    let decoder = this.#decoders.get(stream);
    if (decoder === undefined) {
      decoder = new Utf8StreamDecoder();
      this.#decoders.set(stream, decoder);
    }
    const data = decoder.decode(bytes);
    if (data !== '') this.#event({ time: this.#elapsed(), code, data });
  }

  #elapsed(): number {
    // Never backwards, whatever the clock does: the reader refuses a time going backwards.
    return Math.max(this.#lastTime, (this.#now() - this.#started) / 1000);
  }

  #event(event: AsciicastEvent): void {
    if (this.#failure !== null) return;
    const line = eventLine(event);
    if (this.#bytes + Buffer.byteLength(line) > this.#maxBytes) {
      this.#fail({ kind: 'full' });
      return;
    }
    this.#lastTime = event.time;
    this.#append(line);
  }

  #append(line: string): void {
    if (!this.#open || this.#failure !== null) return;
    const bytes = Buffer.from(line);
    try {
      let written = 0;
      while (written < bytes.length) written += writeSync(this.#fd, bytes, written);
    } catch (error) {
      this.#fail({ kind: 'write-failed', message: (error as Error).message });
      return;
    }
    this.#bytes += bytes.length;
  }

  #fail(failure: RecorderFailure): void {
    if (this.#failure === null) this.#failure = failure;
  }
}
