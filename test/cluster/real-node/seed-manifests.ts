// The real node's seed objects: each seed pod's containers (image and what they run), and the
// web Deployment with its Service. Names come from fixtures.ts; images from images/images.ts.
// Every pod is pinned to the real node (nodeName for pods, a nodeSelector for the Deployment's,
// which the scheduler places) and uses only images imported at start (imagePullPolicy: Never).
import {
  PORT_FORWARD_HTTP_BODY,
  PORT_FORWARD_PORTS,
  REAL_NODE_NAME,
  SEED_PODS,
  STATIC_LOG_LINES,
  WEB_WORKLOAD,
  type SeedPod,
  type SeedPodName,
} from '../fixtures.ts';
import type { ImageName, ImageSet } from '../images/images.ts';

type ImageRefs = ImageSet['refs'];

type ContainerRun = { image: ImageName; script?: string; stdin?: boolean };

/** Keeps the container's main process alive, without a shell loop, until the pod is deleted. */
const SLEEP = 'exec sleep 2147483647';
const echoLines = (lines: readonly string[]): string => lines.map((line) => `echo '${line}'`).join('; ');

/** What each real seed pod's containers run. */
export function seedContainers(seqIntervalMs: number): Record<Exclude<SeedPodName, 'fake'>, Record<string, ContainerRun>> {
  const seqSleep = (seqIntervalMs * 1000).toFixed(0);
  return {
    single: {
      main: {
        image: 'bash',
        script: [
          echoLines(STATIC_LOG_LINES.default),
          `mkdir -p /tmp/www && printf '%s' '${PORT_FORWARD_HTTP_BODY}' > /tmp/www/index.html`,
          // httpd daemonizes itself; -ll keeps nc listening, one `cat` per connection.
          `httpd -p ${PORT_FORWARD_PORTS.http} -h /tmp/www`,
          `nc -ll -p ${PORT_FORWARD_PORTS.echo} -e cat &`,
          SLEEP,
        ].join('\n'),
      },
    },
    multi: {
      setup: { image: 'busybox', script: echoLines(STATIC_LOG_LINES.multiSetup) },
      app: { image: 'busybox', script: `${echoLines(STATIC_LOG_LINES.multiApp)}; ${SLEEP}` },
      sidecar: { image: 'busybox', script: `${echoLines(STATIC_LOG_LINES.multiSidecar)}; ${SLEEP}` },
    },
    seq: { counter: { image: 'busybox', script: `i=1; while :; do echo "seq $i"; i=$((i+1)); usleep ${seqSleep}; done` } },
    restarted: {
      // The emptyDir outlives the container: the first run logs and crashes, the second stays.
      main: {
        image: 'busybox',
        script:
          `if [ -e /state/crashed ]; then ${echoLines(STATIC_LOG_LINES.restartedCurrent)}; ${SLEEP}; fi; ` +
          `touch /state/crashed; ${echoLines(STATIC_LOG_LINES.restartedPrevious)}; exit 1`,
      },
    },
    shOnly: { main: { image: 'busybox', script: SLEEP } },
    distroless: { main: { image: 'distroless' } },
    cat: { main: { image: 'busybox', script: 'exec cat', stdin: true } },
    crashloop: {
      main: {
        image: 'busybox',
        script: 'n=$(($(cat /state/runs 2>/dev/null || echo 0) + 1)); echo $n > /state/runs; echo "run $n started"; sleep 3; echo "run $n exits 3"; exit 3',
      },
    },
  };
}

function container(name: string, run: ContainerRun, images: ImageRefs): object {
  return {
    name,
    image: images[run.image],
    imagePullPolicy: 'Never',
    ...(run.script === undefined ? {} : { command: ['sh', '-c', run.script] }),
    ...(run.stdin ? { stdin: true } : {}),
    // A recognisable prompt for tests that drive an interactive shell.
    env: [{ name: 'PS1', value: 'porthole$ ' }],
    volumeMounts: [{ name: 'state', mountPath: '/state' }],
  };
}

