// What a forward's target means in pods: the label selector of the pods it may use (read from the
// Service or the workload once, at the start) and the port on each. A Service without a selector
// (endpoints kept by hand) or a workload whose selector matches nothing are refused with a reason.
import type { PortForwardRequest } from '../../../shared/bridge/sessions.ts';
import { CoreError } from '../errors/core-error.ts';
import { arrayField, child, isObject, malformed, objectField, requiredString, stringMapField, type FieldPath, type JsonObject } from '../resources/json-fields.ts';
import { readJson } from '../resources/read-json.ts';
import type { ResourceClient } from '../resources/resource-client.ts';
import { servicePorts } from '../resources/services.ts';
import type { PodChoiceRule } from './pod-choice.ts';
import { targetPortOf, type TargetPort } from './target-port.ts';

export interface ResolvedTarget {
  /** The pods to watch: a label selector ('' for a pod target, which is picked by name). */
  readonly selector: string;
  readonly rule: PodChoiceRule;
  /** The port on each pod. */
  readonly port: TargetPort;
  /** The Service port's name, when it has one (it says whether the port is HTTP). */
  readonly portName?: string;
}

const WORKLOAD_PATHS = { deployment: 'deployments', statefulset: 'statefulsets', daemonset: 'daemonsets' } as const;

/** Rejects with a CoreError: the server's refusal (404, 403), or an object that names no pods. */
export async function resolveTarget(client: ResourceClient, request: PortForwardRequest, signal: AbortSignal): Promise<ResolvedTarget> {
  const { target, namespace, remotePort } = request;
  switch (target.kind) {
    case 'pod':
      return { selector: '', rule: { podName: target.name }, port: remotePort };
    case 'selector':
      return { selector: target.selector, rule: {}, port: remotePort };
    case 'service': {
      const service = await getObject(client, `/api/v1/namespaces/${encodeURIComponent(namespace)}/services/${encodeURIComponent(target.name)}`, `service ${target.name}`, signal);
      const at: FieldPath = { what: `service ${namespace}/${target.name}`, path: '' };
      const spec = objectField(service, 'spec', at) ?? {};
      const selector = selectorString(stringMapField(spec, 'selector', child(at, 'spec')));
      if (selector === '') {
        throw refused(client, 'Service has no selector', `Service ${target.name} selects no pods (its endpoints are kept by hand); forward to a pod instead.`);
      }
      const resolved = targetPortOf(servicePorts(spec, child(at, 'spec')), remotePort, target.name);
      if (typeof resolved === 'string') throw refused(client, 'No such Service port', resolved);
      return { selector, rule: {}, port: resolved.target, ...(resolved.name === undefined ? {} : { portName: resolved.name }) };
    }
    default: {
      const path = `/apis/apps/v1/namespaces/${encodeURIComponent(namespace)}/${WORKLOAD_PATHS[target.kind]}/${encodeURIComponent(target.name)}`;
      const workload = await getObject(client, path, `${target.kind} ${target.name}`, signal);
      const at: FieldPath = { what: `${target.kind} ${namespace}/${target.name}`, path: '' };
      const spec = objectField(workload, 'spec', at) ?? {};
      const selector = labelSelectorString(objectField(spec, 'selector', child(at, 'spec')) ?? {}, child(child(at, 'spec'), 'selector'));
      if (selector === '') throw refused(client, 'Workload has no selector', `The ${target.kind} ${target.name} has an empty selector.`);
      return { selector, rule: {}, port: remotePort };
    }
  }
}

async function getObject(client: ResourceClient, path: string, what: string, signal: AbortSignal): Promise<JsonObject> {
  try {
    const body = await client.open({ path, query: new URLSearchParams(), resource: what }, signal);
    const object = await readJson(body, what);
    if (!isObject(object)) throw malformed({ what, path: '' }, 'an object', object);
    return object;
  } catch (error) {
    throw error instanceof CoreError ? error : new CoreError(client.describe(error, `get ${what}`));
  }
}

function refused(client: ResourceClient, title: string, detail: string): CoreError {
  return new CoreError({ kind: 'invalid-request', title, detail, context: client.context });
}

function selectorString(labels: Readonly<Record<string, string>>): string {
  return Object.entries(labels)
    .map(([key, value]) => `${key}=${value}`)
    .join(',');
}

/** A metav1.LabelSelector in the query syntax: matchLabels, then matchExpressions. */
export function labelSelectorString(selector: JsonObject, at: FieldPath): string {
  const parts = [selectorString(stringMapField(selector, 'matchLabels', at))].filter((part) => part !== '');
  arrayField(selector, 'matchExpressions', at).forEach((entry, index) => {
    const entryAt = child(child(at, 'matchExpressions'), index);
    if (!isObject(entry)) throw malformed(entryAt, 'a label selector requirement', entry);
    const key = requiredString(entry, 'key', entryAt);
    const operator = requiredString(entry, 'operator', entryAt);
    const values = arrayField(entry, 'values', entryAt).map(String).join(',');
    if (operator === 'In') parts.push(`${key} in (${values})`);
    else if (operator === 'NotIn') parts.push(`${key} notin (${values})`);
    else if (operator === 'Exists') parts.push(key);
    else if (operator === 'DoesNotExist') parts.push(`!${key}`);
    else throw malformed(child(entryAt, 'operator'), 'In, NotIn, Exists or DoesNotExist', operator);
  });
  return parts.join(',');
}
