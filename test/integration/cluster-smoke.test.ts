// Proves the test cluster is a real Kubernetes API server, using clients nobody here wrote:
// the machine's kubectl, @kubernetes/client-node and a bare `ws` WebSocket.
import { ApiException, Attach, AuthenticationV1Api, CoreV1Api, Exec, KubeConfig, type V1Status } from '@kubernetes/client-node';
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { connect } from 'node:net';
import { PassThrough } from 'node:stream';
import { describe, expect, inject, it } from 'vitest';
import WebSocket from 'ws';
import type { ClusterInfo } from '../cluster/cluster.ts';
import { kubectl } from '../cluster/kubectl.ts';

const cluster = inject('cluster');

function kubeConfig(context: string): KubeConfig {
  if (cluster === null) throw new Error('no cluster');
  const config = new KubeConfig();
  config.loadFromFile(cluster.kubeconfigPath);
  config.setCurrentContext(context);
  return config;
}

type NodeObject = {
  metadata: { name: string };
  status: {
    conditions: { type: string; status: string }[];
    addresses: { type: string; address: string }[];
    nodeInfo: { containerRuntimeVersion: string; kubeletVersion: string };
  };
};

type ExecOutcome = { stdout: string; stderr: string; status: V1Status };

/** Runs a non-tty command with @kubernetes/client-node's Exec; settles when the status arrives and the socket closes. */
async function clientNodeExec(context: string, namespace: string, pod: string, container: string, command: string[]): Promise<ExecOutcome> {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  const out: Buffer[] = [];
  const err: Buffer[] = [];
  stdout.on('data', (chunk: Buffer) => out.push(chunk));
  stderr.on('data', (chunk: Buffer) => err.push(chunk));
  let resolveStatus: (status: V1Status) => void = () => {};
  const status = new Promise<V1Status>((resolve) => (resolveStatus = resolve));
  const socket = await new Exec(kubeConfig(context)).exec(namespace, pod, container, command, stdout, stderr, null, false, resolveStatus);
  await new Promise<void>((resolve) => {
    if (socket.readyState === WebSocket.CLOSED) resolve();
    else socket.once('close', () => resolve());
  });
  return { stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(err).toString('utf8'), status: await status };
}

