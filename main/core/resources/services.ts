// The Services of a namespace, for the forward form: each with its ports, so the user picks one
// instead of typing it. Only Services that select pods are listed: a forward follows a Service's
// selector, and one without (endpoints kept by hand, ExternalName) is refused when started.
import type { ServicePort, ServiceSummary } from '../../../shared/bridge/resources.ts';
import { CoreError } from '../errors/core-error.ts';
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
import { listAll } from './paginated-list.ts';
import type { ResourceClient } from './resource-client.ts';

/** A Service's spec.ports; a targetPort of 0 or '' (unset, as some clients write it) means the port's own number. */
export function servicePorts(spec: JsonObject, at: FieldPath): ServicePort[] {
  return arrayField(spec, 'ports', at).map((entry, index) => {
    const portAt = child(child(at, 'ports'), index);
    if (!isObject(entry)) throw malformed(portAt, 'a service port object', entry);
    const port = integerField(entry, 'port', portAt);
    if (port === undefined) throw malformed(child(portAt, 'port'), 'a port number', undefined);
    const name = stringField(entry, 'name', portAt);
    const targetPort = entry['targetPort'];
    if (targetPort !== undefined && targetPort !== null && typeof targetPort !== 'number' && typeof targetPort !== 'string') {
      throw malformed(child(portAt, 'targetPort'), 'a port number or name', targetPort);
    }
    return {
      port,
      protocol: stringField(entry, 'protocol', portAt) ?? 'TCP',
      ...(name ? { name } : {}),
      ...(targetPort === undefined || targetPort === null || targetPort === '' || targetPort === 0 ? {} : { targetPort }),
    };
  });
}

/** The Service as the form offers it, or null for one that selects no pods. */
export function toServiceSummary(service: unknown): ServiceSummary | null {
  const at: FieldPath = { what: 'service', path: '' };
  if (!isObject(service)) throw malformed(at, 'a Service object', service);
  const metadata = objectField(service, 'metadata', at);
  if (metadata === undefined) throw malformed(child(at, 'metadata'), 'an object', undefined);
  const name = requiredString(metadata, 'name', child(at, 'metadata'));
  const named: FieldPath = { what: `service ${name}`, path: 'spec' };
  const spec = objectField(service, 'spec', { what: `service ${name}`, path: '' }) ?? {};
  if (Object.keys(stringMapField(spec, 'selector', named)).length === 0) return null;
  return { name, ports: servicePorts(spec, named) };
}

/** Rejects with a CoreError: the server's refusal (403 for a user who may not list services), a network failure, a malformed list. */
export async function listServices(client: ResourceClient, namespace: string, signal: AbortSignal = new AbortController().signal): Promise<ServiceSummary[]> {
  const resource = `services in namespace ${namespace}`;
  try {
    const { items } = await listAll(client, { path: `/api/v1/namespaces/${encodeURIComponent(namespace)}/services`, resource, decode: toServiceSummary, signal });
    return items.filter((service) => service !== null).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  } catch (error) {
    throw error instanceof CoreError ? error : new CoreError(client.describe(error, `list ${resource}`));
  }
}
