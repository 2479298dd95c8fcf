// Deletes one pod with its own grace period, as `kubectl delete pod` does; a controller that owns
// it makes a replacement.
import type { ClusterConnection } from '../connection/cluster-connection.ts';
import { apiRequest } from '../debug/api-request.ts';

export async function deletePod(connection: ClusterConnection, namespace: string, pod: string): Promise<void> {
  await apiRequest(connection, {
    method: 'DELETE',
    path: `/api/v1/namespaces/${namespace}/pods/${pod}`,
    resource: `delete of pod ${pod} in namespace ${namespace}`,
  });
}