describe.skipIf(cluster === null)('the test cluster', () => {
  // Only read inside tests, which do not run when the tier is skipped (cluster === null).
  const c = cluster as ClusterInfo;

  describe('through kubectl', () => {
    it('lists every seed pod, Running on its node', async () => {
      const columns = 'custom-columns=NS:.metadata.namespace,NAME:.metadata.name,NODE:.spec.nodeName,PHASE:.status.phase';
      const result = await kubectl(c.kubeconfigPath, ['get', 'pods', '--all-namespaces', '--no-headers', '-o', columns]);
      expect(result.stderr).toBe('');
      const seen = result.stdout.trimEnd().split('\n').map((line) => {
        const [namespace, name, node, phase] = line.trim().split(/\s+/);
        return `${namespace}/${name} ${node} ${phase}`;
      });
      for (const pod of Object.values(c.pods)) {
        expect(seen).toContain(`${pod.namespace}/${pod.name} ${pod.node === 'real' ? c.realNode.name : c.node} Running`);
      }
      const web = seen.filter((line) => line.startsWith(`${c.web.namespace}/${c.web.name}-`));
      expect(web).toEqual(Array.from({ length: c.web.replicas }, () => expect.stringMatching(` ${c.realNode.name} Running$`)));
    });

    it('shows the real node Ready beside kwok\'s, at the address of the bridge the cluster made', async () => {
      const result = await kubectl(c.kubeconfigPath, ['get', 'nodes', '-o', 'json']);
      const nodes = (JSON.parse(result.stdout) as { items: NodeObject[] }).items;
      const summary = nodes.map((node) => ({
        name: node.metadata.name,
        ready: node.status.conditions.find((condition) => condition.type === 'Ready')?.status,
        internalIp: node.status.addresses.find((address) => address.type === 'InternalIP')?.address,
      }));
      expect(summary).toEqual(
        expect.arrayContaining([
          { name: c.node, ready: 'True', internalIp: '127.0.0.1' },
          { name: c.realNode.name, ready: 'True', internalIp: c.realNode.ip },
        ]),
      );
      const real = nodes.find((node) => node.metadata.name === c.realNode.name);
      expect(real?.status.nodeInfo.containerRuntimeVersion).toMatch(/^containerd:\/\/2\./);
      expect(real?.status.nodeInfo.kubeletVersion).toBe(c.versions.kubernetes);
    });

    it('shows the init container completed and the restarted pod with one restart', async () => {
      const multi = await kubectl(c.kubeconfigPath, ['get', 'pod', '-n', c.pods.multi.namespace, c.pods.multi.name, '-o', 'json']);
      const multiStatus = JSON.parse(multi.stdout) as { status: { initContainerStatuses: { name: string; state: { terminated?: { reason: string } } }[] } };
      expect(multiStatus.status.initContainerStatuses.map((s) => [s.name, s.state.terminated?.reason])).toEqual([['setup', 'Completed']]);
      const restarted = await kubectl(c.kubeconfigPath, ['get', 'pod', '-n', c.pods.restarted.namespace, c.pods.restarted.name, '-o', 'json']);
      const restartedStatus = JSON.parse(restarted.stdout) as { status: { containerStatuses: { restartCount: number }[] } };
      expect(restartedStatus.status.containerStatuses.map((s) => s.restartCount)).toEqual([1]);
    });

    it('execs `echo hello` in the real container', async () => {
      const result = await kubectl(c.kubeconfigPath, ['exec', '-n', c.pods.single.namespace, c.pods.single.name, '--', 'echo', 'hello']);
      expect(result).toEqual({ code: 0, stdout: 'hello\n', stderr: '' });
    });

    it("returns the exit code of `sh -c 'exit 3'`, and the container's own hostname", async () => {
      const exit = await kubectl(c.kubeconfigPath, ['exec', '-n', c.pods.single.namespace, c.pods.single.name, '--', 'sh', '-c', 'exit 3']);
      expect(exit.code).toBe(3);
      expect(exit.stderr).toContain('command terminated with exit code 3');
      const hostname = await kubectl(c.kubeconfigPath, ['exec', '-n', c.pods.single.namespace, c.pods.single.name, '--', 'hostname']);
      expect(hostname).toEqual({ code: 0, stdout: `${c.pods.single.name}\n`, stderr: '' });
    });

    it('ends a non-tty exec at stdin EOF: `wc -c` counts what was piped in', async () => {
      const input = 'x'.repeat(100_000);
      const result = await kubectl(c.kubeconfigPath, ['exec', '-i', '-n', c.pods.single.namespace, c.pods.single.name, '--', 'wc', '-c'], { input });
      expect(result).toEqual({ code: 0, stdout: expect.stringMatching(/^\s*100000\n$/), stderr: '' });
    });

    it('reads logs, per container, and the previous container', async () => {
      const single = await kubectl(c.kubeconfigPath, ['logs', '-n', c.pods.single.namespace, c.pods.single.name]);
      expect(single.stdout).toBe('porthole fixture log line 1\nporthole fixture log line 2\nporthole fixture log line 3\n');
      const sidecar = await kubectl(c.kubeconfigPath, ['logs', '-n', c.pods.multi.namespace, c.pods.multi.name, '-c', 'sidecar']);
      expect(sidecar.stdout).toBe('sidecar container line 1\n');
      const previous = await kubectl(c.kubeconfigPath, ['logs', '-n', c.pods.restarted.namespace, c.pods.restarted.name, '--previous']);
      expect(previous.stdout).toBe('previous container line 1\nprevious container line 2\nprevious container crashed\n');
      const current = await kubectl(c.kubeconfigPath, ['logs', '-n', c.pods.restarted.namespace, c.pods.restarted.name]);
      expect(current.stdout).toBe('current container line 1\ncurrent container line 2\n');
    });

    it('serves the seq pod log as a gapless, growing sequence', async () => {
      const read = async (): Promise<number[]> => {
        const result = await kubectl(c.kubeconfigPath, ['logs', '-n', c.pods.seq.namespace, c.pods.seq.name]);
        return result.stdout.split('\n').filter((line) => line !== '').map((line) => Number(/^seq (\d+)$/.exec(line)?.[1]));
      };
      const first = await read();
      expect(first).toEqual(first.map((_, i) => i + 1));
      let later = await read();
      while (later.length <= first.length) later = await read();
      expect(later).toEqual(later.map((_, i) => i + 1));
    });

    it('tails the seq log with nanosecond timestamps, and follows it', async () => {
      const tail = await kubectl(c.kubeconfigPath, ['logs', '-n', c.pods.seq.namespace, c.pods.seq.name, '--timestamps', '--tail=2']);
      const stamped = tail.stdout.trimEnd().split('\n').map((line) => /^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{9}Z) seq (\d+)$/.exec(line));
      expect(stamped).toHaveLength(2);
      const [first, second] = stamped.map((match) => ({ time: match?.[1] ?? '', seq: Number(match?.[2]) })) as [
        { time: string; seq: number },
        { time: string; seq: number },
      ];
      expect(second.seq).toBe(first.seq + 1);
      expect(second.time > first.time).toBe(true);

      const follow = spawn('kubectl', ['--kubeconfig', c.kubeconfigPath, 'logs', '-f', '--tail=1', '-n', c.pods.seq.namespace, c.pods.seq.name]);
      try {
        const followed = await new Promise<number[]>((resolve, reject) => {
          let text = '';
          follow.stdout.on('data', (chunk: Buffer) => {
            text += chunk.toString('utf8');
            const numbers = [...text.matchAll(/^seq (\d+)$/gm)].map((match) => Number(match[1]));
            if (numbers.length >= 3) resolve(numbers.slice(0, 3));
          });
          follow.once('exit', (code) => reject(new Error(`kubectl logs -f exited with ${code}`)));
        });
        expect(followed).toEqual([followed[0], (followed[0] ?? 0) + 1, (followed[0] ?? 0) + 2]);
      } finally {
        follow.kill();
      }
    });

    it('port-forwards to the echo command and the local HTTP target', async () => {
      const child = spawn('kubectl', [
        '--kubeconfig', c.kubeconfigPath, 'port-forward', '-n', c.pods.single.namespace, `pod/${c.pods.single.name}`,
        `:${c.portForward.echoPort}`, `:${c.portForward.httpPort}`,
      ]);
      try {
        const localPorts = await new Promise<number[]>((resolve, reject) => {
          let text = '';
          child.stdout.on('data', (chunk: Buffer) => {
            text += chunk.toString('utf8');
            const found = [...text.matchAll(/Forwarding from 127\.0\.0\.1:(\d+) -> (\d+)/g)].map((m) => [Number(m[1]), Number(m[2])]);
            if (found.length === 2) {
              resolve([c.portForward.echoPort, c.portForward.httpPort].map((p) => found.find(([, remote]) => remote === p)?.[0] ?? 0));
            }
          });
          child.once('exit', (code) => reject(new Error(`kubectl port-forward exited with ${code}`)));
        });
        const [echoLocal, httpLocal] = localPorts as [number, number];
        const response = await fetch(`http://127.0.0.1:${httpLocal}/`);
        expect(await response.text()).toBe(c.portForward.httpBody);
        const echoed = await new Promise<string>((resolve, reject) => {
          const socket = connect(echoLocal, '127.0.0.1', () => socket.write('ping\n'));
          socket.on('data', (chunk) => {
            socket.destroy();
            resolve(chunk.toString('utf8'));
          });
          socket.on('error', reject);
        });
        expect(echoed).toBe('ping\n');
      } finally {
        child.kill();
      }
    });
  });

  describe('through @kubernetes/client-node', () => {
    it('lists pods', async () => {
      const api = kubeConfig(c.contexts.admin).makeApiClient(CoreV1Api);
      const list = await api.listNamespacedPod({ namespace: c.pods.single.namespace });
      const seeds = Object.values(c.pods).filter((pod) => pod.namespace === c.pods.single.namespace).map((pod) => pod.name);
      const names = list.items.map((p) => p.metadata?.name ?? '');
      expect(names.filter((name) => !name.startsWith(`${c.web.name}-`)).sort()).toEqual(seeds.sort());
      expect(names.filter((name) => name.startsWith(`${c.web.name}-`))).toHaveLength(c.web.replicas);
    });

    it('execs `echo hello` with Exec and gets a Success status', async () => {
      const outcome = await clientNodeExec(c.contexts.admin, c.pods.single.namespace, c.pods.single.name, 'main', ['echo', 'hello']);
      expect(outcome.stdout).toBe('hello\n');
      expect(outcome.stderr).toBe('');
      expect(outcome.status.status).toBe('Success');
    });

    it('execs in the chosen container of a multi-container pod', async () => {
      const outcome = await clientNodeExec(c.contexts.admin, c.pods.multi.namespace, c.pods.multi.name, 'sidecar', ['sh', '-c', 'echo out; echo err >&2']);
      expect([outcome.stdout, outcome.stderr, outcome.status.status]).toEqual(['out\n', 'err\n', 'Success']);
    });

    it('attaches to the seq pod and receives lines the generator writes from then on', async () => {
      const stdout = new PassThrough();
      let text = '';
      const seqLine = new Promise<string>((resolve) => {
        stdout.on('data', (chunk: Buffer) => {
          text += chunk.toString('utf8');
          const line = /seq \d+\n/.exec(text);
          if (line !== null) resolve(line[0]);
        });
      });
      const socket = await new Attach(kubeConfig(c.contexts.admin)).attach(c.pods.seq.namespace, c.pods.seq.name, 'counter', stdout, null, null, false);
      try {
        expect(await seqLine).toMatch(/^seq \d+\n$/);
      } finally {
        socket.close();
      }
    });

    it('reads a log', async () => {
      const api = kubeConfig(c.contexts.admin).makeApiClient(CoreV1Api);
      const log = await api.readNamespacedPodLog({ name: c.pods.multi.name, namespace: c.pods.multi.namespace, container: 'app' });
      expect(log).toBe('app container line 1\napp container line 2\n');
    });

    it("gets the API server's 400 Status when a multi-container pod's log names no container", async () => {
      const api = kubeConfig(c.contexts.admin).makeApiClient(CoreV1Api);
      const failure: unknown = await api.readNamespacedPodLog({ name: c.pods.multi.name, namespace: c.pods.multi.namespace }).then(
        () => undefined,
        (error: unknown) => error,
      );
      expect(failure).toBeInstanceOf(ApiException);
      const status = JSON.parse(String((failure as ApiException<unknown>).body)) as { code: number; message: string };
      expect(status).toEqual(
        expect.objectContaining({ code: 400, message: 'a container name must be specified for pod multi, choose one of: [setup app sidecar]' }),
      );
    });

    it('authenticates the plugin context through the exec credential plugin', async () => {
      const review = await kubeConfig(c.contexts.plugin)
        .makeApiClient(AuthenticationV1Api)
        .createSelfSubjectReview({ body: { apiVersion: 'authentication.k8s.io/v1', kind: 'SelfSubjectReview' } });
      expect(review.status?.userInfo?.username).toBe(c.users.plugin);
    });

    it('fails the bad-ca context in the TLS handshake', async () => {
      const api = kubeConfig(c.contexts.badCa).makeApiClient(CoreV1Api);
      const failure = await api.listNamespacedPod({ namespace: c.pods.single.namespace }).then(
        () => undefined,
        (error: unknown) => error,
      );
      // fetch wraps the TLS error: the server's certificate was signed by a CA the context does not trust.
      const causes: unknown[] = [];
      for (let cause: unknown = failure; cause instanceof Error; cause = cause.cause) causes.push(cause);
      expect(causes.map((cause) => (cause as NodeJS.ErrnoException).code)).toContain('UNABLE_TO_VERIFY_LEAF_SIGNATURE');
    });
  });

  describe('authorization and TLS, as kubectl sees them', () => {
    it('lets the viewer read pods and logs', async () => {
      const list = await kubectl(c.kubeconfigPath, ['--context', c.contexts.viewer, 'get', 'pods', '-n', c.pods.single.namespace, '-o', 'name']);
      expect(list.stdout).toContain(`pod/${c.pods.single.name}`);
      const log = await kubectl(c.kubeconfigPath, ['--context', c.contexts.viewer, 'logs', '-n', c.pods.single.namespace, c.pods.single.name]);
      expect(log.code).toBe(0);
    });

    it('denies the viewer exec with a 403 naming the user and pods/exec', async () => {
      const result = await kubectl(c.kubeconfigPath, ['--context', c.contexts.viewer, 'exec', '-n', c.pods.single.namespace, c.pods.single.name, '--', 'echo', 'hi']);
      expect(result.code).not.toBe(0);
      expect(result.stderr).toContain(
        `Error from server (Forbidden): pods "${c.pods.single.name}" is forbidden: User "${c.users.viewer}" cannot create resource "pods/exec" in API group "" in the namespace "${c.pods.single.namespace}"`,
      );
    });

    it('answers a viewer WebSocket exec handshake with 403 and a Status body', async () => {
      const viewer = kubeConfig(c.contexts.viewer).getCurrentUser();
      const url = new URL(`${c.server.replace('https', 'wss')}/api/v1/namespaces/${c.pods.single.namespace}/pods/${c.pods.single.name}/exec`);
      url.searchParams.append('command', 'echo');
      url.searchParams.append('stdout', '1');
      const { statusCode, body } = await new Promise<{ statusCode: number; body: string }>((resolve, reject) => {
        const socket = new WebSocket(url, ['v5.channel.k8s.io', 'v4.channel.k8s.io'], {
          ca: readFileSync(c.caPath),
          headers: { authorization: `Bearer ${viewer?.token ?? ''}` },
        });
        socket.on('unexpected-response', (_request, response) => {
          const chunks: Buffer[] = [];
          response.on('data', (chunk: Buffer) => chunks.push(chunk));
          response.on('end', () => resolve({ statusCode: response.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
        });
        socket.on('open', () => reject(new Error('the viewer was allowed to exec')));
        socket.on('error', () => {}); // 'unexpected-response' reports it
      });
      expect(statusCode).toBe(403);
      const status = JSON.parse(body) as { kind: string; code: number; reason: string; message: string };
      expect(status).toMatchObject({ kind: 'Status', code: 403, reason: 'Forbidden' });
      expect(status.message).toContain(`User "${c.users.viewer}"`);
      expect(status.message).toContain('"pods/exec"');
    });

    it('fails the bad-ca context with an x509 error', async () => {
      const result = await kubectl(c.kubeconfigPath, ['--context', c.contexts.badCa, 'get', 'pods']);
      expect(result.code).not.toBe(0);
      expect(result.stderr).toContain('x509: certificate signed by unknown authority');
    });

    it('authenticates the plugin context as the plugin user', async () => {
      const result = await kubectl(c.kubeconfigPath, ['--context', c.contexts.plugin, 'auth', 'whoami', '-o', 'jsonpath={.status.userInfo.username}']);
      expect(result).toEqual({ code: 0, stdout: c.users.plugin, stderr: '' });
    });
  });
});
