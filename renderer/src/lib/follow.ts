// Follow mode ("autoscroll" in k9s): while on, the list stays at its newest line as lines arrive.
// Scrolling up pauses it; scrolling back to the bottom resumes it, and so does the `s` key or the
// "Follow" button.
//
// The hard part is telling the user's scrolling from our own: when we move scrollTop to the bottom,
// the browser fires a scroll event later, and by then more lines may have arrived, so that event
// looks like "not at the bottom". Only a move UP from the last position, the user's or ours, is
// the user scrolling up; the list therefore reports every scroll it makes (programmaticScroll).

/** Within this many pixels counts as the same position or the bottom (fractional scroll positions, zoom). */
export const SCROLL_TOLERANCE_PX = 2;

export class FollowModel {
  #on: boolean;
  #lastTop = 0;

  constructor(following = true) {
    this.#on = following;
  }

  get following(): boolean {
    return this.#on;
  }

  /** The list itself set scrollTop to `top`. */
  programmaticScroll(top: number): void {
    this.#lastTop = top;
  }

  /** A scroll event. Returns whether follow is on afterwards. */
  onScroll(scrollTop: number, maxScrollTop: number): boolean {
    if (scrollTop >= maxScrollTop - SCROLL_TOLERANCE_PX) this.#on = true;
    else if (scrollTop < this.#lastTop - SCROLL_TOLERANCE_PX) this.#on = false;
    this.#lastTop = scrollTop;
    return this.#on;
  }

  pause(): void {
    this.#on = false;
  }

  resume(): void {
    this.#on = true;
  }

  toggle(): boolean {
    this.#on = !this.#on;
    return this.#on;
  }
}
