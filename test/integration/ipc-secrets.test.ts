// No credential crosses the Electron IPC bridge: every message on a window's bridge port (both
// directions) and on the IPC channels that hand the port over, recorded during a session that uses
// certificate (embedded and in files), token (inline and token-file) and exec-plugin contexts of
// the real cluster, is searched for the secrets (test/security/secret-search.ts, shared with the
// web host's recording in test/e2e/secrets.test.ts).
//
// What is real: the kube-apiserver and the real node of test/cluster, the core (createCore on a kubeconfig
// built from the cluster's), the BridgeServer, main's IPC adapter (main/electron/bridge-ipc.ts),
// the preload entry (main/electron/preload.ts: the BridgeClient, linkPort, exposableBridge) and
// the page's view of it (pageBridge), all running unchanged.
// What stands in for Electron (the binary cannot run here): the `electron` module is replaced by
// test/unit/main/electron/fake-electron.ts. Its MessageChannelMain is a Node worker_threads
// MessageChannel, which structured-clones every message between two ports as Electron's does
// (MessagePortMain's shape: postMessage, start, 'message' events of {data}, 'close'); the page's
// end is that Node MessagePort, on which the preload sets `onmessage` as on a DOM MessagePort. The
// test plays Electron's process boundary: it carries the preload's ipcRenderer.send to ipcMain and
// main's webContents.postMessage (the port) back to the preload, recording both. Not covered:
// Electron's own serializer and the context-isolation copy of contextBridge (the page's values are
// the ones the preload hands over, not copies).
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { MessagePort } from 'node:worker_threads';
import { afterAll, beforeAll, describe, expect, inject, it, vi } from 'vitest';
import type { ElectronBridge, AppCommand } from '../../shared/bridge/app-commands.ts';
import type { PortholeBridge } from '../../shared/bridge/bridge.ts';
import { BridgeError } from '../../shared/bridge/bridge-error.ts';
import { pageBridge } from '../../shared/bridge/isolated-world.ts';
import { outputAmount } from '../../shared/bridge/output-amount.ts';
import type { PodWatchEvent } from '../../shared/bridge/resources.ts';
import type { SessionEvent, SessionId, SessionInfo, SessionState } from '../../shared/bridge/sessions.ts';
import { BridgeServer } from '../../main/bridge/bridge-server.ts';
import { createCore } from '../../main/core/create-core.ts';
import type { PortholeCore } from '../../main/core/core.ts';
import { BridgeIpc } from '../../main/electron/bridge-ipc.ts';
import type { ClusterInfo } from '../cluster/cluster.ts';
import { STATIC_LOG_LINES } from '../cluster/fixtures.ts';
import { clusterCaKeyPath, clusterSecrets, findLeaks, messageBytes, SEARCH_WINDOW, type Captured } from '../security/secret-search.ts';
import * as fake from '../unit/main/electron/fake-electron.ts';

vi.mock('electron', () => import('../unit/main/electron/fake-electron.ts'));

const cluster = inject('cluster');
const WAIT = { timeout: 30_000, interval: 20 };

/** The contexts this test adds to the cluster's kubeconfig, so file-backed credentials are read too. */
const EXTRA = {
  adminFiles: 'admin-cert-files',
  viewerTokenFile: 'viewer-token-file',
  /** The admin certificate with the CA's key as its client key: main reads the CA key and must fail without showing it. */
  wrongKey: 'admin-wrong-key',
} as const;

type Direction = 'page→main' | 'main→page';

interface Crossing {
  /** `port`: the window's bridge MessagePort; `ipc`: the IPC channels that hand the port over. */
  readonly via: 'port' | 'ipc';
  readonly direction: Direction;
  /** The message as it arrived on the other side (after the structured clone). */
  readonly message: unknown;
}

interface KubeconfigJson {
  clusters: Array<{ name: string; cluster: Record<string, unknown> }>;
  users: Array<{ name: string; user: Record<string, unknown> }>;
  contexts: Array<{ name: string; context: Record<string, unknown> }>;
}

