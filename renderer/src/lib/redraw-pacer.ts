// When a log view redraws as lines arrive. A quiet log redraws on the next frame, so a new line
// shows at once; a flood redraws at most every FLOOD_REDRAW_MS, because each redraw rebuilds the
// rows in view and makes the browser lay them out and scroll again, and at 60 a second that work
// took the page's main thread from reading the lines: profiled in Chromium while 1,000,000 lines
// loaded (bench/log-pane-browser.ts), the follow effect's layout alone was 8.7% of the page's
// samples and rendering (the "(program)" share) 28%. Nobody reads a million lines at 60 frames a
// second; 20 redraws a second still scroll smoothly to the eye.

/** The least time between two redraws while lines keep arriving. */
export const FLOOD_REDRAW_MS = 50;

export interface PacerClock {
  now(): number;
  /** Runs `callback` on the next frame (requestAnimationFrame). */
  frame(callback: () => void): number;
  cancelFrame(handle: number): void;
  /** Runs `callback` after `ms` (setTimeout). */
  later(callback: () => void, ms: number): number;
  cancelLater(handle: number): void;
}

export const BROWSER_CLOCK: PacerClock = {
  now: () => performance.now(),
  frame: (callback) => requestAnimationFrame(callback),
  cancelFrame: (handle) => cancelAnimationFrame(handle),
  later: (callback, ms) => window.setTimeout(callback, ms),
  cancelLater: (handle) => window.clearTimeout(handle),
};

export class RedrawPacer {
  readonly #redraw: () => void;
  readonly #clock: PacerClock;
  #frame = 0;
  #timer = 0;
  #lastRedraw = Number.NEGATIVE_INFINITY;

  constructor(redraw: () => void, clock: PacerClock = BROWSER_CLOCK) {
    this.#redraw = redraw;
    this.#clock = clock;
  }

  /** Something changed: redraw soon (once, however often this is called before it happens). */
  request(): void {
    if (this.#frame !== 0 || this.#timer !== 0) return;
    const wait = this.#lastRedraw + FLOOD_REDRAW_MS - this.#clock.now();
    if (wait <= 0) {
      this.#scheduleFrame();
    } else {
      this.#timer = this.#clock.later(() => {
        this.#timer = 0;
        this.#scheduleFrame();
      }, wait);
    }
  }

  dispose(): void {
    if (this.#frame !== 0) this.#clock.cancelFrame(this.#frame);
    if (this.#timer !== 0) this.#clock.cancelLater(this.#timer);
    this.#frame = 0;
    this.#timer = 0;
  }

  #scheduleFrame(): void {
    this.#frame = this.#clock.frame(() => {
      this.#frame = 0;
      this.#lastRedraw = this.#clock.now();
      this.#redraw();
    });
  }
}
