// The live pods of one namespace (optionally narrowed by a label selector) as PodWatchEvents:
// 'health' connecting, a 'snapshot' once listed, 'live'; then changes (upsert, delete, or a
// coalesced 'batch'); a new 'snapshot' after every re-list (410 Gone), which replaces everything
// the consumer had. A change that leaves a pod's summary as it was (most status heartbeats) is
// not sent at all.
import { podRef } from '../../../shared/bridge/call-schemas.ts';
import type { UserError } from '../../../shared/bridge/errors.ts';
import type { PodSummary, PodWatchEvent, WatchHealth } from '../../../shared/bridge/resources.ts';
import { accepts } from '../../../shared/bridge/schema.ts';
import { CoreError } from '../errors/core-error.ts';
import type { Backoff } from './backoff.ts';
import { ListWatcher } from './list-watcher.ts';
import { PodChangeBatcher } from './pod-change-batcher.ts';
import { toPodSummary } from './pod-summary.ts';
import type { ResourceClient } from './resource-client.ts';

export interface PodWatchOptions {
  readonly client: ResourceClient;
  readonly namespace: string;
  /** Only pods matching this label selector (e.g. "app=web"). */
  readonly labelSelector?: string;
  /** How long changes are held to be sent together. */
  readonly coalesceMs?: number;
  readonly pageSize?: number;
  readonly watchTimeoutSeconds?: number;
  readonly stallGraceMs?: number;
  readonly backoff?: Backoff;
}

export class PodWatch {
  readonly #emit: (event: PodWatchEvent) => void;
  readonly #batcher: PodChangeBatcher;
  readonly #watcher: ListWatcher<PodSummary>;
  /** The pods as the consumer will know them once pending changes are flushed, by uid. */
  #pods = new Map<string, PodSummary>();
  #listed = false;
  #health: { health: WatchHealth; error?: UserError } = { health: 'connecting' };

  /** Throws a CoreError of kind 'invalid-request' for a namespace that cannot exist. */
  constructor(options: PodWatchOptions, emit: (event: PodWatchEvent) => void) {
    const { client, namespace, labelSelector } = options;
    if (!accepts(podRef.namespace, namespace)) {
      throw new CoreError({
        kind: 'invalid-request',
        title: 'Invalid namespace name',
        context: client.context,
        detail: `${JSON.stringify(namespace)} is not a namespace name: lower-case letters, digits and '-', at most 63.`,
      });
    }
    this.#emit = emit;
    this.#batcher = new PodChangeBatcher(emit, options.coalesceMs);
    const selector = labelSelector === undefined || labelSelector === '' ? '' : ` matching ${labelSelector}`;
    this.#watcher = new ListWatcher<PodSummary>(
      {
        client,
        path: `/api/v1/namespaces/${namespace}/pods`,
        resource: `pods${selector} in namespace ${namespace}`,
        decode: toPodSummary,
        ...(selector === '' ? {} : { query: new URLSearchParams({ labelSelector: labelSelector ?? '' }) }),
        ...pick(options, ['pageSize', 'watchTimeoutSeconds', 'stallGraceMs', 'backoff']),
      },
      {
        reset: (pods) => this.#reset(pods),
        change: (type, pod) => (type === 'DELETED' ? this.#delete(pod) : this.#upsert(pod)),
        health: (health, error) => this.#setHealth(health, error),
      },
    );
  }

  start(): void {
    this.#watcher.start();
  }

  /** Stops the watch; nothing is emitted after this returns. */
  stop(): Promise<void> {
    this.#batcher.discard();
    const stopped = this.#watcher.stop();
    this.#batcher.discard();
    return stopped;
  }

  /**
   * What a consumer joining now needs: the current pods (null before the first list) and the
   * current health.
   */
  current(): { pods: readonly PodSummary[] | null; health: WatchHealth; error?: UserError } {
    return { pods: this.#listed ? [...this.#pods.values()] : null, ...this.#health };
  }

  #reset(pods: readonly PodSummary[]): void {
    this.#batcher.discard();
    this.#pods = new Map(pods.map((pod) => [pod.uid, pod]));
    this.#listed = true;
    this.#emit({ kind: 'snapshot', pods });
  }

  #upsert(pod: PodSummary): void {
    const known = this.#pods.get(pod.uid);
    if (known !== undefined && sameSummary(known, pod)) return;
    this.#pods.set(pod.uid, pod);
    this.#batcher.upsert(pod);
  }

  #delete(pod: PodSummary): void {
    this.#pods.delete(pod.uid);
    this.#batcher.delete(pod.uid);
  }

  #setHealth(health: WatchHealth, error?: UserError): void {
    // Changes received before the health changed are sent before it.
    this.#batcher.flush();
    this.#health = error === undefined ? { health } : { health, error };
    this.#emit(error === undefined ? { kind: 'health', health } : { kind: 'health', health, error });
  }
}

/** Summaries are built field by field in a fixed order, so equal summaries serialise equally. */
function sameSummary(a: PodSummary, b: PodSummary): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

function pick<T extends object, K extends keyof T>(source: T, keys: readonly K[]): Partial<Pick<T, K>> {
  const picked: Partial<Pick<T, K>> = {};
  for (const key of keys) if (source[key] !== undefined) picked[key] = source[key];
  return picked;
}
