// A test file's own pod on the real node, for tests that change what is in a pod (files, debug
// containers) and so must never touch a seed pod: one container named `main` from a locally built
// image, started with nothing extra, and waited for until it runs.
import type { ApiClient } from '../cluster/api-client.ts';
import { REAL_NODE_NAME } from '../cluster/fixtures.ts';

type Pod = { status?: { phase?: string } };

/** Creates the pod and resolves once it runs. `container` adds to (or overrides) the container's spec: command, securityContext, volumeMounts… */
export async function createOwnPod(admin: ApiClient, namespace: string, name: string, image: string, container: Record<string, unknown> = {}, spec: Record<string, unknown> = {}): Promise<void> {
  await admin.post(`/api/v1/namespaces/${namespace}/pods`, {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace },
    spec: {
      nodeName: REAL_NODE_NAME,
      automountServiceAccountToken: false,
      enableServiceLinks: false,
      terminationGracePeriodSeconds: 0,
      containers: [{ name: 'main', image, imagePullPolicy: 'Never', ...container }],
      ...spec,
    },
  });
  while ((await admin.get<Pod>(`/api/v1/namespaces/${namespace}/pods/${name}`)).status?.phase !== 'Running') {
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}
