// What the sidebar groups pods by: the pod's controller (the ownerReference with controller: true)
// and whether its Ready condition is True. Pure, over the Pod as the API server sends it; a field
// of the wrong type throws a CoreError 'protocol' naming it, as pod-summary.ts does.
import type { PodOwner } from '../../../shared/bridge/resources.ts';
import { arrayField, child, isObject, malformed, objectField, requiredString, stringField, type FieldPath, type JsonObject } from './json-fields.ts';

/** The controlling owner; undefined for a lone pod (no reference, or none marked controller). */
export function podOwnerOf(metadata: JsonObject, at: FieldPath): PodOwner | undefined {
  const listAt = child(at, 'ownerReferences');
  for (const [index, reference] of arrayField(metadata, 'ownerReferences', at).entries()) {
    const referenceAt = child(listAt, index);
    if (!isObject(reference)) throw malformed(referenceAt, 'an owner reference object', reference);
    const controller = reference['controller'];
    if (controller !== undefined && typeof controller !== 'boolean') throw malformed(child(referenceAt, 'controller'), 'true or false', controller);
    if (controller !== true) continue;
    return { kind: requiredString(reference, 'kind', referenceAt), name: requiredString(reference, 'name', referenceAt) };
  }
  return undefined;
}

/** The Ready condition: true or false when the status states it, undefined when it does not. */
export function podReadyOf(status: JsonObject, at: FieldPath): boolean | undefined {
  const listAt = child(at, 'conditions');
  for (const [index, condition] of arrayField(status, 'conditions', at).entries()) {
    const conditionAt = child(listAt, index);
    if (!isObject(condition)) throw malformed(conditionAt, 'a pod condition object', condition);
    if (stringField(condition, 'type', conditionAt) !== 'Ready') continue;
    return stringField(condition, 'status', conditionAt) === 'True';
  }
  return undefined;
}

/** status.lastState.terminated of a container status: how its previous instance ended. */
export function lastTerminationOf(containerStatus: JsonObject, at: FieldPath): { exitCode: number; reason: string; finishedAt?: string } | undefined {
  const lastState = objectField(containerStatus, 'lastState', at);
  const terminated = lastState === undefined ? undefined : objectField(lastState, 'terminated', child(at, 'lastState'));
  if (terminated === undefined) return undefined;
  const terminatedAt = child(child(at, 'lastState'), 'terminated');
  const exitCode = terminated['exitCode'];
  if (typeof exitCode !== 'number' || !Number.isInteger(exitCode)) throw malformed(child(terminatedAt, 'exitCode'), 'a whole number', exitCode);
  const finishedAt = stringField(terminated, 'finishedAt', terminatedAt);
  return { exitCode, reason: stringField(terminated, 'reason', terminatedAt) ?? '', ...(finishedAt ? { finishedAt } : {}) };
}
