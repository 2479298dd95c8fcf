// Maps a Pod as the API server sends it (parsed JSON, shape unchecked) to the PodSummary the UI
// shows. Pure: no I/O, no clock. A field present with the wrong type throws a CoreError of kind
// 'protocol' naming the field; absent fields take the defaults the API documents.
import type { ContainerKind, ContainerState, ContainerSummary, PodSummary } from '../../../shared/bridge/resources.ts';
import {
  arrayField,
  child,
  integerField,
  isObject,
  malformed,
  objectField,
  requiredString,
  stringField,
  stringMapField,
  type FieldPath,
  type JsonObject,
} from './json-fields.ts';

/** The phase of a pod whose status does not (yet) state one. */
export const UNKNOWN_PHASE = 'Unknown';

// Spec and status list the three kinds of containers separately; the UI shows them in the order
// they run: init containers, then the main ones, then ephemeral (debug) containers.
const CONTAINER_LISTS: readonly { kind: ContainerKind; spec: string; status: string }[] = [
  { kind: 'init', spec: 'initContainers', status: 'initContainerStatuses' },
  { kind: 'main', spec: 'containers', status: 'containerStatuses' },
  { kind: 'ephemeral', spec: 'ephemeralContainers', status: 'ephemeralContainerStatuses' },
];

export function toPodSummary(pod: unknown): PodSummary {
  const root: FieldPath = { what: 'pod', path: '' };
  if (!isObject(pod)) throw malformed(root, 'a Pod object', pod);
  const metadata = objectField(pod, 'metadata', root);
  if (metadata === undefined) throw malformed(child(root, 'metadata'), 'an object', undefined);
  const metadataAt = child(root, 'metadata');
  const name = requiredString(metadata, 'name', metadataAt);
  const namespace = stringField(metadata, 'namespace', metadataAt) ?? '';
  // From here on errors name the pod itself.
  const at: FieldPath = { what: `pod ${namespace === '' ? name : `${namespace}/${name}`}`, path: '' };
  const uid = requiredString(metadata, 'uid', child(at, 'metadata'));
  const spec = objectField(pod, 'spec', at) ?? {};
  const status = objectField(pod, 'status', at) ?? {};
  const nodeName = stringField(spec, 'nodeName', child(at, 'spec'));
  const createdAt = stringField(metadata, 'creationTimestamp', child(at, 'metadata'));

  return {
    uid,
    name,
    namespace,
    phase: stringField(status, 'phase', child(at, 'status')) || UNKNOWN_PHASE,
    ...(nodeName ? { nodeName } : {}),
    ...(createdAt ? { createdAt } : {}),
    labels: stringMapField(metadata, 'labels', child(at, 'metadata')),
    containers: CONTAINER_LISTS.flatMap((list) => containersOf(list, spec, status, at)),
    // Set once deletion has been requested; the pod lingers until its grace period ends.
    deleting: stringField(metadata, 'deletionTimestamp', child(at, 'metadata')) !== undefined,
  };
}

function containersOf(
  list: { kind: ContainerKind; spec: string; status: string },
  spec: JsonObject,
  status: JsonObject,
  at: FieldPath,
): ContainerSummary[] {
  const specAt = child(child(at, 'spec'), list.spec);
  const statusAt = child(child(at, 'status'), list.status);
  const statuses = new Map<string, { value: JsonObject; at: FieldPath }>();
  arrayField(status, list.status, child(at, 'status')).forEach((entry, index) => {
    const entryAt = child(statusAt, index);
    if (!isObject(entry)) throw malformed(entryAt, 'a container status object', entry);
    statuses.set(requiredString(entry, 'name', entryAt), { value: entry, at: entryAt });
  });

  return arrayField(spec, list.spec, child(at, 'spec')).map((entry, index) => {
    const entryAt = child(specAt, index);
    if (!isObject(entry)) throw malformed(entryAt, 'a container object', entry);
    const name = requiredString(entry, 'name', entryAt);
    const containerStatus = statuses.get(name);
    const restartCount =
      containerStatus === undefined ? 0 : (integerField(containerStatus.value, 'restartCount', containerStatus.at) ?? 0);
    return {
      name,
      kind: list.kind,
      image: stringField(entry, 'image', entryAt) ?? '',
      state: containerStatus === undefined ? { kind: 'unknown' } : stateOf(containerStatus.value, containerStatus.at),
      restartCount,
      hasPreviousLogs: containerStatus !== undefined && hasPreviousInstance(containerStatus.value, containerStatus.at, restartCount),
    };
  });
}

function stateOf(containerStatus: JsonObject, at: FieldPath): ContainerState {
  const stateAt = child(at, 'state');
  const state = objectField(containerStatus, 'state', at);
  // The API: "If none of them is specified, the default one is ContainerStateWaiting."
  if (state === undefined) return { kind: 'waiting', reason: '' };
  const running = objectField(state, 'running', stateAt);
  if (running !== undefined) {
    const startedAt = stringField(running, 'startedAt', child(stateAt, 'running'));
    return startedAt ? { kind: 'running', startedAt } : { kind: 'running' };
  }
  const terminated = objectField(state, 'terminated', stateAt);
  if (terminated !== undefined) {
    const terminatedAt = child(stateAt, 'terminated');
    const exitCode = integerField(terminated, 'exitCode', terminatedAt);
    if (exitCode === undefined) throw malformed(child(terminatedAt, 'exitCode'), 'a whole number', undefined);
    return { kind: 'terminated', exitCode, reason: stringField(terminated, 'reason', terminatedAt) ?? '' };
  }
  const waiting = objectField(state, 'waiting', stateAt) ?? {};
  const waitingAt = child(stateAt, 'waiting');
  const message = stringField(waiting, 'message', waitingAt);
  return {
    kind: 'waiting',
    reason: stringField(waiting, 'reason', waitingAt) ?? '',
    ...(message ? { message } : {}),
  };
}

/** A previous instance, whose log `previous=true` returns, exists once the container has restarted. */
function hasPreviousInstance(containerStatus: JsonObject, at: FieldPath, restartCount: number): boolean {
  if (restartCount > 0) return true;
  const lastState = objectField(containerStatus, 'lastState', at);
  return lastState !== undefined && objectField(lastState, 'terminated', child(at, 'lastState')) !== undefined;
}
