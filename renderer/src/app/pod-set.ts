// The pods of one namespace as the sidebar keeps them: a map by uid that a pod watch's events
// update, and the list sorted by name, computed once per change instead of once per render.
import type { UserError } from '../../../shared/bridge/errors.ts';
import type { PodSummary, PodWatchEvent, WatchHealth } from '../../../shared/bridge/resources.ts';

const byName = (a: PodSummary, b: PodSummary): number => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);

export class PodSet {
  readonly #pods = new Map<string, PodSummary>();
  #sorted: PodSummary[] | null = [];
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

  /** Sorted by name. The same array until the next change. */
  get sorted(): readonly PodSummary[] {
    this.#sorted ??= [...this.#pods.values()].sort(byName);
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
        this.#loaded = true;
        this.#error = undefined;
        this.#sorted = null;
        return true;
      case 'upsert':
        this.#pods.set(event.pod.uid, event.pod);
        this.#sorted = null;
        return true;
      case 'delete':
        if (!this.#pods.delete(event.uid)) return false;
        this.#sorted = null;
        return true;
      case 'batch':
        for (const uid of event.deletes) this.#pods.delete(uid);
        for (const pod of event.upserts) this.#pods.set(pod.uid, pod);
        this.#sorted = null;
        return true;
      case 'health': {
        const changed = this.#health !== event.health || this.#error !== event.error;
        this.#health = event.health;
        this.#error = event.error;
        return changed;
      }
    }
  }

  /** The watch could not start (main refused it): nothing more will come. */
  fail(error: UserError): void {
    this.#error = error;
    this.#loaded = true;
  }
}
