// Everything between a log transport's byte chunks and delivered LogLines, for one container's log
// across all of its connections: line splitting, the timestamp split, dropping what a resumed
// connection repeats, and the user's byte limit. Pure (no I/O, no timers), so the hard parts —
// chunk boundaries, drop points, repeated timestamps — are tested without a network.
import type { LogLine } from '../../../shared/bridge/sessions.ts';
import { ByteLimit } from './byte-limit.ts';
import { LOG_LINE_KEEP_BYTES } from '../../../shared/flow/flow-budget.ts';
import { LogLineSplitter, type SplitLine } from './log-line-splitter.ts';
import { splitTimestamp } from './log-timestamp.ts';
import { ResumePosition } from './resume-position.ts';

export interface LogStreamParserOptions {
  /** Longer lines are cut with a marker (bounded memory). */
  readonly maxLineBytes?: number;
  /** The user's limitBytes: bytes of log text (without timestamps) after which the stream ends. */
  readonly limitBytes?: number;
}

export interface ParsedLines {
  readonly lines: LogLine[];
  /** Flow-control weight of each line: the bytes it holds (timestamp, text and terminator). */
  readonly weights: number[];
  /** The sum of `weights`. */
  readonly bytes: number;
  /** limitBytes is used up: nothing more will be delivered; the connection should be closed. */
  readonly limitReached: boolean;
}

export class LogStreamParser {
  readonly #splitter: LogLineSplitter;
  readonly #position = new ResumePosition();
  readonly #limit: ByteLimit | null;
  #limitReached = false;

  constructor(options: LogStreamParserOptions = {}) {
    this.#splitter = new LogLineSplitter(options.maxLineBytes ?? LOG_LINE_KEEP_BYTES);
    this.#limit = options.limitBytes === undefined ? null : new ByteLimit(options.limitBytes);
  }

  /** Whether a dropped connection can resume from a position (a timestamped line was delivered). */
  get hasPosition(): boolean {
    return this.#position.hasPosition;
  }

  /** sinceTime for a resumed connection, or null when there is no position yet. */
  resumeSinceTime(): string | null {
    return this.#position.resumeSinceTime();
  }

  /** A connection opens; `resumed` when it was asked for sinceTime = resumeSinceTime(). */
  beginConnection(resumed: boolean): void {
    this.#splitter.discard();
    this.#position.beginConnection(resumed);
  }

  /** Bytes of the current connection. */
  push(chunk: Uint8Array): ParsedLines {
    return this.#deliver(this.#splitter.push(chunk));
  }

  /** The server ended the stream cleanly: a last line without LF is a line too. */
  end(): ParsedLines {
    return this.#deliver(this.#splitter.end());
  }

  /** The connection dropped: a fragment of a line is forgotten (the resumed stream repeats it). */
  drop(): void {
    this.#splitter.discard();
  }

  #deliver(split: readonly SplitLine[]): ParsedLines {
    const lines: LogLine[] = [];
    const weights: number[] = [];
    let bytes = 0;
    for (const raw of split) {
      if (this.#limitReached) break;
      const { timestamp, instant, text } = splitTimestamp(raw.text);
      if (!this.#position.accept(instant)) continue;
      // The prefix is ASCII: its length in characters is its length in bytes.
      const prefixBytes = timestamp === '' ? 0 : timestamp.length + 1;
      let delivered = text;
      if (this.#limit !== null) {
        const charged = this.#limit.take(text, raw.wireBytes - prefixBytes, raw.cutBytes > 0);
        delivered = charged.text;
        this.#limitReached = charged.exhausted;
      }
      lines.push({ timestamp, text: delivered });
      weights.push(raw.keptBytes);
      bytes += raw.keptBytes;
    }
    return { lines, weights, bytes, limitReached: this.#limitReached };
  }
}
