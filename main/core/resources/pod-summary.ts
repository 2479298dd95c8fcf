// Maps a Pod as the API server sends it (parsed JSON, shape unchecked) to the PodSummary the UI
// shows. Pure: no I/O, no clock. A field present with the wrong type throws a CoreError of kind
// 'protocol' naming the field; absent fields take the defaults the API documents.
import type { ContainerPort } from '../../../shared/bridge/resources.ts';
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
import { lastTerminationOf, podOwnerOf, podReadyOf } from './pod-owner.ts';

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
  const owner = podOwnerOf(metadata, child(at, 'metadata'));
  const ready = podReadyOf(status, child(at, 'status'));

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
    ...(owner === undefined ? {} : { owner }),
    ...(ready === undefined ? {} : { ready }),
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
    const lastTermination = containerStatus === undefined ? undefined : lastTerminationOf(containerStatus.value, containerStatus.at);
    const ports = containerPortsOf(entry, entryAt);
    return {
      name,
      kind: list.kind,
      image: stringField(entry, 'image', entryAt) ?? '',
      state: containerStatus === undefined ? { kind: 'unknown' } : stateOf(containerStatus.value, containerStatus.at),
      restartCount,
      // A previous instance, whose log `previous=true` returns, exists once the container has restarted.
      hasPreviousLogs: restartCount > 0 || lastTermination !== undefined,
      ...(lastTermination === undefined ? {} : { lastTermination }),
      ...(ports.length === 0 ? {} : { ports }),
    };
  });
}

/** The ports a container's spec declares (spec.containers[].ports): what a port-forward offers. */
export function containerPortsOf(container: JsonObject, at: FieldPath): ContainerPort[] {
  return arrayField(container, 'ports', at).map((entry, index) => {
    const portAt = child(child(at, 'ports'), index);
    if (!isObject(entry)) throw malformed(portAt, 'a container port object', entry);
    const containerPort = integerField(entry, 'containerPort', portAt);
    if (containerPort === undefined) throw malformed(child(portAt, 'containerPort'), 'a port number', undefined);
    const name = stringField(entry, 'name', portAt);
    return { containerPort, protocol: stringField(entry, 'protocol', portAt) ?? 'TCP', ...(name ? { name } : {}) };
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
