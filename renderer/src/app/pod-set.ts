// The pods of one namespace as the sidebar keeps them: a map by uid that a pod watch's events
// update, and the list sorted by name. A change of a few pods moves them within a copy of the
// sorted list (binary search) instead of sorting all of them again: with 10,000 pods a status
// change is a copy of 10,000 references, not 10,000 × log 10,000 name comparisons.
import type { UserError } from '../../../shared/bridge/errors.ts';
import type { PodSummary, PodWatchEvent, WatchHealth } from '../../../shared/bridge/resources.ts';

const byName = (a: PodSummary, b: PodSummary): number => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);

/** Above this many changes at once, sorting everything again is cheaper than moving each one. */
const MOVE_AT_MOST = 32;

/** The first index in `sorted` whose pod's name is not below `name`. */
function lowerBound(sorted: readonly PodSummary[], name: string): number {
  let low = 0;
  let high = sorted.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if ((sorted[middle] as PodSummary).name < name) low = middle + 1;
    else high = middle;
  }
  return low;
}

/** Where `pod` (this very uid) is in `sorted`; -1 if it is not there. */
function indexOf(sorted: readonly PodSummary[], pod: PodSummary): number {
  // A deleted pod and its successor of the same name can both be listed for a moment.
  for (let i = lowerBound(sorted, pod.name); i < sorted.length && sorted[i]?.name === pod.name; i++) {
    if (sorted[i]?.uid === pod.uid) return i;
  }
  return -1;
}

export class PodSet {
  readonly #pods = new Map<string, PodSummary>();
  #sorted: readonly PodSummary[] = [];
  #health: WatchHealth = 'connecting';
  #error: UserError | undefined;
  #loaded = false;

  /** False until the first snapshot: "loading" is not the same as "no pods". */
  get loaded(): boolean {
    return this.#loaded;
  }

  get health(): WatchHealth {
    return this.#health;
  }

  /** Why the watch is reconnecting, or why it could not start. */
  get error(): UserError | undefined {
    return this.#error;
  }

  get size(): number {
    return this.#pods.size;
  }

  /** Sorted by name. The same array until the next change; a change makes a new one. */
  get sorted(): readonly PodSummary[] {
    return this.#sorted;
  }

  byName(name: string): PodSummary | undefined {
    for (const pod of this.#pods.values()) if (pod.name === name) return pod;
    return undefined;
  }

  /** Applies one watch event; returns whether anything the sidebar shows changed. */
  apply(event: PodWatchEvent): boolean {
    switch (event.kind) {
      case 'snapshot':
        this.#pods.clear();
        for (const pod of event.pods) this.#pods.set(pod.uid, pod);
        this.#sorted = [...this.#pods.values()].sort(byName);
        this.#loaded = true;
        this.#error = undefined;
        return true;
      case 'upsert':
        this.#change([event.pod], []);
        return true;
      case 'delete':
        if (!this.#pods.has(event.uid)) return false;
        this.#change([], [event.uid]);
        return true;
      case 'batch':
        this.#change(event.upserts, event.deletes);
        return true;
      case 'health': {
        const changed = this.#health !== event.health || this.#error !== event.error;
        this.#health = event.health;
        this.#error = event.error;
        return changed;
      }
    }
  }

  #change(upserts: readonly PodSummary[], deletes: readonly string[]): void {
    if (upserts.length + deletes.length > MOVE_AT_MOST) {
      for (const uid of deletes) this.#pods.delete(uid);
      for (const pod of upserts) this.#pods.set(pod.uid, pod);
      this.#sorted = [...this.#pods.values()].sort(byName);
      return;
    }
    const sorted = this.#sorted.slice();
    const remove = (pod: PodSummary): void => {
      const at = indexOf(sorted, pod);
      if (at >= 0) sorted.splice(at, 1);
    };
    for (const uid of deletes) {
      const known = this.#pods.get(uid);
      if (known === undefined) continue;
      this.#pods.delete(uid);
      remove(known);
    }
    for (const pod of upserts) {
      const known = this.#pods.get(pod.uid);
      this.#pods.set(pod.uid, pod);
      if (known !== undefined) {
        // A pod keeps its name for life: in the usual case it stays where it is.
        const at = indexOf(sorted, known);
        if (at >= 0 && known.name === pod.name) {
          sorted[at] = pod;
          continue;
        }
        if (at >= 0) sorted.splice(at, 1);
      }
      sorted.splice(lowerBound(sorted, pod.name), 0, pod);
    }
    this.#sorted = sorted;
  }

  /** The watch could not start (main refused it): nothing more will come. */
  fail(error: UserError): void {
    this.#error = error;
    this.#loaded = true;
  }
}
