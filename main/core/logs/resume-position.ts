// Where a log stream stands, so a dropped connection can be resumed with no gap and no duplicate.
//
// The position is the timestamp of the last line delivered plus how many delivered lines carry
// exactly that timestamp. A resumed request asks for sinceTime = that timestamp, and the server
// sends every line stamped at or after it — in practice at or after the start of its SECOND: the
// API server forwards sinceTime to the kubelet formatted with time.RFC3339, dropping the fraction
// (pkg/registry/core/pod/strategy.go, LogLocation). So the resumed stream starts with lines that
// were already delivered:
//   - lines stamped before the position's instant were delivered: skip them;
//   - of the lines stamped exactly at the instant, the first `count` were delivered: skip them;
//   - the first line after those (a later instant, or one more at the same instant) is new, and
//     so is everything after it.
// Several lines can share one instant (nanoseconds help but do not guarantee uniqueness), which is
// why a count is needed and the timestamp alone is not enough.
//
// This is exact when timestamps never decrease along the log, which is how the kubelet writes
// them (in arrival order, stamped by the runtime). A line stamped earlier than one before it (the
// node's clock stepped back) is delivered, but does not move the position back.
//
// A line without a timestamp (not from a kubelet; a proxy's error text, say) is treated as
// stamped like the timestamped line before it in the same connection. At the very start of a
// resumed connection, where it cannot be placed, it is delivered.
import { compareInstants, formatSecondFloor, type LogInstant } from './log-timestamp.ts';

export class ResumePosition {
  /** Instant of the latest line delivered (never moves back), null before the first one. */
  #last: LogInstant | null = null;
  /** Delivered lines stamped exactly #last. */
  #countAtLast = 0;
  /** During a resumed connection, until the first new line: how many #last lines remain to skip. */
  #skipAtLast: number | null = null;
  /** Instant of the latest timestamped line of the current connection, delivered or skipped. */
  #connectionInstant: LogInstant | null = null;

  /** Whether any timestamped line was delivered, so a resume can ask for sinceTime. */
  get hasPosition(): boolean {
    return this.#last !== null;
  }

  /** The sinceTime to resume with (RFC 3339, whole seconds), or null when nothing was delivered. */
  resumeSinceTime(): string | null {
    return this.#last === null ? null : formatSecondFloor(this.#last);
  }

  /**
   * A new connection starts. `resumed` says it asked for sinceTime = resumeSinceTime(), so its
   * first lines repeat what was delivered and must be filtered by accept().
   */
  beginConnection(resumed: boolean): void {
    this.#connectionInstant = null;
    this.#skipAtLast = resumed && this.#last !== null ? this.#countAtLast : null;
  }

  /**
   * Decides whether a line of the current connection is new. Returns true for a line to deliver
   * (and records it as delivered), false for a repeat to drop.
   */
  accept(instant: LogInstant | null): boolean {
    if (instant !== null) this.#connectionInstant = instant;
    const key = instant ?? this.#connectionInstant;
    if (key === null) return true; // cannot be placed: deliver; the position does not change

    if (this.#skipAtLast !== null && this.#last !== null) {
      const order = compareInstants(key, this.#last);
      if (order < 0) return false;
      if (order === 0 && this.#skipAtLast > 0) {
        this.#skipAtLast -= 1;
        return false;
      }
      this.#skipAtLast = null; // the first new line: from here on everything is new
    }
    this.#record(key);
    return true;
  }

  #record(key: LogInstant): void {
    if (this.#last === null) {
      this.#last = key;
      this.#countAtLast = 1;
      return;
    }
    const order = compareInstants(key, this.#last);
    if (order > 0) {
      this.#last = key;
      this.#countAtLast = 1;
    } else if (order === 0) {
      this.#countAtLast += 1;
    }
  }
}
