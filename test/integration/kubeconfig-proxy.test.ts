// Kubeconfigs as kubectl reads them, on the real cluster: a context whose server is a REAL
// `kubectl proxy` (plain http://127.0.0.1, started here with the machine's kubectl and the admin
// context) works for logs and port-forward, while exec, which kubectl proxy rejects by default
// (--reject-paths), is refused with the explanation of an intermediary; and a kubeconfig edited
// while the core runs reaches a contexts watch, a half-saved file keeping the last good contexts;
// when a context's credentials change, its running session keeps going while a new one uses them.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { load } from 'js-yaml';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { ContextsEvent } from '../../shared/bridge/contexts.ts';
import type { SessionEvent, SessionId, SessionState } from '../../shared/bridge/sessions.ts';
import type { PortholeCore } from '../../main/core/core.ts';
import { createCore } from '../../main/core/create-core.ts';
import type { ClusterInfo } from '../cluster/cluster.ts';
import { PORT_FORWARD_HTTP_BODY, PORT_FORWARD_PORTS, STATIC_LOG_LINES } from '../cluster/fixtures.ts';
import { Recorder } from '../unit/main/core/resources/scripted-client.ts';

const cluster = inject('cluster');

/** Starts `kubectl proxy --port=0` and resolves with its address once it says where it serves. */
function startKubectlProxy(c: ClusterInfo): Promise<{ process: ChildProcess; url: string }> {
  const child = spawn('kubectl', ['--kubeconfig', c.kubeconfigPath, '--context', c.contexts.admin, 'proxy', '--port=0'], { stdio: ['ignore', 'pipe', 'pipe'] });
  return new Promise((resolve, reject) => {
    let said = '';
    const onData = (chunk: Buffer): void => {
      said += chunk.toString();
      const match = /Starting to serve on (127\.0\.0\.1:\d+)/.exec(said);
      if (match) resolve({ process: child, url: `http://${match[1]}` });
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.on('exit', (code) => reject(new Error(`kubectl proxy exited (${code}) before serving: ${said}`)));
  });
}

function kubeconfigFor(server: string): string {
  return JSON.stringify({
    apiVersion: 'v1',
    kind: 'Config',
    'current-context': 'via-proxy',
    clusters: [{ name: 'proxy', cluster: { server } }],
    contexts: [{ name: 'via-proxy', context: { cluster: 'proxy', namespace: 'porthole-a' } }],
  });
}

function httpGet(address: string): Promise<string> {
  return new Promise((resolve, reject) => {
    request(`http://${address}/`, (response) => {
      let body = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => (body += chunk));
      response.on('end', () => resolve(body));
    })
      .on('error', reject)
      .end();
  });
}

