// Follows the pods a forward's target covers through the shared pod watch (PodWatchHub: one watch
// per namespace and selector, however many views share it) and says which pod to use whenever
// that changes: the pod in use went away, stopped being ready, or is being deleted, and another
// took its place; or none is left. No polling: every change is a watch event.
import type { UserError } from '../../../shared/bridge/errors.ts';
import type { PodSummary, PodWatchEvent } from '../../../shared/bridge/resources.ts';
import { choosePod } from './pod-choice.ts';
import type { ResolvedTarget } from './forward-target.ts';
import { portOnPod } from './target-port.ts';

export type WatchPods = (context: string, namespace: string, listener: (event: PodWatchEvent) => void, labelSelector: string) => () => void;

export type FollowEvent =
  /** Use this pod, on this port, from now on. */
  | { readonly kind: 'pod'; readonly pod: PodSummary; readonly port: number }
  /** No pod serves now (said once each time that becomes true). */
  | { readonly kind: 'none'; readonly reason: string }
  /** The pods cannot be watched at all (an unusable context, no right to list pods). */
  | { readonly kind: 'failed'; readonly error: UserError };

export class PodFollower {
  readonly #target: ResolvedTarget;
  readonly #describe: string;
  readonly #onEvent: (event: FollowEvent) => void;
  readonly #pods = new Map<string, PodSummary>();
  readonly #unsubscribe: () => void;
  #listed = false;
  /** The pod last announced, or null once 'none' was. */
  #current: string | null | undefined;

  /** `describe` names the target in reasons: "Service web", "deployment web". */
  constructor(watch: WatchPods, where: { context: string; namespace: string }, target: ResolvedTarget, describe: string, onEvent: (event: FollowEvent) => void) {
    this.#target = target;
    this.#describe = describe;
    this.#onEvent = onEvent;
    this.#unsubscribe = watch(where.context, where.namespace, (event) => this.#receive(event), target.selector);
  }

  stop(): void {
    this.#unsubscribe();
  }

  #receive(event: PodWatchEvent): void {
    switch (event.kind) {
      case 'health':
        if (!this.#listed && event.error !== undefined) this.#onEvent({ kind: 'failed', error: event.error });
        return;
      case 'snapshot':
        this.#pods.clear();
        for (const pod of event.pods) this.#pods.set(pod.uid, pod);
        this.#listed = true;
        break;
      case 'upsert':
        this.#pods.set(event.pod.uid, event.pod);
        break;
      case 'delete':
        this.#pods.delete(event.uid);
        break;
      case 'batch':
        for (const uid of event.deletes) this.#pods.delete(uid);
        for (const pod of event.upserts) this.#pods.set(pod.uid, pod);
        break;
    }
    if (this.#listed) this.#choose();
  }

  #choose(): void {
    const usable = [...this.#pods.values()].filter((pod) => portOnPod(this.#target.port, pod) !== undefined);
    const chosen = choosePod(usable, this.#current ?? undefined, this.#target.rule);
    if (chosen === undefined) {
      if (this.#current === null) return;
      this.#current = null;
      this.#onEvent({ kind: 'none', reason: this.#noPodReason() });
      return;
    }
    if (chosen.name === this.#current) return;
    this.#current = chosen.name;
    this.#onEvent({ kind: 'pod', pod: chosen, port: portOnPod(this.#target.port, chosen) ?? 0 });
  }

  #noPodReason(): string {
    const { podName } = this.#target.rule;
    if (podName !== undefined) {
      const pod = [...this.#pods.values()].find((each) => each.name === podName);
      if (pod === undefined) return `Pod ${podName} does not exist.`;
      return pod.deleting ? `Pod ${podName} is being deleted.` : `Pod ${podName} is ${pod.phase}, not running.`;
    }
    if (this.#pods.size === 0) return `${this.#describe} has no pods.`;
    if (typeof this.#target.port === 'string') return `No ready pod of ${this.#describe} has a port named ${this.#target.port}.`;
    return `None of the ${this.#pods.size} pods of ${this.#describe} is ready.`;
  }
}
