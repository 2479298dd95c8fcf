// Coalesces pod changes that arrive close together into one event. Creating 10,000 pods produces
// tens of thousands of watch events (each ADDED is followed by kwok's or the kubelet's status
// updates); sent one by one they would cost as many IPC messages and UI updates. Changes are held
// for a short window, keyed by uid so a pod changed five times goes out once in its latest state,
// then sent as a single upsert/delete when only one pod changed, else as one 'batch'.
import type { PodSummary, PodWatchEvent } from '../../../shared/bridge/resources.ts';

/** About one frame: the UI could not show changes faster anyway. */
export const DEFAULT_COALESCE_MS = 16;

export class PodChangeBatcher {
  readonly #emit: (event: PodWatchEvent) => void;
  readonly #windowMs: number;
  /** Latest state per uid since the last flush: a summary, or null once deleted. */
  #pending = new Map<string, PodSummary | null>();
  #timer: ReturnType<typeof setTimeout> | undefined;

  constructor(emit: (event: PodWatchEvent) => void, windowMs: number = DEFAULT_COALESCE_MS) {
    if (!(windowMs >= 0)) throw new RangeError(`coalescing window must be at least 0 ms, got ${windowMs}`);
    this.#emit = emit;
    this.#windowMs = windowMs;
  }

  upsert(pod: PodSummary): void {
    this.#pending.set(pod.uid, pod);
    this.#schedule();
  }

  delete(uid: string): void {
    this.#pending.set(uid, null);
    this.#schedule();
  }

  /** Sends what is pending now (before an event that must come after it, such as health). */
  flush(): void {
    this.#cancelTimer();
    const pending = this.#pending;
    if (pending.size === 0) return;
    this.#pending = new Map();
    if (pending.size === 1) {
      const [uid, pod] = pending.entries().next().value as [string, PodSummary | null];
      this.#emit(pod === null ? { kind: 'delete', uid } : { kind: 'upsert', pod });
      return;
    }
    const upserts: PodSummary[] = [];
    const deletes: string[] = [];
    for (const [uid, pod] of pending) {
      if (pod === null) deletes.push(uid);
      else upserts.push(pod);
    }
    this.#emit({ kind: 'batch', upserts, deletes });
  }

  /** Forgets what is pending (a snapshot supersedes it, or the watch stopped). */
  discard(): void {
    this.#cancelTimer();
    this.#pending = new Map();
  }

  #schedule(): void {
    this.#timer ??= setTimeout(() => {
      this.#timer = undefined;
      this.flush();
    }, this.#windowMs);
  }

  #cancelTimer(): void {
    if (this.#timer !== undefined) clearTimeout(this.#timer);
    this.#timer = undefined;
  }
}
