// Maps a Pod as the API server sends it to the PodDetails of the details panel. Pure, and as strict
// as pod-summary.ts, whose reading of names, owner, containers, states, ports and last terminations
// it reuses; added here is what only the panel shows: readiness, how a container ended, conditions,
// IP and QoS class. A field present with the wrong type throws a CoreError 'protocol' naming it.
import type { ContainerDetails, PodCondition, PodDetails } from '../../../shared/bridge/pod-details.ts';
import type { ContainerKind, ContainerTermination } from '../../../shared/bridge/resources.ts';
import { arrayField, child, integerField, isObject, malformed, objectField, stringField, type FieldPath, type JsonObject } from './json-fields.ts';
import { toPodSummary } from './pod-summary.ts';

const STATUS_LISTS: Readonly<Record<ContainerKind, string>> = {
  init: 'initContainerStatuses',
  main: 'containerStatuses',
  ephemeral: 'ephemeralContainerStatuses',
};

export function toPodDetails(pod: unknown): PodDetails {
  const summary = toPodSummary(pod);
  const at: FieldPath = { what: `pod ${summary.namespace}/${summary.name}`, path: '' };
  const status = objectField(pod as JsonObject, 'status', at) ?? {};
  const statusAt = child(at, 'status');
  const reason = stringField(status, 'reason', statusAt);
  const message = stringField(status, 'message', statusAt);
  const podIP = stringField(status, 'podIP', statusAt);
  const qosClass = stringField(status, 'qosClass', statusAt);
  return {
    uid: summary.uid,
    name: summary.name,
    namespace: summary.namespace,
    phase: summary.phase,
    ...(reason ? { reason } : {}),
    ...(message ? { message } : {}),
    ...(summary.nodeName === undefined ? {} : { nodeName: summary.nodeName }),
    ...(podIP ? { podIP } : {}),
    ...(qosClass ? { qosClass } : {}),
    ...(summary.createdAt === undefined ? {} : { createdAt: summary.createdAt }),
    deleting: summary.deleting,
    ...(summary.owner === undefined ? {} : { owner: summary.owner }),
    containers: summary.containers.map((container): ContainerDetails => {
      const list = STATUS_LISTS[container.kind];
      const entry = arrayField(status, list, statusAt).find((each): each is JsonObject => isObject(each) && each['name'] === container.name);
      const entryAt = child(child(statusAt, list), container.name);
      const termination = entry === undefined ? undefined : currentTermination(entry, entryAt);
      return {
        ...container,
        ready: entry?.['ready'] === true,
        ...(termination === undefined ? {} : { termination }),
      };
    }),
    conditions: arrayField(status, 'conditions', statusAt).map((entry, index) => conditionOf(entry, child(child(statusAt, 'conditions'), index))),
  };
}

function currentTermination(containerStatus: JsonObject, at: FieldPath): ContainerTermination | undefined {
  const state = objectField(containerStatus, 'state', at);
  const terminated = state === undefined ? undefined : objectField(state, 'terminated', child(at, 'state'));
  if (terminated === undefined) return undefined;
  const terminatedAt = child(child(at, 'state'), 'terminated');
  const finishedAt = stringField(terminated, 'finishedAt', terminatedAt);
  return {
    exitCode: integerField(terminated, 'exitCode', terminatedAt) ?? 0,
    reason: stringField(terminated, 'reason', terminatedAt) ?? '',
    ...(finishedAt ? { finishedAt } : {}),
  };
}

function conditionOf(entry: unknown, at: FieldPath): PodCondition {
  if (!isObject(entry)) throw malformed(at, 'a pod condition object', entry);
  const reason = stringField(entry, 'reason', at);
  const message = stringField(entry, 'message', at);
  const lastTransitionTime = stringField(entry, 'lastTransitionTime', at);
  return {
    type: stringField(entry, 'type', at) ?? '',
    status: stringField(entry, 'status', at) ?? 'Unknown',
    ...(reason ? { reason } : {}),
    ...(message ? { message } : {}),
    ...(lastTransitionTime ? { lastTransitionTime } : {}),
  };
}
