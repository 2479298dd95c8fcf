// What the test cluster contains: users, namespaces, the fake node, RBAC and the seed pods.
// Tests import the names from here (through the provided ClusterInfo) instead of repeating
// string literals.

export const NODE_NAME = 'porthole-node';
/** kwok manages only nodes carrying this annotation (--manage-nodes-with-annotation-selector). */
export const KWOK_NODE_ANNOTATION = 'kwok.x-k8s.io/node';
export const NAMESPACES = ['porthole-a', 'porthole-b'] as const;

export const USERS = {
  admin: 'porthole-admin',
  viewer: 'porthole-viewer',
  plugin: 'porthole-plugin',
} as const;

export const CONTEXTS = {
  admin: 'admin',
  viewer: 'viewer',
  plugin: 'plugin',
  badCa: 'bad-ca',
} as const;

/** A pod status whose containers show this many restarts, so `--previous` has a meaning. */
export const RESTART_COUNT_ANNOTATION = 'porthole.test/restart-count';

export type SeedPod = {
  readonly namespace: string;
  readonly name: string;
  readonly containers: readonly string[];
  readonly initContainers: readonly string[];
  readonly annotations: Readonly<Record<string, string>>;
};

export const SEED_PODS = {
  /** One container; exec runs local commands, logs are a fixed three-line file. */
  single: { namespace: 'porthole-a', name: 'single', containers: ['main'], initContainers: [], annotations: {} },
  /** Two containers and a completed init container, each with its own log file. */
  multi: {
    namespace: 'porthole-a',
    name: 'multi',
    containers: ['app', 'sidecar'],
    initContainers: ['setup'],
    annotations: {},
  },
  /** Its log grows by one `seq N` line at a steady rate while the cluster runs. */
  seq: { namespace: 'porthole-a', name: 'seq', containers: ['counter'], initContainers: [], annotations: {} },
  /** Restarted once: `--previous` returns the previous container's log. */
  restarted: {
    namespace: 'porthole-b',
    name: 'restarted',
    containers: ['main'],
    initContainers: [],
    annotations: { [RESTART_COUNT_ANNOTATION]: '1' },
  },
} as const satisfies Record<string, SeedPod>;
export type SeedPodName = keyof typeof SEED_PODS;

/**
 * Not seeded: the benchmarks create it when they need it. Its log is the file at
 * ClusterInfo.benchLogPath, empty at start, which a benchmark fills (1,000,000 lines) first. Its own
 * namespace keeps the seed namespaces' pod lists as the tests expect them.
 */
export const BENCH_LOG_POD = { namespace: 'porthole-bench', name: 'bench-log', containers: ['main'], initContainers: [], annotations: {} } as const satisfies SeedPod;

/** Lines of the fixed log files, without the CRI prefix kwok's log reader needs. */
export const STATIC_LOG_LINES = {
  default: ['porthole fixture log line 1', 'porthole fixture log line 2', 'porthole fixture log line 3'],
  multiApp: ['app container line 1', 'app container line 2'],
  multiSidecar: ['sidecar container line 1'],
  multiSetup: ['setup init container done'],
  restartedCurrent: ['current container line 1', 'current container line 2'],
  restartedPrevious: ['previous container line 1', 'previous container line 2', 'previous container crashed'],
} as const;

/** Ports a pod answers for port-forward; kwok pipes 8080 through `cat`, 8081 to a local server. */
export const PORT_FORWARD_PORTS = { echo: 8080, http: 8081 } as const;

export function namespaceManifest(name: string): object {
  return { apiVersion: 'v1', kind: 'Namespace', metadata: { name } };
}

export function serviceAccountManifest(namespace: string): object {
  return { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'default', namespace } };
}

export function nodeManifest(): object {
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: {
      name: NODE_NAME,
      annotations: { [KWOK_NODE_ANNOTATION]: 'fake', 'node.alpha.kubernetes.io/ttl': '0' },
      labels: { 'kubernetes.io/hostname': NODE_NAME, 'kubernetes.io/os': 'linux', type: 'kwok' },
    },
  };
}

export function podManifest(pod: SeedPod, labels: Record<string, string> = {}): object {
  const container = (name: string): object => ({ name, image: `porthole.test/${name}:fake` });
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: pod.name, namespace: pod.namespace, labels: { app: pod.name, ...labels }, annotations: pod.annotations },
    spec: {
      // No scheduler runs: the pod is bound to the fake node at creation.
      nodeName: NODE_NAME,
      containers: pod.containers.map(container),
      initContainers: pod.initContainers.map(container),
      // The token volume would point at nothing; nothing here reads it.
      automountServiceAccountToken: false,
      terminationGracePeriodSeconds: 0,
    },
  };
}

/** The viewer may read pods and their logs, and nothing else: exec and attach are denied. */
export function rbacManifests(): { clusterRoles: object[]; clusterRoleBindings: object[] } {
  return {
    clusterRoles: [
      {
        apiVersion: 'rbac.authorization.k8s.io/v1',
        kind: 'ClusterRole',
        metadata: { name: 'porthole-pod-viewer' },
        rules: [
          { apiGroups: [''], resources: ['pods'], verbs: ['get', 'list', 'watch'] },
          { apiGroups: [''], resources: ['pods/log'], verbs: ['get'] },
        ],
      },
    ],
    clusterRoleBindings: [
      {
        apiVersion: 'rbac.authorization.k8s.io/v1',
        kind: 'ClusterRoleBinding',
        metadata: { name: 'porthole-viewer' },
        roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'porthole-pod-viewer' },
        subjects: [{ apiGroup: 'rbac.authorization.k8s.io', kind: 'User', name: USERS.viewer }],
      },
      {
        apiVersion: 'rbac.authorization.k8s.io/v1',
        kind: 'ClusterRoleBinding',
        metadata: { name: 'porthole-plugin' },
        // cluster-admin is created by the API server itself (rbac/bootstrap-roles).
        roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'cluster-admin' },
        subjects: [{ apiGroup: 'rbac.authorization.k8s.io', kind: 'User', name: USERS.plugin }],
      },
    ],
  };
}
