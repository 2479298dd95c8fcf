// The pod actions that change or show the pod itself (POD_ACTIONS' delete, restart and YAML): each
// asks first where it changes something, naming what it changes and the context (a production
// context is marked, as the production guard marks it), then calls main and says how it went.
import type { PortholeBridge } from '../../../shared/bridge/bridge.ts';
import type { WorkloadRef } from '../../../shared/bridge/resources.ts';
import type { PodActionHost } from './pod-actions.ts';
import { podTargetOf, type PodTarget } from './pod-details.svelte.ts';
import type { Confirmation } from './production.ts';
import { userErrorOf } from './user-error.ts';

export type PodChangeBridge = Pick<PortholeBridge, 'deletePod' | 'workloadOf' | 'restartWorkload' | 'podYaml'>;

export interface PodChangeHost {
  /** Shows the confirmation dialog; true when the user went ahead. */
  ask(confirmation: Confirmation): Promise<boolean>;
  inProduction(context: string): boolean;
  /** A short message in the window's notice strip. */
  notice(message: string): void;
}

export class PodChanges {
  /** The pod whose YAML view is open, or null. */
  yamlOf = $state.raw<PodTarget | null>(null);
  readonly #bridge: PodChangeBridge;
  readonly #host: PodChangeHost;

  constructor(bridge: PodChangeBridge, host: PodChangeHost) {
    this.#bridge = bridge;
    this.#host = host;
  }

  /** The sidebar's (and palette's) pod actions these serve. */
  hostFor(): Required<Pick<PodActionHost, 'onYaml' | 'onDelete' | 'onRestartWorkload'>> {
    return {
      onYaml: (row) => this.showYaml(podTargetOf(row)),
      onDelete: (row) => void this.delete(podTargetOf(row)),
      onRestartWorkload: (row) => void this.restart(podTargetOf(row)),
    };
  }

  showYaml(target: PodTarget): void {
    this.yamlOf = target;
  }

  closeYaml(): void {
    this.yamlOf = null;
  }

  /** What the YAML view shows, asked of main each time the managedFields toggle changes. */
  yaml(target: PodTarget, managedFields: boolean): Promise<string> {
    return this.#bridge.podYaml(target.context, target.namespace, target.pod, managedFields);
  }

  async delete(target: PodTarget): Promise<void> {
    const yes = await this.#host.ask(deleteConfirmation(target, this.#productionOf(target)));
    if (!yes) return;
    try {
      await this.#bridge.deletePod(target.context, target.namespace, target.pod);
    } catch (error) {
      this.#failed(error, `deleting pod ${target.pod}`);
    }
  }

  async restart(target: PodTarget): Promise<void> {
    let workload: WorkloadRef | null;
    try {
      workload = await this.#bridge.workloadOf(target.context, target.namespace, target.pod);
    } catch (error) {
      this.#failed(error, `finding the workload of pod ${target.pod}`);
      return;
    }
    if (workload === null) {
      this.#host.notice(`Pod ${target.pod} belongs to no Deployment, StatefulSet or DaemonSet: there is no rollout to restart.`);
      return;
    }
    const yes = await this.#host.ask(restartConfirmation(target, workload, this.#productionOf(target)));
    if (!yes) return;
    try {
      await this.#bridge.restartWorkload(target.context, target.namespace, target.pod);
      this.#host.notice(`Restarting ${workload.kind} ${workload.name}: its pods are replaced as its rollout strategy says.`);
    } catch (error) {
      this.#failed(error, `restarting the workload of pod ${target.pod}`);
    }
  }

  #productionOf(target: PodTarget): string[] {
    return this.#host.inProduction(target.context) ? [target.context] : [];
  }

  #failed(error: unknown, doing: string): void {
    const userError = userErrorOf(error, doing);
    this.#host.notice(`${userError.title}: ${userError.detail}`);
  }
}

export function deleteConfirmation(target: PodTarget, production: readonly string[]): Confirmation {
  return {
    title: `Delete pod ${target.pod}?`,
    message:
      `Pod ${target.pod} in namespace ${target.namespace} of context ${target.context} is deleted. ` +
      'A pod a workload owns is replaced by a new one; a pod of its own is gone for good.',
    contexts: production,
    confirmLabel: 'Delete pod',
  };
}

export function restartConfirmation(target: PodTarget, workload: WorkloadRef, production: readonly string[]): Confirmation {
  return {
    title: `Restart ${workload.kind} ${workload.name}?`,
    message:
      `Every pod of ${workload.kind} ${workload.name} in namespace ${target.namespace} of context ${target.context} is replaced, ` +
      'as its rollout strategy says (kubectl rollout restart).',
    contexts: production,
    confirmLabel: `Restart ${workload.kind} ${workload.name}`,
  };
}