describe.skipIf(cluster === null)('a kubeconfig pointing at a real kubectl proxy', () => {
  const c = cluster as ClusterInfo;
  let proxy: ChildProcess;
  let directory: string;
  let core: PortholeCore;
  const events = new Recorder<SessionEvent>();

  beforeAll(async () => {
    const started = await startKubectlProxy(c);
    proxy = started.process;
    directory = mkdtempSync(join(tmpdir(), 'porthole-proxy-'));
    const file = join(directory, 'config');
    writeFileSync(file, kubeconfigFor(started.url));
    core = await createCore({ kubeconfigEnv: file, watch: false });
    core.onSessionEvent(events.push);
  });
  afterAll(async () => {
    await core?.dispose();
    proxy?.kill();
    rmSync(directory, { recursive: true, force: true });
  });

  const endOf = (id: SessionId): Promise<SessionEvent> =>
    events.until((event) => event.id === id && event.kind === 'state' && ['ended', 'exited', 'failed'].includes(event.state.kind));

  it('is used as kubectl uses it (plain http://, no insecure-skip-tls-verify), with no warning: 127.0.0.1 is this machine', async () => {
    const [context] = await core.listContexts();
    expect(context).toMatchObject({ name: 'via-proxy', server: expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+$/) as unknown });
    expect(context?.problem).toBeUndefined();
    expect(context?.warning).toBeUndefined();
  });

  it('reads logs through it', async () => {
    const { id } = await core.openLogs({ context: 'via-proxy', namespace: 'porthole-a', pod: 'single', follow: false });
    await endOf(id);
    const text = events.all.flatMap((event) => (event.id === id && event.kind === 'lines' ? event.lines.map((line) => line.text) : []));
    expect(text).toEqual(expect.arrayContaining([...STATIC_LOG_LINES.default]));
    core.close(id);
  });

  it('forwards a port through it: kubectl proxy passes the portforward upgrade (its default --reject-paths names exec and attach only)', async () => {
    const info = await core.openPortForward({ context: 'via-proxy', namespace: 'porthole-a', target: { kind: 'pod', name: 'single' }, remotePort: PORT_FORWARD_PORTS.http });
    try {
      expect(info.localAddress).toBeDefined();
      expect(await httpGet(info.localAddress ?? '')).toBe(PORT_FORWARD_HTTP_BODY);
    } finally {
      core.close(info.id);
    }
  });

  it('refuses exec with the explanation: something between Porthole and the API server, its words, and --reject-paths', async () => {
    const opening = core.openExec({ context: 'via-proxy', namespace: 'porthole-a', pod: 'single', command: { kind: 'argv', argv: ['true'] }, tty: false, stdin: false });
    const failure = await opening.then(
      async ({ id }) => {
        const end = await endOf(id);
        return end.kind === 'state' && end.state.kind === 'failed' ? end.state.error : null;
      },
      (error: unknown) => (error as { userError?: unknown }).userError ?? null,
    );
    expect(failure).toMatchObject({ kind: 'forbidden', title: 'Refused before the API server', httpStatus: 403 });
    const detail = (failure as { detail: string }).detail;
    expect(detail).toContain('Something between Porthole and the API server refused');
    expect(detail).toContain('"Forbidden"');
    expect(detail).toContain("--reject-paths='^$'");
  });
});

describe.skipIf(cluster === null)('a kubeconfig edited while the core runs', () => {
  const c = cluster as ClusterInfo;
  let directory: string;
  let core: PortholeCore;

  beforeAll(() => {
    directory = mkdtempSync(join(tmpdir(), 'porthole-edit-'));
  });
  afterAll(async () => {
    await core?.dispose();
    rmSync(directory, { recursive: true, force: true });
  });

  it('tells a contexts watch of a context added, keeps the last good contexts through a half-saved file, and the new context works', async () => {
    const file = join(directory, 'config');
    const admin = load(readFileSync(c.kubeconfigPath, 'utf8')) as {
      clusters: unknown[];
      users: unknown[];
      contexts: { name: string; context: object }[];
    };
    const withContexts = (names: string[]): string =>
      JSON.stringify({
        ...admin,
        'current-context': names[0],
        contexts: names.map((name) => ({ name, context: admin.contexts.find((entry) => entry.name === c.contexts.admin)?.context })),
      });
    writeFileSync(file, withContexts(['first']));
    core = await createCore({ kubeconfigEnv: file, debounceMs: 50 });
    const seen = new Recorder<ContextsEvent>();
    const stop = core.watchContexts(seen.push);
    expect(seen.all[0]).toMatchObject({ contexts: [{ name: 'first' }], problems: [] });

    writeFileSync(file, withContexts(['first', 'added']));
    const added = await seen.until((event) => event.contexts.some((context) => context.name === 'added'));
    expect(added.contexts.map((context) => context.name)).toEqual(['first', 'added']);
    expect(await core.listNamespaces('added')).toEqual(expect.arrayContaining([expect.objectContaining({ name: 'porthole-a' })]));

    writeFileSync(file, withContexts(['first', 'added']).slice(0, 40));
    const broken = await seen.until((event) => event.problems.some(({ problem }) => problem.detail.includes('last good version')));
    expect(broken.contexts.map((context) => context.name)).toEqual(['first', 'added']);
    expect(broken.problems[0]?.problem.detail).toContain('is not valid YAML');
    stop();
  });
});

