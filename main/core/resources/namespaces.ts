// The namespaces of a context, for the namespace picker: listed page by page, sorted by name.
import type { NamespaceSummary } from '../../../shared/bridge/resources.ts';
import { CoreError } from '../errors/core-error.ts';
import { child, isObject, malformed, objectField, requiredString, stringField, type FieldPath } from './json-fields.ts';
import { listAll } from './paginated-list.ts';
import type { ResourceClient } from './resource-client.ts';

export function toNamespaceSummary(namespace: unknown): NamespaceSummary {
  const at: FieldPath = { what: 'namespace', path: '' };
  if (!isObject(namespace)) throw malformed(at, 'a Namespace object', namespace);
  const metadata = objectField(namespace, 'metadata', at);
  if (metadata === undefined) throw malformed(child(at, 'metadata'), 'an object', undefined);
  const name = requiredString(metadata, 'name', child(at, 'metadata'));
  const status = objectField(namespace, 'status', { what: `namespace ${name}`, path: '' }) ?? {};
  return { name, phase: stringField(status, 'phase', { what: `namespace ${name}`, path: 'status' }) || 'Unknown' };
}

/** Rejects with a CoreError: the server's refusal (403 for a user who may not list namespaces), a network failure, a malformed list. */
export async function listNamespaces(client: ResourceClient, signal: AbortSignal = new AbortController().signal): Promise<NamespaceSummary[]> {
  const resource = 'namespaces';
  try {
    const { items } = await listAll(client, { path: '/api/v1/namespaces', resource, decode: toNamespaceSummary, signal });
    return items.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  } catch (error) {
    throw error instanceof CoreError ? error : new CoreError(client.describe(error, `list ${resource}`));
  }
}
