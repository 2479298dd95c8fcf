// One pod watch per context, namespace and selector, however many views subscribe to it (two
// windows on the same namespace, a merged-logs session following a selector). A subscriber that
// joins a running watch is first brought up to date (health, then the current snapshot); the
// watch stops when its last subscriber leaves.
import type { PodWatchEvent } from '../../../shared/bridge/resources.ts';
import { CoreError } from '../errors/core-error.ts';
import { PodWatch, type PodWatchOptions } from './pod-watch.ts';
import type { ResourceClient } from './resource-client.ts';

export type PodWatchListener = (event: PodWatchEvent) => void;
export type Unsubscribe = () => void;

/** Tuning shared by every watch of the hub (tests shorten the waits). */
export type PodWatchTuning = Omit<PodWatchOptions, 'client' | 'namespace' | 'labelSelector'>;

interface SharedWatch {
  readonly watch: PodWatch;
  readonly listeners: Set<PodWatchListener>;
}

export class PodWatchHub {
  readonly #clientFor: (context: string) => ResourceClient;
  readonly #tuning: PodWatchTuning;
  readonly #watches = new Map<string, SharedWatch>();

  /** `clientFor` may throw a CoreError (unknown context, unusable kubeconfig entry). */
  constructor(clientFor: (context: string) => ResourceClient, tuning: PodWatchTuning = {}) {
    this.#clientFor = clientFor;
    this.#tuning = tuning;
  }

  /**
   * Subscribes to the pods of `namespace` in `context`. Never throws: a watch that cannot even
   * start (unknown context, invalid namespace) is reported as one 'health' event with its error.
   */
  watch(context: string, namespace: string, listener: PodWatchListener, labelSelector = ''): Unsubscribe {
    const key = JSON.stringify([context, namespace, labelSelector]);
    let shared = this.#watches.get(key);
    if (shared === undefined) {
      let watch: PodWatch;
      try {
        const client = this.#clientFor(context);
        const listeners = new Set<PodWatchListener>();
        watch = new PodWatch({ ...this.#tuning, client, namespace, labelSelector }, (event) => {
          // A copy: a listener may unsubscribe (itself or another) while being called.
          for (const each of [...listeners]) if (listeners.has(each)) each(event);
        });
        shared = { watch, listeners };
      } catch (error) {
        if (!(error instanceof CoreError)) throw error;
        listener({ kind: 'health', health: 'connecting', error: error.userError });
        return () => {};
      }
      this.#watches.set(key, shared);
      shared.listeners.add(listener);
      watch.start();
    } else {
      const { pods, health, error } = shared.watch.current();
      listener(error === undefined ? { kind: 'health', health } : { kind: 'health', health, error });
      if (pods !== null) listener({ kind: 'snapshot', pods });
      shared.listeners.add(listener);
    }

    const joined = shared;
    return () => {
      if (!joined.listeners.delete(listener) || joined.listeners.size > 0) return;
      if (this.#watches.get(key) === joined) this.#watches.delete(key);
      void joined.watch.stop();
    };
  }

  /** How many distinct watches are running (one per context, namespace and selector). */
  get size(): number {
    return this.#watches.size;
  }

  /** Stops every watch. */
  async close(): Promise<void> {
    const watches = [...this.#watches.values()];
    this.#watches.clear();
    for (const shared of watches) shared.listeners.clear();
    await Promise.all(watches.map((shared) => shared.watch.stop()));
  }
}