function realPodManifest(
  pod: Pick<SeedPod, 'namespace' | 'name' | 'containers' | 'initContainers'>,
  runs: Record<string, ContainerRun>,
  images: ImageRefs,
  labels: Record<string, string> = {},
): object {
  const of = (name: string): object => container(name, runs[name] as ContainerRun, images);
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: pod.name, namespace: pod.namespace, labels: { app: pod.name, ...labels } },
    spec: {
      nodeName: REAL_NODE_NAME,
      containers: pod.containers.map(of),
      initContainers: pod.initContainers.map(of),
      volumes: [{ name: 'state', emptyDir: {} }],
      // Nothing in these pods talks to the API server.
      automountServiceAccountToken: false,
      enableServiceLinks: false,
      terminationGracePeriodSeconds: 0,
    },
  };
}

/** Every real seed pod's manifest, in SEED_PODS order. */
export function realSeedPods(images: ImageSet, seqIntervalMs: number): { pod: SeedPod; manifest: object }[] {
  const containers = seedContainers(seqIntervalMs);
  return (Object.entries(containers) as [Exclude<SeedPodName, 'fake'>, Record<string, ContainerRun>][]).map(([key, runs]) => ({
    pod: SEED_PODS[key],
    manifest: realPodManifest(SEED_PODS[key], runs, images.refs),
  }));
}

/** A pod on the real node whose one container (`main`, busybox) runs `script`: for tests that create pods. */
export function scriptPodManifest(target: { namespace: string; name: string; labels?: Record<string, string> }, script: string, images: ImageRefs): object {
  const pod = { namespace: target.namespace, name: target.name, containers: ['main'], initContainers: [] };
  return realPodManifest(pod, { main: { image: 'busybox', script } }, images, target.labels);
}

/** A pod on the real node whose one container logs `lines`, then sleeps. */
export function loggingPodManifest(
  target: { namespace: string; name: string; labels?: Record<string, string> },
  lines: readonly string[],
  images: ImageRefs,
): object {
  return scriptPodManifest(target, `${echoLines(lines)}; ${SLEEP}`, images);
}

/** A pod on the real node that echoes every connection to `port` (busybox `nc -e cat`). */
export function echoPodManifest(target: { namespace: string; name: string }, port: number, images: ImageRefs): object {
  return scriptPodManifest(target, `exec nc -ll -p ${port} -e cat`, images);
}

/**
 * The seed `web` Deployment and its Service (port 80 to the container port named 'http'); a test that
 * must delete or restart such pods makes its own with another `name` (and its replica count).
 */
export function webManifests(
  images: Pick<ImageSet, 'refs'>,
  { name, replicas }: { name: string; replicas: number } = WEB_WORKLOAD,
): { deployment: object; service: object } {
  const labels = { app: name };
  return {
    deployment: {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name, namespace: WEB_WORKLOAD.namespace, labels },
      spec: {
        replicas,
        selector: { matchLabels: labels },
        template: {
          metadata: { labels },
          spec: {
            nodeSelector: { 'kubernetes.io/hostname': REAL_NODE_NAME },
            containers: [
              {
                name: 'httpd',
                image: images.refs.web,
                imagePullPolicy: 'Never',
                ports: [{ name: 'http', containerPort: WEB_WORKLOAD.containerPort }],
                readinessProbe: { tcpSocket: { port: WEB_WORKLOAD.containerPort }, periodSeconds: 1 },
              },
            ],
            automountServiceAccountToken: false,
            enableServiceLinks: false,
            terminationGracePeriodSeconds: 0,
          },
        },
      },
    },
    service: {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name, namespace: WEB_WORKLOAD.namespace, labels },
      spec: { selector: labels, ports: [{ name: 'http', port: WEB_WORKLOAD.servicePort, targetPort: 'http' }] },
    },
  };
}
