// A broadcast keystroke's echoes, drawn in one frame. Input typed into a broadcast group goes to
// every member at once, and their echoes come back from as many sockets a few milliseconds apart.
// Drawn as they come, the first echo starts a frame at once (the compositor's first frame after an
// idle spell starts without waiting for the display's next tick), and every echo that arrives while
// that frame is drawn waits for the next tick, up to 16.7 ms later, so the slowest pane of a group
// showed its echo a frame late. Held until every member has answered, or one frame after the first
// answer (ECHO_GATHERING_MS), they are written to their terminals in one task and drawn in one frame.
// Measured in bench/broadcast-latency.ts (10 panes, 200 keystrokes a round): without it the last
// echo reached the page a median 3.6 ms after the first and the slowest pane drew it a median
// 23.4 ms after the keydown (one round; a single pane: 11.8); held up to 8 ms, 15.1-16.6 ms (three
// rounds; a single pane: 11.6-12.1), the panes of one keystroke within a millisecond of each other;
// held up to 16 ms, 10.8-11.7 (see ECHO_GATHERING_MS).
//
// A member that has not answered when a gathering gives up (a program that does not echo, a
// password prompt) is not waited for again until it next sends output, so it costs one hold, not
// one per keystroke. Only a member's output is held; any other event of a member whose output is
// held first lets everything held go, so each session's events keep their order.
import type { SessionId } from '../../../../shared/bridge/sessions.ts';

/**
 * The longest the first echo waits for the others: one frame at 60 Hz. The spread between a
 * broadcast keystroke's first and last echo reaching the page (10 panes, bench/broadcast-latency.ts)
 * was 3.6 ms at the median and 7 ms at the 90th percentile, but far longer when the machine was busy,
 * and a frame drawn for the first echoes meanwhile took the CPU the late ones needed. Two runs of
 * three rounds each: held 8 ms, the slowest pane's p99 was 37.5 and 39.8 ms against a single pane's
 * 30.2 and 28.7; held 16 ms, 31.9 and 28.0 against 25.1 and 26.4 (and the p50 10.8-11.7 against
 * 12.2-13.1). A member that never answers costs one hold, then is not waited for (see the top).
 */
export const ECHO_GATHERING_MS = 16;

export interface EchoGatheringOptions {
  readonly holdMs?: number;
  /** Tests: a fake timer. */
  readonly setTimer?: (run: () => void, ms: number) => unknown;
  readonly clearTimer?: (timer: unknown) => void;
}

export class EchoGathering {
  readonly #holdMs: number;
  readonly #setTimer: (run: () => void, ms: number) => unknown;
  readonly #clearTimer: (timer: unknown) => void;
  /** Members whose answer to the latest broadcast input has not come yet. */
  readonly #waiting = new Set<SessionId>();
  /** Members that let the last gathering give up: not waited for until they send output. */
  readonly #silent = new Set<SessionId>();
  /** What arrived from members meanwhile, in order, and from whom. */
  #held: (() => void)[] = [];
  readonly #heldFrom = new Set<SessionId>();
  #timer: unknown = null;

  constructor(options: EchoGatheringOptions = {}) {
    this.#holdMs = options.holdMs ?? ECHO_GATHERING_MS;
    this.#setTimer = options.setTimer ?? ((run, ms) => setTimeout(run, ms));
    this.#clearTimer = options.clearTimer ?? ((timer) => clearTimeout(timer as ReturnType<typeof setTimeout>));
  }

  /** Input went to these members of a broadcast group together: their answers are gathered. */
  expect(members: readonly SessionId[]): void {
    if (members.length < 2) return;
    for (const id of members) if (!this.#silent.has(id)) this.#waiting.add(id);
  }

  /** An event of session `id` (`output`: whether it is output): `deliver` runs now, or with the gathered answers. */
  deliver(id: SessionId, output: boolean, deliver: () => void): void {
    if (!output) {
      if (this.#heldFrom.has(id)) this.#release();
      deliver();
      return;
    }
    this.#silent.delete(id);
    if (!this.#waiting.delete(id) && !this.#heldFrom.has(id)) {
      deliver();
      return;
    }
    this.#held.push(deliver);
    this.#heldFrom.add(id);
    if (this.#waiting.size === 0) this.#release();
    else this.#timer ??= this.#setTimer(() => this.#giveUp(), this.#holdMs);
  }

  #giveUp(): void {
    this.#timer = null;
    for (const id of this.#waiting) this.#silent.add(id);
    this.#waiting.clear();
    this.#release();
  }

  #release(): void {
    if (this.#timer !== null) this.#clearTimer(this.#timer);
    this.#timer = null;
    const held = this.#held;
    this.#held = [];
    this.#heldFrom.clear();
    for (const deliver of held) deliver();
  }
}
