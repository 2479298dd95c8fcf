// Disk calls on main's own thread while the disk keeps up, through the thread pool once it does not.
// A thread-pool call is a promise and a wake-up of the loop, and on a machine whose two cores the
// cluster shares it also waits for a pool thread to be scheduled: in the file-transfer bench's 1 GiB
// download, writes through the pool left the exec paused 3.1-4.0 s of 8.9-9.2 s, written on main's
// thread 0-1 pauses (disk-extractor.ts has the figures). A synchronous call holds the loop while it
// runs, so the first one that takes longer than the limit (a slow or throttled disk) sends every
// later call of that transfer through the pool: a slow disk holds the loop for one call at most.

/** One slice of main's loop (disk-extractor.ts gives the loop back as often): a call that took longer is slow. */
export const SYNCHRONOUS_CALL_LIMIT_MS = 10;

export class SynchronousWhileFast {
  readonly #limitMs: number;
  #synchronous = true;

  constructor(limitMs = SYNCHRONOUS_CALL_LIMIT_MS) {
    this.#limitMs = limitMs;
  }

  /** Whether calls still run synchronously (false once one took longer than the limit). */
  get synchronous(): boolean {
    return this.#synchronous;
  }

  /** Runs `synchronous` while every call so far was fast, else `pooled`. */
  async run<T>(synchronous: () => T, pooled: () => Promise<T>): Promise<T> {
    if (!this.#synchronous) return pooled();
    const started = performance.now();
    const result = synchronous();
    if (performance.now() - started > this.#limitMs) this.#synchronous = false;
    return result;
  }
}