describe.skipIf(cluster === null)("a context's credentials changed while its session runs", () => {
  const c = cluster as ClusterInfo;
  let directory: string;
  let core: PortholeCore;
  const events = new Recorder<SessionEvent>();

  beforeAll(() => {
    directory = mkdtempSync(join(tmpdir(), 'porthole-credentials-'));
  });
  afterAll(async () => {
    await core?.dispose();
    rmSync(directory, { recursive: true, force: true });
  });

  const stateOf = async (id: SessionId, kinds: readonly SessionState['kind'][]): Promise<SessionState> => {
    const event = await events.until((each) => each.id === id && each.kind === 'state' && kinds.includes(each.state.kind));
    return (event as Extract<SessionEvent, { kind: 'state' }>).state;
  };
  const stdoutOf = (id: SessionId): string =>
    events.all.map((event) => (event.id === id && event.kind === 'output' && event.channel === 'stdout' ? new TextDecoder().decode(event.bytes) : '')).join('');

  it('the running exec keeps answering with the credentials it started with; a new exec uses the new ones and is refused', async () => {
    const file = join(directory, 'config');
    const admin = load(readFileSync(c.kubeconfigPath, 'utf8')) as {
      clusters: unknown[];
      users: { name: string; user: object }[];
      contexts: { name: string; context: { user: string } }[];
    };
    const adminContext = admin.contexts.find((entry) => entry.name === c.contexts.admin)?.context;
    if (adminContext === undefined) throw new Error('no admin context in the run’s kubeconfig');
    const withUser = (user: object): string =>
      JSON.stringify({
        ...admin,
        'current-context': 'changing',
        contexts: [{ name: 'changing', context: adminContext }],
        users: admin.users.map((entry) => (entry.name === adminContext.user ? { name: entry.name, user } : entry)),
      });
    const adminUser = admin.users.find((entry) => entry.name === adminContext.user)?.user ?? {};
    writeFileSync(file, withUser(adminUser));
    core = await createCore({ kubeconfigEnv: file, debounceMs: 50 });
    core.onSessionEvent(events.push);
    const seen = new Recorder<ContextsEvent>();
    const stop = core.watchContexts(seen.push);
    expect(seen.all[0]?.contexts).toEqual([expect.objectContaining({ name: 'changing', authKind: 'client-certificate' })]);

    const pod = c.pods.single;
    const exec = { context: 'changing', namespace: pod.namespace, pod: pod.name, container: pod.containers[0], tty: false, stdin: true } as const;
    const running = await core.openExec({ ...exec, command: { kind: 'argv', argv: ['sh', '-c', 'while read line; do echo "got $line"; done'] } });
    expect(await stateOf(running.id, ['live', 'failed', 'exited', 'ended'])).toMatchObject({ kind: 'live' });
    core.write(running.id, new TextEncoder().encode('before\n'));
    await events.until(() => stdoutOf(running.id).includes('got before\n'));

    writeFileSync(file, withUser({ token: 'not-a-token-this-cluster-knows' }));
    const changed = await seen.until((event) => event.contexts.some((context) => context.name === 'changing' && context.authKind === 'token'));
    expect(changed.problems).toEqual([]);

    core.write(running.id, new TextEncoder().encode('after\n'));
    await events.until(() => stdoutOf(running.id).includes('got after\n'));
    expect(stdoutOf(running.id)).toBe('got before\ngot after\n');

    const refused = await core.openExec({ ...exec, stdin: false, command: { kind: 'argv', argv: ['true'] } }).then(
      async ({ id }) => {
        const end = await stateOf(id, ['failed', 'exited', 'ended']);
        return end.kind === 'failed' ? end.error : end;
      },
      (error: unknown) => (error as { userError?: unknown }).userError ?? error,
    );
    expect(refused).toMatchObject({ kind: 'credentials-rejected', title: 'Credentials rejected', httpStatus: 401 });

    // The running session is untouched by the refusal beside it, and ends as its command does.
    core.write(running.id, new TextEncoder().encode('still\n'));
    await events.until(() => stdoutOf(running.id).includes('got still\n'));
    core.closeStdin(running.id);
    expect(await stateOf(running.id, ['exited', 'failed', 'ended'])).toMatchObject({ kind: 'exited' });
    stop();
  });
});
