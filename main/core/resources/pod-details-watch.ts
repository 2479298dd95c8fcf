// Watches one pod (the whole object, not its summary) and the events that concern it, for the
// details panel: two ListWatchers, each narrowed by a field selector (metadata.name for the pod;
// involvedObject name, namespace and kind for its events, which is how `kubectl describe` finds
// them). Both reconnect and re-list as every watch does (list-watcher.ts). It reports:
// - 'pod' with the pod as it is now (null when it does not exist), at once after each list and on
//   every change;
// - 'events' with the whole list, newest first (a pod has few), after each list and change;
// - 'health': the worse of the two watches', with the latest error.
import type { UserError } from '../../../shared/bridge/errors.ts';
import type { PodDetails, PodDetailsEvent, PodEvent } from '../../../shared/bridge/pod-details.ts';
import type { WatchHealth } from '../../../shared/bridge/resources.ts';
import { ListWatcher } from './list-watcher.ts';
import { toPodDetails } from './pod-details.ts';
import { newestFirst, toPodEvent } from './pod-events.ts';
import type { ResourceClient } from './resource-client.ts';

export interface PodDetailsWatchOptions {
  readonly client: ResourceClient;
  readonly namespace: string;
  readonly pod: string;
}

const HEALTH_ORDER: readonly WatchHealth[] = ['connecting', 'reconnecting', 'live'];

export class PodDetailsWatch {
  readonly #emit: (event: PodDetailsEvent) => void;
  readonly #podWatcher: ListWatcher<PodDetails>;
  readonly #eventWatcher: ListWatcher<PodEvent>;
  readonly #events = new Map<string, PodEvent>();
  readonly #health: Record<'pod' | 'events', WatchHealth> = { pod: 'connecting', events: 'connecting' };
  #reported: WatchHealth | undefined;

  constructor(options: PodDetailsWatchOptions, emit: (event: PodDetailsEvent) => void) {
    const { client, namespace, pod } = options;
    this.#emit = emit;
    this.#podWatcher = new ListWatcher<PodDetails>(
      {
        client,
        path: `/api/v1/namespaces/${namespace}/pods`,
        query: new URLSearchParams({ fieldSelector: `metadata.name=${pod}` }),
        resource: `pod ${pod} in namespace ${namespace}`,
        decode: toPodDetails,
      },
      {
        reset: (items) => emit({ kind: 'pod', pod: items[0] ?? null }),
        change: (type, item) => emit({ kind: 'pod', pod: type === 'DELETED' ? null : item }),
        health: (health, error) => this.#healthOf('pod', health, error),
      },
    );
    this.#eventWatcher = new ListWatcher<PodEvent>(
      {
        client,
        path: `/api/v1/namespaces/${namespace}/events`,
        query: new URLSearchParams({
          fieldSelector: `involvedObject.name=${pod},involvedObject.namespace=${namespace},involvedObject.kind=Pod`,
        }),
        resource: `events of pod ${pod} in namespace ${namespace}`,
        decode: toPodEvent,
      },
      {
        reset: (items) => {
          this.#events.clear();
          for (const item of items) this.#events.set(item.uid, item);
          this.#emitEvents();
        },
        change: (type, item) => {
          if (type === 'DELETED') this.#events.delete(item.uid);
          else this.#events.set(item.uid, item);
          this.#emitEvents();
        },
        health: (health, error) => this.#healthOf('events', health, error),
      },
    );
  }

  start(): void {
    this.#podWatcher.start();
    this.#eventWatcher.start();
  }

  async stop(): Promise<void> {
    await Promise.all([this.#podWatcher.stop(), this.#eventWatcher.stop()]);
  }

  #emitEvents(): void {
    this.#emit({ kind: 'events', events: newestFirst(this.#events.values()) });
  }

  #healthOf(which: 'pod' | 'events', health: WatchHealth, error: UserError | undefined): void {
    this.#health[which] = health;
    const worst = HEALTH_ORDER.find((each) => this.#health.pod === each || this.#health.events === each) ?? 'live';
    if (error === undefined && worst === this.#reported) return;
    this.#reported = worst;
    this.#emit(error === undefined ? { kind: 'health', health: worst } : { kind: 'health', health: worst, error });
  }
}