/** The cluster's kubeconfig plus contexts whose credentials and CA are files rather than embedded data. */
async function writeKubeconfig(c: ClusterInfo, dir: string): Promise<string> {
  const config = JSON.parse(await readFile(c.kubeconfigPath, 'utf8')) as KubeconfigJson;
  const pkiDir = dirname(c.caPath);
  const viewerToken = config.users.find((entry) => entry.name === 'viewer')?.user['token'];
  if (typeof viewerToken !== 'string') throw new Error('the cluster kubeconfig has no inline viewer token');
  const tokenFile = join(dir, 'viewer-token');
  // As `echo TOKEN > file` writes it: the connection trims the newline, as kubectl does.
  await writeFile(tokenFile, `${viewerToken}\n`);
  const namespace = c.pods.single.namespace;
  config.clusters.push({ name: 'porthole-ca-file', cluster: { server: c.server, 'certificate-authority': c.caPath } });
  config.users.push(
    { name: 'admin-files', user: { 'client-certificate': join(pkiDir, 'admin.crt'), 'client-key': join(pkiDir, 'admin.key') } },
    { name: 'viewer-token-file', user: { 'token-file': tokenFile } },
    { name: 'admin-wrong-key', user: { 'client-certificate': join(pkiDir, 'admin.crt'), 'client-key': clusterCaKeyPath(c) } },
  );
  config.contexts.push(
    { name: EXTRA.adminFiles, context: { cluster: 'porthole-ca-file', user: 'admin-files', namespace } },
    { name: EXTRA.viewerTokenFile, context: { cluster: 'porthole', user: 'viewer-token-file', namespace } },
    { name: EXTRA.wrongKey, context: { cluster: 'porthole', user: 'admin-wrong-key', namespace } },
  );
  const path = join(dir, 'kubeconfig.json');
  await writeFile(path, JSON.stringify(config));
  return path;
}

function finished(state: SessionState): boolean {
  return !['connecting', 'live', 'resuming'].includes(state.kind);
}

function podNames(event: PodWatchEvent): string[] {
  if (event.kind === 'snapshot') return event.pods.map((pod) => pod.name);
  if (event.kind === 'upsert') return [event.pod.name];
  if (event.kind === 'batch') return event.upserts.map((pod) => pod.name);
  return [];
}

function httpGet(address: string): Promise<string> {
  const [host, port] = address.split(':');
  return new Promise((resolve, reject) => {
    const req = request({ host, port: Number(port), path: '/', agent: false }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
      response.on('error', reject);
    });
    req.on('error', reject);
    req.end();
  });
}

