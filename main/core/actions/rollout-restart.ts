// `kubectl rollout restart` of the workload a pod belongs to: a ReplicaSet's pod restarts the
// Deployment that owns the ReplicaSet; a StatefulSet's or DaemonSet's pod restarts that. Like
// kubectl (polymorphichelpers/objectrestarter.go), it patches the pod template's annotation
// kubectl.kubernetes.io/restartedAt with the current time, which makes the controller roll the
// pods out again as its strategy says.
import type { WorkloadRef } from '../../../shared/bridge/resources.ts';
import type { ClusterConnection } from '../connection/cluster-connection.ts';
import { CoreError } from '../errors/core-error.ts';
import { isObject, type JsonObject } from '../resources/json-fields.ts';
import { apiRequest } from '../debug/api-request.ts';

export const RESTARTED_AT_ANNOTATION = 'kubectl.kubernetes.io/restartedAt';

const WORKLOAD_PATHS: Readonly<Record<WorkloadRef['kind'], string>> = {
  Deployment: 'deployments',
  StatefulSet: 'statefulsets',
  DaemonSet: 'daemonsets',
};

/** The workload a restart of this pod would restart, or null (a lone pod, a Job's pod, …). */
export async function workloadOf(connection: ClusterConnection, namespace: string, pod: string): Promise<WorkloadRef | null> {
  const object = await apiRequest(connection, { method: 'GET', path: `/api/v1/namespaces/${namespace}/pods/${pod}`, resource: `pod ${pod} in namespace ${namespace}` });
  const owner = controllerOf(object);
  if (owner === undefined) return null;
  if (owner.kind === 'ReplicaSet') {
    const replicaSet = await apiRequest(connection, {
      method: 'GET',
      path: `/apis/apps/v1/namespaces/${namespace}/replicasets/${owner.name}`,
      resource: `replica set ${owner.name} in namespace ${namespace}`,
    });
    const deployment = controllerOf(replicaSet);
    return deployment?.kind === 'Deployment' ? { kind: 'Deployment', name: deployment.name } : null;
  }
  return owner.kind === 'StatefulSet' || owner.kind === 'DaemonSet' ? { kind: owner.kind, name: owner.name } : null;
}

/** Restarts the pod's workload; rejects with a CoreError naming the pod when it has none. */
export async function restartWorkload(connection: ClusterConnection, namespace: string, pod: string, now = new Date()): Promise<WorkloadRef> {
  const workload = await workloadOf(connection, namespace, pod);
  if (workload === null) {
    throw new CoreError({
      kind: 'invalid-request',
      title: 'Nothing to restart',
      context: connection.context,
      detail: `Pod ${pod} in namespace ${namespace} belongs to no Deployment, StatefulSet or DaemonSet, so there is no rollout to restart; delete the pod instead.`,
    });
  }
  const patch = { spec: { template: { metadata: { annotations: { [RESTARTED_AT_ANNOTATION]: now.toISOString() } } } } };
  await apiRequest(connection, {
    method: 'PATCH',
    path: `/apis/apps/v1/namespaces/${namespace}/${WORKLOAD_PATHS[workload.kind]}/${workload.name}`,
    resource: `rollout restart of ${workload.kind} ${workload.name} in namespace ${namespace}`,
    body: patch,
    contentType: 'application/strategic-merge-patch+json',
  });
  return workload;
}

function controllerOf(object: unknown): { kind: string; name: string } | undefined {
  const metadata = isObject(object) && isObject(object['metadata']) ? object['metadata'] : {};
  const owners = Array.isArray(metadata['ownerReferences']) ? (metadata['ownerReferences'] as unknown[]).filter(isObject) : [];
  const owner: JsonObject | undefined = owners.find((entry) => entry['controller'] === true);
  if (owner === undefined || typeof owner['kind'] !== 'string' || typeof owner['name'] !== 'string') return undefined;
  return { kind: owner['kind'], name: owner['name'] };
}
