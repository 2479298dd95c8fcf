// The pod details panel's state: whether it is shown (remembered across restarts), which pod it
// follows, and what main's watch of that pod said last. The watch runs only while the panel is
// shown AND a pod is selected; selecting another pod stops the old watch and starts a new one, so
// main never watches a pod nobody looks at.
import type { PortholeBridge } from '../../../shared/bridge/bridge.ts';
import type { UserError } from '../../../shared/bridge/errors.ts';
import type { PodDetails, PodEvent } from '../../../shared/bridge/pod-details.ts';
import type { WatchHealth } from '../../../shared/bridge/resources.ts';
import type { PodRow } from './pod-tree.ts';

export interface PodTarget {
  readonly context: string;
  readonly namespace: string;
  readonly pod: string;
}

export function podTargetOf(row: PodRow): PodTarget {
  return { context: row.context, namespace: row.pod.namespace, pod: row.pod.name };
}

export interface VisibilityStorage {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
}

/** Where the shown/hidden choice is kept (localStorage). */
export const POD_DETAILS_STORAGE_KEY = 'porthole.podDetails.visible';

export class PodDetailsPanel {
  /** Shown beside the sidebar; on by default. */
  visible = $state(true);
  target = $state.raw<PodTarget | null>(null);
  /** undefined: not heard yet; null: the pod does not exist (deleted, or never found). */
  pod = $state.raw<PodDetails | null | undefined>(undefined);
  events = $state.raw<readonly PodEvent[]>([]);
  health = $state.raw<WatchHealth>('connecting');
  error = $state.raw<UserError | null>(null);
  readonly #bridge: Pick<PortholeBridge, 'watchPodDetails'>;
  readonly #storage: VisibilityStorage;
  #unwatch: (() => void) | null = null;

  constructor(bridge: Pick<PortholeBridge, 'watchPodDetails'>, storage: VisibilityStorage) {
    this.#bridge = bridge;
    this.#storage = storage;
    this.visible = storage.getItem(POD_DETAILS_STORAGE_KEY) !== 'false';
  }

  /** The pod selected in the sidebar (null: none); the panel follows it while shown. */
  select(target: PodTarget | null): void {
    if (sameTarget(target, this.target)) return;
    this.target = target;
    this.#restart();
  }

  toggle(): void {
    this.visible = !this.visible;
    try {
      this.#storage.setItem(POD_DETAILS_STORAGE_KEY, String(this.visible));
    } catch {
      // Storage refused (private mode, quota): the choice holds for this window only.
    }
    this.#restart();
  }

  /** Stops the watch (the window goes away). */
  dispose(): void {
    this.#stop();
  }

  #restart(): void {
    this.#stop();
    this.pod = undefined;
    this.events = [];
    this.error = null;
    this.health = 'connecting';
    const target = this.target;
    if (!this.visible || target === null) return;
    this.#unwatch = this.#bridge.watchPodDetails(
      target.context,
      target.namespace,
      target.pod,
      (event) => {
        switch (event.kind) {
          case 'pod':
            this.pod = event.pod;
            return;
          case 'events':
            this.events = event.events;
            return;
          case 'health':
            this.health = event.health;
            this.error = event.error ?? (event.health === 'live' ? null : this.error);
            return;
        }
      },
      (error) => {
        this.error = error;
      },
    );
  }

  #stop(): void {
    this.#unwatch?.();
    this.#unwatch = null;
  }
}

function sameTarget(a: PodTarget | null, b: PodTarget | null): boolean {
  return a === b || (a !== null && b !== null && a.context === b.context && a.namespace === b.namespace && a.pod === b.pod);
}
