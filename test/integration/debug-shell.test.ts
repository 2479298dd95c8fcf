// A shell for every container, on the real node and the real API server: a distroless pod has no
// shell, a debug container (ephemeral, targeting it) gives one that sees its process, a second
// debug reuses the container, a node shell runs on the node and its pod goes with the session, and
// each refusal (RBAC, Pod Security, an image that cannot be pulled) is explained. Every pod here is
// this file's own, in namespaces it creates (ephemeral containers cannot be removed from a pod).
import { mkdtempSync, rmSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { SessionEvent, SessionState } from '../../shared/bridge/sessions.ts';
import { PortholeCore } from '../../main/core/core.ts';
import { NODE_SHELL_LABEL } from '../../main/core/debug/node-shell.ts';
import { KubeconfigStore } from '../../main/core/kubeconfig/kubeconfig-store.ts';
import { createApiClient, type ApiClient } from '../cluster/api-client.ts';
import type { ClusterInfo } from '../cluster/cluster.ts';
import { adminCredentials } from '../cluster/create-pods.ts';
import { namespaceManifest, REAL_NODE_NAME, serviceAccountManifest } from '../cluster/fixtures.ts';
import { EventLog } from '../support/event-log.ts';
import { createOwnPod } from './own-pods.ts';

const cluster = inject('cluster');
// Below the test's own timeout, so a wait that fails says what the session printed.
const WAIT_MS = 45_000;
const suffix = Math.random().toString(36).slice(2, 7);
const NAMESPACE = `porthole-debug-${suffix}`;
const LOCKED_NAMESPACE = `porthole-debug-baseline-${suffix}`;

type Pod = { spec?: { ephemeralContainers?: unknown[] } };

describe.skipIf(cluster === null)('a shell for every container, on the real node', () => {
  const c = cluster as ClusterInfo;
  let admin: ApiClient;
  let core: PortholeCore;
  const stateDirectories: string[] = [];
  const cores: PortholeCore[] = [];
  const log = new EventLog({ timeoutMs: WAIT_MS });

  /** Another Porthole (its session ids start at 1 again, so its events go to a log of their own). */
  const newCore = (stateDirectory?: string, events = new EventLog({ timeoutMs: WAIT_MS })): PortholeCore => {
    const made = new PortholeCore(new KubeconfigStore({ kubeconfigEnv: c.kubeconfigPath, watch: false }), stateDirectory === undefined ? {} : { stateDirectory });
    made.onSessionEvent(events.sink);
    cores.push(made);
    return made;
  };
  const stateDirectory = (): string => {
    const directory = mkdtempSync(join(tmpdir(), 'porthole-debug-state-'));
    stateDirectories.push(directory);
    return directory;
  };
  const textOf = (id: string): string =>
    log.events
      .filter((event): event is Extract<SessionEvent, { kind: 'output' }> => event.id === id && event.kind === 'output')
      .map((event) => Buffer.from(event.bytes).toString())
      .join('');
  const untilText = async (id: string, text: string): Promise<void> => {
    await log.until((event) => event.id === id && event.kind === 'output' && textOf(id).includes(text)).catch((error: unknown) => {
      throw new Error(`"${text}" did not show; the terminal has: ${JSON.stringify(textOf(id))}`, { cause: error });
    });
  };
  const untilState = async (id: string, kinds: readonly SessionState['kind'][], events = log): Promise<SessionState> => {
    const event = await events.until((e) => e.id === id && e.kind === 'state' && kinds.includes(e.state.kind));
    return (event as Extract<SessionEvent, { kind: 'state' }>).state;
  };
  /** Waits until the session is live, failing with its error if it ends first. */
  const untilLive = async (id: string, events = log): Promise<void> => {
    expect(await untilState(id, ['live', 'failed', 'exited', 'ended', 'connection-lost', 'closed'], events)).toMatchObject({ kind: 'live' });
  };
  const failureOf = async (id: string) => {
    const state = await untilState(id, ['failed', 'exited', 'ended', 'connection-lost', 'closed']);
    expect(state.kind).toBe('failed');
    return state.kind === 'failed' ? state.error : null;
  };
  const type = (core: PortholeCore, id: string, text: string): void => core.write(id, new TextEncoder().encode(text));

  const ephemeralCount = async (pod: string): Promise<number> =>
    (await admin.get<Pod>(`/api/v1/namespaces/${NAMESPACE}/pods/${pod}`)).spec?.ephemeralContainers?.length ?? 0;
  const nodeShellPods = async (namespace: string): Promise<number> =>
    (await admin.get<{ items: unknown[] }>(`/api/v1/namespaces/${namespace}/pods?labelSelector=${encodeURIComponent(`${NODE_SHELL_LABEL}=true`)}`)).items.length;
  async function untilNoNodeShellPods(namespace: string): Promise<void> {
    const deadline = Date.now() + WAIT_MS;
    while ((await nodeShellPods(namespace)) > 0) {
      if (Date.now() > deadline) throw new Error(`node-shell pods still in ${namespace}`);
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }

  beforeAll(async () => {
    admin = createApiClient(adminCredentials(c.kubeconfigPath));
    for (const namespace of [NAMESPACE, LOCKED_NAMESPACE]) {
      const manifest = namespaceManifest(namespace) as { metadata: { labels?: Record<string, string> } };
      if (namespace === LOCKED_NAMESPACE) manifest.metadata.labels = { 'pod-security.kubernetes.io/enforce': 'baseline' };
      await admin.ensure('/api/v1/namespaces', manifest);
      await admin.ensure(`/api/v1/namespaces/${namespace}/serviceaccounts`, serviceAccountManifest(namespace));
    }
    await Promise.all([createOwnPod(admin, NAMESPACE, 'no-shell', c.images.distroless), createOwnPod(admin, NAMESPACE, 'pull-fails', c.images.distroless)]);
    core = newCore(undefined, log);
  }, 120_000);
  afterAll(async () => {
    for (const made of cores) await made.dispose();
    for (const namespace of [NAMESPACE, LOCKED_NAMESPACE]) await admin?.raw('DELETE', `/api/v1/namespaces/${namespace}`);
    admin?.close();
    for (const directory of stateDirectories) rmSync(directory, { recursive: true, force: true });
  });

  const target = { context: c.contexts.admin, namespace: NAMESPACE, pod: 'no-shell', container: 'main' };

  it('a distroless container has no shell: the exec fails, naming the shells tried', async () => {
    const info = await core.openExec({ ...target, command: { kind: 'shell', nodeOs: 'linux' }, tty: true, stdin: true });
    const error = await failureOf(info.id);
    expect(error).toMatchObject({ kind: 'not-found', title: 'No shell in the container' });
    core.close(info.id);
  });

  it('the debug action opens a shell in a debug container that sees the target’s process', async () => {
    const info = await core.openDebugShell({ ...target, image: c.images.busybox, size: { cols: 120, rows: 30 } });
    expect(info).toMatchObject({ kind: 'exec', state: { kind: 'connecting' } });
    await untilText(info.id, 'Adding debug container porthole-debug-');
    await untilLive(info.id);
    // PID 1 of the target's PID namespace, which the debug container joined, is the target's program.
    type(core, info.id, 'echo "pid1=$(tr -d \'\\0\' < /proc/1/cmdline)"\r');
    await untilText(info.id, 'pid1=/tick');
    expect(await ephemeralCount('no-shell')).toBe(1);
    type(core, info.id, 'exit\r');
    expect(await untilState(info.id, ['exited', 'failed'])).toEqual({ kind: 'exited', exitCode: 0 });
    core.close(info.id);
  });

  it('a second debug reuses the running debug container instead of adding one', async () => {
    const info = await core.openDebugShell({ ...target, image: c.images.busybox });
    await untilText(info.id, 'Reusing debug container porthole-debug-');
    await untilLive(info.id);
    type(core, info.id, 'echo reused-$((6 * 7))\r');
    await untilText(info.id, 'reused-42');
    expect(await ephemeralCount('no-shell')).toBe(1);
    core.close(info.id);
  });

  it('RBAC without patch pods/ephemeralcontainers is explained: verb, resource, user and context', async () => {
    // Another image than the running debug container's: the viewer must ask for a new one.
    const info = await core.openDebugShell({ ...target, context: c.contexts.viewer, image: c.images.bash });
    const error = await failureOf(info.id);
    expect(error).toMatchObject({ kind: 'forbidden', title: 'Not allowed to patch pods/ephemeralcontainers', httpStatus: 403 });
    expect(error?.detail).toContain(`of context "${c.contexts.viewer}" patch pods/ephemeralcontainers in namespace ${NAMESPACE}`);
    expect(error?.detail).toContain(`User "${c.users.viewer}" cannot patch resource "pods/ephemeralcontainers"`);
    core.close(info.id);
  });

  it('an image the node cannot pull stops the wait with the kubelet’s words', async () => {
    const image = `porthole.invalid/no-such-image:${suffix}`;
    const info = await core.openDebugShell({ context: c.contexts.admin, namespace: NAMESPACE, pod: 'pull-fails', container: 'main', image });
    const error = await failureOf(info.id);
    expect(error?.title).toBe(`Image ${image} cannot be pulled`);
    expect(error?.detail).toMatch(/The kubelet reports (ErrImagePull|ImagePullBackOff)/);
    expect(error?.detail).toContain(image);
    core.close(info.id);
  });

  it('a node shell runs on the node (its hostname) and its pod is gone after close', async () => {
    const info = await core.openNodeShell({ context: c.contexts.admin, namespace: NAMESPACE, node: REAL_NODE_NAME, image: c.images.busybox });
    await untilText(info.id, `Creating a privileged pod on node ${REAL_NODE_NAME}`);
    await untilLive(info.id);
    expect(await nodeShellPods(NAMESPACE)).toBe(1);
    type(core, info.id, 'echo "host=$(hostname)"\r');
    await untilText(info.id, `host=${hostname()}`);
    core.close(info.id);
    await untilNoNodeShellPods(NAMESPACE);
  });

  it('Pod Security admission refusing a privileged pod is explained in its words', async () => {
    const info = await core.openNodeShell({ context: c.contexts.admin, namespace: LOCKED_NAMESPACE, node: REAL_NODE_NAME, image: c.images.busybox });
    const error = await failureOf(info.id);
    expect(error).toMatchObject({ kind: 'forbidden', title: 'Refused by Pod Security admission' });
    expect(error?.detail).toContain(`Namespace ${LOCKED_NAMESPACE} enforces a Pod Security level`);
    expect(error?.detail).toContain('violates PodSecurity "baseline:latest"');
    core.close(info.id);
  });

  it('RBAC without create pods is explained for the node shell', async () => {
    const info = await core.openNodeShell({ context: c.contexts.viewer, namespace: NAMESPACE, node: REAL_NODE_NAME, image: c.images.busybox });
    const error = await failureOf(info.id);
    expect(error).toMatchObject({ kind: 'forbidden', title: 'Not allowed to create pods' });
    core.close(info.id);
  });

  it('on start, deletes the node-shell pods this Porthole left behind, and only those', async () => {
    const mine = stateDirectory();
    const crashedLog = new EventLog({ timeoutMs: WAIT_MS });
    const crashed = newCore(mine, crashedLog);
    const info = await crashed.openNodeShell({ context: c.contexts.admin, namespace: NAMESPACE, node: REAL_NODE_NAME, image: c.images.busybox });
    await untilLive(info.id, crashedLog);
    // The app "crashed": its pod stays. Another Porthole (its own state directory) leaves it alone.
    expect(await newCore(stateDirectory()).deleteLeftoverNodeShells()).toBe(0);
    expect(await nodeShellPods(NAMESPACE)).toBe(1);
    // The same Porthole starting again deletes it.
    const restarted = newCore(mine);
    expect(await restarted.deleteLeftoverNodeShells()).toBe(1);
    await untilNoNodeShellPods(NAMESPACE);
    expect(await newCore(mine).deleteLeftoverNodeShells()).toBe(0);
  });
});
