// The pure half of a debug container: its name, the patch that adds it (the object `kubectl debug
// --target` creates), which existing one to reuse (ephemeral containers can never be removed, so
// each debug of a pod would otherwise leave one more behind), and what its status means while we
// wait for it to run. No I/O: ensure-debug-container.ts does the requests.
import type { ContainerKind, ContainerState, PodSummary } from '../../../shared/bridge/resources.ts';
import { arrayField, child, isObject, objectField, stringField, type FieldPath } from '../resources/json-fields.ts';
import { toPodSummary } from '../resources/pod-summary.ts';

export const DEBUG_CONTAINER_PREFIX = 'porthole-debug-';

const NAME_ALPHABET = 'bcdfghjklmnpqrstvwxz2456789';

/** "porthole-debug-x7k2p": five characters of the alphabet the API server's generateName uses. */
export function debugContainerName(random: () => number = Math.random): string {
  let suffix = '';
  for (let i = 0; i < 5; i += 1) suffix += NAME_ALPHABET[Math.floor(random() * NAME_ALPHABET.length)] ?? 'x';
  return `${DEBUG_CONTAINER_PREFIX}${suffix}`;
}

export interface DebugContainerSpec {
  readonly name: string;
  readonly image: string;
  /** The container whose process namespace (and so /proc/<pid>/root) the debug container joins. */
  readonly target: string;
}

/**
 * The strategic merge patch of the pod's `ephemeralcontainers` subresource: ephemeralContainers
 * merge by name, so the patch adds one and leaves the others as they are (as kubectl debug does).
 * stdin and tty, so a terminal can attach to its shell.
 */
export function ephemeralContainerPatch(spec: DebugContainerSpec): object {
  return {
    spec: {
      ephemeralContainers: [
        {
          name: spec.name,
          image: spec.image,
          targetContainerName: spec.target,
          stdin: true,
          tty: true,
          imagePullPolicy: 'IfNotPresent',
          terminationMessagePolicy: 'File',
        },
      ],
    },
  };
}

/** A pod as the debug action needs it: its summary and which container each debug container targets. */
export interface DebuggablePod {
  readonly summary: PodSummary;
  /** Ephemeral container name → its targetContainerName ('' when it has none). */
  readonly targets: ReadonlyMap<string, string>;
  /** The container `kubectl exec` picks when none is named: the default-container annotation, else the first. */
  readonly defaultContainer: string | undefined;
}

export function toDebuggablePod(pod: unknown): DebuggablePod {
  const summary = toPodSummary(pod);
  const at: FieldPath = { what: `pod ${summary.namespace}/${summary.name}`, path: '' };
  const root = isObject(pod) ? pod : {};
  const spec = objectField(root, 'spec', at) ?? {};
  const targets = new Map<string, string>();
  const ephemeralAt = child(child(at, 'spec'), 'ephemeralContainers');
  arrayField(spec, 'ephemeralContainers', child(at, 'spec')).forEach((entry, index) => {
    if (!isObject(entry)) return;
    const name = stringField(entry, 'name', child(ephemeralAt, index));
    if (name !== undefined) targets.set(name, stringField(entry, 'targetContainerName', child(ephemeralAt, index)) ?? '');
  });
  const annotations = objectField(objectField(root, 'metadata', at) ?? {}, 'annotations', child(at, 'metadata')) ?? {};
  const annotated = annotations['kubectl.kubernetes.io/default-container'];
  const main = summary.containers.filter((container) => container.kind === 'main').map((container) => container.name);
  const defaultContainer = typeof annotated === 'string' && main.includes(annotated) ? annotated : main[0];
  return { summary, targets, defaultContainer };
}

/**
 * The debug container to reuse for `target` with `image`: one of ours, same image, same target,
 * running or still starting (a terminated one cannot run again). The running one first.
 */
export function reusableDebugContainer(pod: DebuggablePod, target: string, image: string): string | undefined {
  const candidates = pod.summary.containers.filter(
    (container) =>
      container.kind === 'ephemeral' &&
      container.name.startsWith(DEBUG_CONTAINER_PREFIX) &&
      container.image === image &&
      pod.targets.get(container.name) === target &&
      container.state.kind !== 'terminated',
  );
  return (candidates.find((container) => container.state.kind === 'running') ?? candidates[0])?.name;
}

/** Waiting reasons after which the kubelet will not start the container without a change from us. */
const STUCK_REASONS: ReadonlySet<string> = new Set([
  'ErrImagePull',
  'ImagePullBackOff',
  'InvalidImageName',
  'ErrImageNeverPull',
  'CreateContainerConfigError',
  'CreateContainerError',
  'RunContainerError',
]);

/** Where a debug container we wait for stands. */
export type DebugContainerProgress =
  | { readonly kind: 'running' }
  /** Not there yet, or waiting for a reason that passes (ContainerCreating: the image is pulled). */
  | { readonly kind: 'starting'; readonly reason: string }
  /** It will not run: the kubelet's reason and message, or how it ended. */
  | { readonly kind: 'failed'; readonly reason: string; readonly message: string };

export function debugContainerProgress(pod: DebuggablePod, name: string): DebugContainerProgress {
  return containerProgress(pod.summary, 'ephemeral', name);
}

/** Where container `name` of `pod` stands on its way to running (the node shell's pod waits the same way). */
export function containerProgress(pod: PodSummary, kind: ContainerKind, name: string): DebugContainerProgress {
  const container = pod.containers.find((entry) => entry.kind === kind && entry.name === name);
  if (container === undefined) return { kind: 'starting', reason: 'Pending' };
  return progressOfState(container.state);
}

function progressOfState(state: ContainerState): DebugContainerProgress {
  switch (state.kind) {
    case 'running':
      return { kind: 'running' };
    case 'waiting':
      return STUCK_REASONS.has(state.reason) ? { kind: 'failed', reason: state.reason, message: state.message ?? '' } : { kind: 'starting', reason: state.reason };
    case 'terminated':
      return { kind: 'failed', reason: state.reason || 'Terminated', message: `it exited with code ${state.exitCode}` };
    case 'unknown':
      return { kind: 'starting', reason: 'Pending' };
  }
}

/** What the tab says while waiting: "Pulling image…" for ContainerCreating, the reason otherwise. */
export function startingText(reason: string, image: string): string {
  if (reason === 'ContainerCreating' || reason === 'Pending') return `Pulling image ${image} and starting…`;
  return `Waiting (${reason})…`;
}
