// Live resources as the UI sees them: flattened, serialisable summaries of the API objects.
import type { UserError } from './errors.ts';

export type ContainerKind = 'init' | 'main' | 'ephemeral';

export type ContainerState =
  | { readonly kind: 'running'; readonly startedAt?: string }
  | { readonly kind: 'waiting'; readonly reason: string; readonly message?: string }
  | { readonly kind: 'terminated'; readonly exitCode: number; readonly reason: string }
  | { readonly kind: 'unknown' };

/** A port a container declares in the pod spec. */
export interface ContainerPort {
  readonly containerPort: number;
  readonly protocol: string;
  readonly name?: string;
}

export interface ContainerSummary {
  readonly name: string;
  readonly kind: ContainerKind;
  readonly image: string;
  readonly state: ContainerState;
  readonly restartCount: number;
  /** A previous instance exists, so `previous=true` logs can be asked for. */
  readonly hasPreviousLogs: boolean;
  /** How the previous instance ended (status.lastState.terminated): what a restart marker tells. */
  readonly lastTermination?: ContainerTermination;
  /** The ports its spec declares (what a port-forward offers); absent where it declares none. */
  readonly ports?: readonly ContainerPort[];
}

export interface ContainerTermination {
  readonly exitCode: number;
  /** 'OOMKilled', 'Error', 'Completed'…; '' when the runtime gave none. */
  readonly reason: string;
  /** RFC 3339, when the runtime gave it. */
  readonly finishedAt?: string;
}

/** The controller a pod belongs to, from its ownerReferences (controller: true). */
export interface PodOwner {
  /** 'ReplicaSet', 'StatefulSet', 'DaemonSet', 'Job', … as the reference names it. */
  readonly kind: string;
  readonly name: string;
}

export interface PodSummary {
  readonly uid: string;
  readonly name: string;
  readonly namespace: string;
  readonly phase: string;
  readonly nodeName?: string;
  readonly createdAt?: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly containers: readonly ContainerSummary[];
  readonly deleting: boolean;
  /** Its controller, absent for a lone pod. */
  readonly owner?: PodOwner;
  /** Its Ready condition is True (absent: the status says nothing, or a summary built elsewhere). */
  readonly ready?: boolean;
}

/** A workload a rollout restart applies to. */
export interface WorkloadRef {
  readonly kind: 'Deployment' | 'StatefulSet' | 'DaemonSet';
  readonly name: string;
}

export interface NamespaceSummary {
  readonly name: string;
  readonly phase: string;
}

/** A port of a Service as its spec.ports lists it. */
export interface ServicePort {
  readonly port: number;
  readonly name?: string;
  /** Where on each pod it goes: a number, or a container port's NAME each pod resolves; absent: the same number as `port`. */
  readonly targetPort?: number | string;
  readonly protocol: string;
}

/** A Service that selects pods (what a port-forward can follow), for the forward form. */
export interface ServiceSummary {
  readonly name: string;
  readonly ports: readonly ServicePort[];
}

export type WatchHealth = 'connecting' | 'live' | 'reconnecting';

export type PodWatchEvent =
  | { readonly kind: 'snapshot'; readonly pods: readonly PodSummary[] }
  | { readonly kind: 'upsert'; readonly pod: PodSummary }
  | { readonly kind: 'delete'; readonly uid: string }
  /**
   * Several changes that arrived together (10,000 pods being created), coalesced into one event.
   * Each uid appears once, in `upserts` or in `deletes`, in its latest state; order does not matter.
   */
  | { readonly kind: 'batch'; readonly upserts: readonly PodSummary[]; readonly deletes: readonly string[] }
  | { readonly kind: 'health'; readonly health: WatchHealth; readonly error?: UserError };
