// DOM identity for the log pane's rows. Keying rows by sequence number keeps a row's element with
// its line (a text selection stays on the line it was made on while the view moves a little), but
// a following pane at 10,000 lines/s gets a wholly new window every frame, and keys that are all
// new make the list destroy every row element and build as many again, each frame.
//
// So a row's key is a slot: a line that stays in the window keeps its slot (and its element); a
// line that enters takes a slot a leaving line gave up, in the order they were on screen, so when
// the whole window is replaced every element is reused in place, updated rather than rebuilt. New
// slots are made only when the window grows: there are never more slots than the largest window.

export class RowKeys {
  /** The previous window's slots by sequence number, in window order. */
  #slots = new Map<number, number>();
  #made = 0;

  /** Slots for a window's lines (distinct sequence numbers, in window order). */
  assign(seqs: readonly number[]): number[] {
    const kept = new Set<number>();
    for (const seq of seqs) {
      const slot = this.#slots.get(seq);
      if (slot !== undefined) kept.add(slot);
    }
    // Slots of lines that left, in the order the lines were shown, then the ones a smaller window left idle.
    const free: number[] = [];
    for (const slot of this.#slots.values()) if (!kept.has(slot)) free.push(slot);
    const shown = new Set(this.#slots.values());
    for (let slot = 0; slot < this.#made; slot++) if (!shown.has(slot)) free.push(slot);
    let nextFree = 0;
    const next = new Map<number, number>();
    const keys = seqs.map((seq) => {
      if (next.has(seq)) throw new RangeError(`row keys need distinct sequence numbers; ${seq} appears twice`);
      const slot = this.#slots.get(seq) ?? free[nextFree++] ?? this.#made++;
      next.set(seq, slot);
      return slot;
    });
    this.#slots = next;
    return keys;
  }
}
