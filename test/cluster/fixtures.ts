// What the test cluster contains: users, namespaces, the nodes, RBAC, the seed pods and the web workload.
// Tests import the names from here (through the provided ClusterInfo) instead of repeating
// string literals.
import { WEB_INDEX_BODY, WEB_PORT } from './images/images.ts';

/** kwok's fake node: scale (10,000 pods) and what only a fake kubelet can do on demand. */
export const NODE_NAME = 'porthole-node';
/** The real node: kubelet + containerd + runc, carrying every pod that streams (exec, attach, logs, forwards). */
export const REAL_NODE_NAME = 'porthole-real';
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

export type SeedPod = {
  readonly namespace: string;
  readonly name: string;
  readonly containers: readonly string[];
  readonly initContainers: readonly string[];
  readonly annotations: Readonly<Record<string, string>>;
  /** Which node runs it: the real one (real containers, see real-node/seed-manifests.ts) or kwok's. */
  readonly node: 'real' | 'fake';
};

export const SEED_PODS = {
  /** The shell pod (bash and sh, busybox applets); three fixed log lines; serves PORT_FORWARD_PORTS. */
  single: { namespace: 'porthole-a', name: 'single', containers: ['main'], initContainers: [], annotations: {}, node: 'real' },
  /** Two containers and a completed init container, each logging its own lines. */
  multi: {
    namespace: 'porthole-a',
    name: 'multi',
    containers: ['app', 'sidecar'],
    initContainers: ['setup'],
    annotations: {},
    node: 'real',
  },
  /** Logs one `seq N` line every ClusterInfo.seqIntervalMs while the cluster runs. */
  seq: { namespace: 'porthole-a', name: 'seq', containers: ['counter'], initContainers: [], annotations: {}, node: 'real' },
  /** Its first container crashed once (exit 1) after logging; the second runs on: `--previous` differs from the current log. */
  restarted: { namespace: 'porthole-b', name: 'restarted', containers: ['main'], initContainers: [], annotations: {}, node: 'real' },
  /** busybox alone: sh but no bash. */
  shOnly: { namespace: 'porthole-a', name: 'sh-only', containers: ['main'], initContainers: [], annotations: {}, node: 'real' },
  /** One static program and nothing else: no shell at all. Logs `tick N` every second. */
  distroless: { namespace: 'porthole-a', name: 'distroless', containers: ['main'], initContainers: [], annotations: {}, node: 'real' },
  /** `cat` as the container's own process, with stdin open: attach writes to it and reads it back. */
  cat: { namespace: 'porthole-a', name: 'cat', containers: ['main'], initContainers: [], annotations: {}, node: 'real' },
  /** Exits every few seconds (exit 3): real restarts, a growing restart count and `--previous`. */
  crashloop: { namespace: 'porthole-b', name: 'crashloop', containers: ['main'], initContainers: [], annotations: {}, node: 'real' },
  /** On kwok's node, for the cases where kwok is the point (a kubelet that vanishes with its node). */
  fake: { namespace: 'porthole-b', name: 'fake', containers: ['main'], initContainers: [], annotations: {}, node: 'fake' },
} as const satisfies Record<string, SeedPod>;
export type SeedPodName = keyof typeof SEED_PODS;

/** A Deployment of 3 replicas of the web image (busybox httpd) on the real node, behind a Service. */
export const WEB_WORKLOAD = {
  namespace: 'porthole-a',
  name: 'web',
  replicas: 3,
  containerPort: WEB_PORT,
  servicePort: 80,
  /** What each replica serves at `/`. */
  body: WEB_INDEX_BODY,
} as const;

/**
 * Not seeded: the benchmarks create it when they need it. Its log is the file at
 * ClusterInfo.benchLogPath, empty at start, which a benchmark fills (1,000,000 lines) first. Its own
 * namespace keeps the seed namespaces' pod lists as the tests expect them.
 */
export const BENCH_LOG_POD = { namespace: 'porthole-bench', name: 'bench-log', containers: ['main'], initContainers: [], annotations: {}, node: 'fake' } as const satisfies SeedPod;

/** Fixed log lines of the seed pods (and of kwok's log files, which add the CRI prefix its log reader needs). */
export const STATIC_LOG_LINES = {
  default: ['porthole fixture log line 1', 'porthole fixture log line 2', 'porthole fixture log line 3'],
  multiApp: ['app container line 1', 'app container line 2'],
  multiSidecar: ['sidecar container line 1'],
  multiSetup: ['setup init container done'],
  restartedCurrent: ['current container line 1', 'current container line 2'],
  restartedPrevious: ['previous container line 1', 'previous container line 2', 'previous container crashed'],
} as const;

/** Ports the `single` pod answers for port-forward: 8080 echoes (busybox `nc -e cat`), 8081 is busybox httpd. */
export const PORT_FORWARD_PORTS = { echo: 8080, http: 8081 } as const;
/** What the `single` pod's httpd serves at `/` on PORT_FORWARD_PORTS.http. */
export const PORT_FORWARD_HTTP_BODY = 'porthole port-forward target\n';

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

/** A pod on kwok's fake node: its containers run nothing; kwok's stages make it Running. */
export function fakePodManifest(pod: SeedPod, labels: Record<string, string> = {}): object {
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
