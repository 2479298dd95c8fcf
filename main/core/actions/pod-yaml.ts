// A pod as YAML, for reading and copying (the details panel's YAML view). managedFields (the
// server-side apply bookkeeping) are usually half the text and rarely what anyone looks for, so
// they are left out unless asked for, as `kubectl get -o yaml --show-managed-fields=false` does.
import { dumpYaml } from '@kubernetes/client-node';
import type { ClusterConnection } from '../connection/cluster-connection.ts';
import { isObject } from '../resources/json-fields.ts';
import { apiRequest } from '../debug/api-request.ts';

export async function podYaml(connection: ClusterConnection, namespace: string, pod: string, managedFields: boolean): Promise<string> {
  const object = await apiRequest(connection, { method: 'GET', path: `/api/v1/namespaces/${namespace}/pods/${pod}`, resource: `pod ${pod} in namespace ${namespace}` });
  return dumpYaml(managedFields ? object : withoutManagedFields(object), { lineWidth: -1, noRefs: true });
}

export function withoutManagedFields(object: unknown): unknown {
  if (!isObject(object) || !isObject(object['metadata'])) return object;
  const { managedFields: _dropped, ...metadata } = object['metadata'];
  return { ...object, metadata };
}