describe.skipIf(cluster === null)('no credential crosses the Electron IPC bridge', () => {
  const c = cluster as ClusterInfo;
  const crossings: Crossing[] = [];
  /** How many crossings the recorded session made; what follows is the planted positive control. */
  let sessionCrossings = 0;
  const events: SessionEvent[] = [];
  const commands: AppCommand[] = [];
  const cleanup: Array<() => unknown> = [];
  let dir: string;
  let core: PortholeCore;
  let ipc: BridgeIpc;
  let contents: fake.FakeWebContents;
  let exposed: ElectronBridge;
  let bridge: PortholeBridge;

  const record = (via: Crossing['via'], direction: Direction) => (message: unknown) => crossings.push({ via, direction, message });

  /** Electron's part between the two processes: the preload's IPC to main, and main's port back, each recorded. */
  function relay(): void {
    for (const { channel, args } of fake.ipcRenderer.sent.splice(0)) {
      record('ipc', 'page→main')({ channel, args });
      fake.ipcMain.emit(channel, fake.ipcEvent(contents), ...args);
    }
    for (const { channel, message, transfer } of contents.posted.splice(0)) {
      record('ipc', 'main→page')({ channel, message, ports: transfer.length });
      const pagePorts: MessagePort[] = transfer.map((port) => port.nodePort);
      fake.ipcRenderer.deliver(channel, pagePorts);
      // Beside the preload's own onmessage: everything main sends arrives here too.
      for (const port of pagePorts) {
        port.on('message', record('port', 'main→page'));
        cleanup.push(() => port.close());
      }
    }
    // Beside the adapter's own listener on main's end: everything the page sends.
    for (const channel of fake.createdChannels) channel.port1.on('message', (event: { data: unknown }) => record('port', 'page→main')(event.data));
  }

  const eventsOf = (id: SessionId) => events.filter((event) => event.id === id);
  const textOf = (id: SessionId) =>
    Buffer.concat(eventsOf(id).flatMap((event) => (event.kind === 'output' ? [Buffer.from(event.bytes)] : []))).toString('utf8');
  /** The state a session ends in: already in the open's answer (e.g. refused at once), or from its events. */
  const finalState = (info: SessionInfo) =>
    vi.waitFor(() => {
      const states = [info.state, ...eventsOf(info.id).flatMap((event) => (event.kind === 'state' ? [event.state] : []))];
      return states.find(finished) ?? expect.unreachable(`session ${info.id} has not finished: ${JSON.stringify(states)}`);
    }, WAIT);
  /** Acknowledges the session's output so far, as the renderer does once it has shown it. */
  const acknowledgeAll = (id: SessionId) => bridge.acknowledge(id, eventsOf(id).reduce((sum, event) => sum + outputAmount(event), 0));

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'porthole-ipc-secrets-'));
    core = await createCore({ kubeconfigEnv: await writeKubeconfig(c, dir), watch: false });
    const server = new BridgeServer({ core, appInfo: { name: 'Porthole', version: '0.0.0-test', host: 'electron' }, log: () => undefined });
    fake.resetFakeElectron();
    contents = new fake.FakeWebContents();
    ipc = new BridgeIpc({ server, isOurWindow: (candidate) => candidate === (contents as never), log: () => undefined });
    ipc.install();
    ipc.watch(contents as never);
    cleanup.push(() => ipc.dispose(), () => server.close());

    // The preload, as a window runs it: it asks for its port at once and exposes the bridge.
    await import('../../main/electron/preload.ts');
    exposed = fake.contextBridge.exposed.get('porthole') as ElectronBridge;
    bridge = pageBridge(exposed);
    bridge.onSessionEvent((event) => events.push(event));
    exposed.onAppCommand((command) => commands.push(command));
    relay();
  });

  afterAll(async () => {
    for (const step of cleanup.reverse()) await step();
    await core?.dispose();
    if (dir !== undefined) await rm(dir, { recursive: true, force: true });
  });

  it('records a session: contexts, pod watches, shells, logs, a port-forward and refusals', async () => {
    const pod = c.pods.single;
    const shellContexts = [c.contexts.admin, EXTRA.adminFiles, c.contexts.plugin];
    const tokenContexts = [c.contexts.viewer, EXTRA.viewerTokenFile];

    expect((await bridge.appInfo()).host).toBe('electron');
    const contexts = await bridge.listContexts();
    expect(contexts.map((context) => context.name).sort()).toEqual([...Object.values(c.contexts), ...Object.values(EXTRA)].sort());
    expect(await bridge.listNamespaces(c.contexts.plugin)).toContainEqual(expect.objectContaining({ name: pod.namespace }));

    // A pod watch in every context that can list pods: each brings the seed pod.
    const watches = [...shellContexts, ...tokenContexts].map((context) => {
      const names = new Set<string>();
      const stop = bridge.watchPods(context, pod.namespace, (event) => podNames(event).forEach((name) => names.add(name)), (error) =>
        expect.unreachable(`${context}: ${error.detail}`),
      );
      return { stop, names, context };
    });
    for (const watch of watches) {
      await vi.waitFor(() => expect(watch.names, watch.context).toContain(pod.name), WAIT);
      watch.stop();
    }

    // A shell in each certificate and exec-plugin context: typed into, its output read.
    for (const context of shellContexts) {
      const shell = await bridge.openExec({ context, namespace: pod.namespace, pod: pod.name, command: { kind: 'shell' }, tty: true, stdin: true, size: { cols: 100, rows: 30 } });
      await bridge.resize(shell.id, { cols: 120, rows: 40 });
      await bridge.write(shell.id, new TextEncoder().encode(`echo ipc-probe-${context}-$((6*7))\r`));
      await vi.waitFor(() => expect(textOf(shell.id)).toContain(`ipc-probe-${context}-42`), WAIT);
      await acknowledgeAll(shell.id);
      await bridge.close(shell.id);
    }

    // Logs in every credential context (the viewer's RBAC allows them).
    for (const context of [...shellContexts, ...tokenContexts]) {
      const logs = await bridge.openLogs({ context, namespace: pod.namespace, pod: pod.name, follow: false });
      expect((await finalState(logs)).kind, context).toBe('ended');
      const lines = eventsOf(logs.id).flatMap((event) => (event.kind === 'lines' ? event.lines.map((line) => line.text) : []));
      expect(lines, context).toEqual([...STATIC_LOG_LINES.default]);
      await acknowledgeAll(logs.id);
      await bridge.close(logs.id);
    }

    // A port-forward: its bytes stay in main (a local socket), only its address crosses.
    const forward = await bridge.openPortForward({ context: c.contexts.plugin, namespace: pod.namespace, target: { kind: 'pod', name: pod.name }, remotePort: c.portForward.httpPort });
    expect(forward.localAddress).toMatch(/^127\.0\.0\.1:\d+$/);
    expect(await httpGet(forward.localAddress!)).toBe(c.portForward.httpBody);
    expect((await bridge.listSessions()).map((session: SessionInfo) => session.id)).toContain(forward.id);
    await bridge.close(forward.id);

    // Refusals: the viewer's exec (RBAC), TLS with the wrong CA, a client key that does not match
    // its certificate (the CA's key), a malformed call and an unknown session.
    for (const context of tokenContexts) {
      const denied = await bridge.openExec({ context, namespace: pod.namespace, pod: pod.name, command: { kind: 'shell' }, tty: true, stdin: true });
      expect(await finalState(denied), context).toMatchObject({ kind: 'failed', error: { kind: 'forbidden', detail: expect.stringContaining(c.users.viewer) } });
      await bridge.close(denied.id);
    }
    for (const context of [c.contexts.badCa, EXTRA.wrongKey]) {
      const refused = await bridge.listNamespaces(context).then(
        () => expect.unreachable(`${context} must not list namespaces`),
        (error: unknown) => error,
      );
      expect(refused, context).toBeInstanceOf(BridgeError);
      expect((refused as BridgeError).userError.context, context).toBe(context);
    }
    await expect(bridge.openExec({ context: c.contexts.admin, namespace: pod.namespace, pod: '../secrets', command: { kind: 'shell' }, tty: true, stdin: true })).rejects.toMatchObject({
      userError: { kind: 'invalid-request' },
    });
    await expect(bridge.resize('exec-999999', { cols: 80, rows: 24 })).rejects.toMatchObject({ userError: { kind: 'invalid-request' } });

    // A menu command, which main sends on the same port.
    expect(ipc.sendCommand(contents as never, 'new-shell')).toBe(true);
    await vi.waitFor(() => expect(commands).toEqual(['new-shell']), WAIT);

    // Nothing is still running that could post after the mark.
    expect(await bridge.listSessions()).toEqual([]);
    sessionCrossings = crossings.length;
  });

  it('recorded every kind of message the session made, both ways, and what they carried', () => {
    const session = crossings.slice(0, sessionCrossings);
    const port = (direction: Direction) => session.filter((entry) => entry.via === 'port' && entry.direction === direction).map((entry) => entry.message as Record<string, unknown>);
    const calls = new Set(port('page→main').map((message) => `${String(message['t'])} ${String(message['method'])}`));
    for (const method of ['appInfo', 'listContexts', 'listNamespaces', 'watchPods', 'openExec', 'openLogs', 'openPortForward', 'listSessions', 'write', 'resize', 'acknowledge', 'close']) {
      expect(calls, method).toContain(`call ${method}`);
    }
    const answers = port('main→page');
    expect(new Set(answers.map((message) => message['t']))).toEqual(new Set(['hello', 'result', 'error', 'event', 'pods', 'command']));
    expect(new Set(answers.flatMap((message) => (message['t'] === 'event' ? [(message['event'] as SessionEvent).kind] : [])))).toEqual(
      // 'forward': a port-forward's pod, connections and bytes (ForwardStatus), no credential among them.
      new Set(['output', 'lines', 'state', 'forward']),
    );
    // The IPC that handed the port over: one request without arguments, one port.
    expect(session.filter((entry) => entry.via === 'ipc')).toEqual([
      { via: 'ipc', direction: 'page→main', message: { channel: 'porthole:port-request', args: [] } },
      { via: 'ipc', direction: 'main→page', message: { channel: 'porthole:port', message: null, ports: 1 } },
    ]);

    const all = Buffer.concat(session.flatMap((entry) => messageBytes(entry.message)));
    for (const context of [...Object.values(c.contexts), ...Object.values(EXTRA)]) expect(all.includes(Buffer.from(context)), context).toBe(true);
    for (const context of [c.contexts.admin, EXTRA.adminFiles, c.contexts.plugin]) expect(all.includes(Buffer.from(`ipc-probe-${context}-42`)), context).toBe(true);
    expect(all.includes(Buffer.from(STATIC_LOG_LINES.default[0]))).toBe(true);
    expect(all.includes(Buffer.from(`User "${c.users.viewer}"`))).toBe(true);
  });

  /** Every crossing as searchable bytes, and per direction the contents of all of them in order (a secret split across messages). */
  function captured(entries: readonly Crossing[], label: string): Captured[] {
    const searchable = entries.map((entry, index) => ({ where: `${label} ${entry.via} ${entry.direction} #${index}`, forms: messageBytes(entry.message) }));
    const streams = (['page→main', 'main→page'] as const).map((direction) => ({
      where: `${label} everything ${direction}`,
      bytes: Buffer.concat(searchable.filter((_, index) => entries[index]!.direction === direction).map((entry) => entry.forms[1]!)),
    }));
    return [...searchable.flatMap(({ where, forms }) => forms.map((bytes, form) => ({ where: `${where}${form === 0 ? ' (v8)' : ''}`, bytes }))), ...streams];
  }

  it('finds no key, certificate or token in any of it', async () => {
    expect(sessionCrossings).toBeGreaterThan(0);
    expect(findLeaks(await clusterSecrets(c), captured(crossings.slice(0, sessionCrossings), 'session'))).toEqual([]);
  });

  it('would have found a secret that did cross: a token and a key window sent through `cat` and back', async () => {
    const secrets = await clusterSecrets(c);
    const viewerToken = secrets.find((secret) => secret.name === 'viewer token')!.needles[0]!;
    // The key as the kubeconfig embeds it (base64 of the PEM file): one of the search's windows of it.
    const keyData = secrets.find((secret) => secret.name === 'admin client key')!.needles[0]!;
    // Not a shell: nothing typed here may end up in a shell history file on this machine.
    const pod = c.pods.single;
    const cat = await bridge.openExec({ context: c.contexts.admin, namespace: pod.namespace, pod: pod.name, command: { kind: 'argv', argv: ['cat'] }, tty: false, stdin: true });
    const planted = `${viewerToken.toString()} ${keyData.subarray(SEARCH_WINDOW, 2 * SEARCH_WINDOW).toString()}\n`;
    await bridge.write(cat.id, new TextEncoder().encode(planted));
    await vi.waitFor(() => expect(textOf(cat.id)).toBe(planted), WAIT);
    await bridge.close(cat.id);

    const leaks = findLeaks(secrets, captured(crossings.slice(sessionCrossings), 'control'));
    for (const [name, direction] of [
      ['viewer token', 'page→main'],
      ['viewer token', 'main→page'],
      ['admin client key', 'page→main'],
      ['admin client key', 'main→page'],
    ]) {
      expect(leaks, `${name} ${direction}`).toContainEqual(expect.stringMatching(new RegExp(`^${name} in control port ${direction} #\\d+$`)));
    }
  });
});
