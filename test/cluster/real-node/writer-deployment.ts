// A Deployment of numbered writers on the real node, for tests and benchmarks that roll a workload
// out or follow its logs: each pod prints `<pod name> <n>` (n from 1) every `intervalSeconds`. Tests
// create their own (never the seed `web`), in a namespace of their choice, and delete it after.
import { REAL_NODE_NAME } from '../fixtures.ts';
import type { ImageSet } from '../images/images.ts';

export interface WriterDeployment {
  readonly namespace: string;
  readonly name: string;
  readonly replicas: number;
  /** Seconds between two lines of a pod, or between two batches (busybox sleep takes fractions). */
  readonly intervalSeconds: number;
  /** Lines printed back to back before each sleep (1 unless set): fewer forks of `sleep` at high rates. */
  readonly batch?: number;
  /** Stop after this many lines (and sleep): a known total to check delivery against. */
  readonly lines?: number;
  /** Wait until this Unix time (seconds) before the first line: every pod starts together. */
  readonly startAt?: number;
}

/** The writer's shell script: `<pod> <n>` lines as the options say. */
function writerScript(writer: WriterDeployment): string {
  const batch = writer.batch ?? 1;
  const wait = writer.startAt === undefined ? '' : `while [ $(date +%s) -lt ${writer.startAt} ]; do sleep 0.2; done; `;
  const more = writer.lines === undefined ? 'true' : `[ $n -lt ${writer.lines} ]`;
  const line = 'n=$((n+1)); echo "$POD_NAME $n"';
  const body = batch === 1 ? line : `i=0; while [ $i -lt ${batch} ] && ${more}; do ${line}; i=$((i+1)); done`;
  const end = writer.lines === undefined ? '' : '; exec sleep 3600';
  return `${wait}n=0; while ${more}; do ${body}; sleep ${writer.intervalSeconds}; done${end}`;
}

/** The Deployment's pods carry `app=<name>`. New pods start before old ones stop in a rollout. */
export function writerDeploymentManifest(writer: WriterDeployment, images: ImageSet['refs']): object {
  const labels = { app: writer.name };
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: writer.name, namespace: writer.namespace, labels },
    spec: {
      replicas: writer.replicas,
      selector: { matchLabels: labels },
      strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: 1, maxUnavailable: 0 } },
      template: {
        metadata: { labels },
        spec: {
          nodeSelector: { 'kubernetes.io/hostname': REAL_NODE_NAME },
          containers: [
            {
              name: 'main',
              image: images.busybox,
              imagePullPolicy: 'Never',
              command: ['sh', '-c', writerScript(writer)],
              // The downward API names the pod to its writer.
              env: [{ name: 'POD_NAME', valueFrom: { fieldRef: { fieldPath: 'metadata.name' } } }],
            },
          ],
          automountServiceAccountToken: false,
          enableServiceLinks: false,
          terminationGracePeriodSeconds: 1,
        },
      },
    },
  };
}

/** What a rollout changes of the Deployment read back: a template annotation. */
export interface TemplateAnnotations {
  spec: { template: { metadata: { annotations?: Record<string, string> } } };
}

/** The API path of a namespace's Deployments. */
export function deploymentsPath(namespace: string): string {
  return `/apis/apps/v1/namespaces/${namespace}/deployments`;
}
