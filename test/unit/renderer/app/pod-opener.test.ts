import { describe, expect, it } from 'vitest';
import type { PodSummary } from '../../../../shared/bridge/resources.ts';
import { PodOpener } from '../../../../renderer/src/app/pod-opener.ts';
import type { PodRow } from '../../../../renderer/src/app/pod-tree.ts';
import { detailPod } from '../../../../renderer/src/app/workspace/tab-kinds.ts';
import { Workspace } from '../../../../renderer/src/app/workspace/workspace.svelte.ts';
import { container, FakeBridge, pod } from '../fake-bridge.ts';

const web = pod('web-1', { namespace: 'shop', containers: [container('init', { kind: 'init' }), container('app'), container('proxy', { state: { kind: 'waiting', reason: 'PodInitializing' } })] });
const podRow = (summary: PodSummary = web): PodRow => ({ kind: 'pod', key: summary.name, depth: 2, path: `dev/shop/${summary.name}`, context: 'dev', pod: summary, expanded: false });
const containerRow = (name: string): PodRow => {
  const found = web.containers.find((candidate) => candidate.name === name);
  if (found === undefined) throw new Error(name);
  return { kind: 'container', key: name, depth: 3, path: `dev/shop/web-1/${name}`, context: 'dev', pod: web, container: found };
};

const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

function setup() {
  const ws = new Workspace(new FakeBridge(), { forget: () => undefined });
  const notices: string[] = [];
  const state = { selection: null as PodRow | null };
  const opener = new PodOpener(ws, () => state.selection, (message) => notices.push(message));
  /** What the pane opened last shows: the pod of a shell, the target of a log pane. */
  const last = () => {
    const detail = ws.panes.at(-1)?.detail ?? null;
    return detail?.kind === 'logs' ? detail.target : detail === null ? null : detailPod(detail);
  };
  return { ws, opener, notices, state, last };
}

describe('opening shells and logs in a pod', () => {
  it('opens a shell in a row\'s container, or in the pod\'s default one', async () => {
    const { opener, last } = setup();
    opener.shell(podRow());
    await settle();
    expect(last()).toMatchObject({ context: 'dev', namespace: 'shop', pod: 'web-1', container: 'app' });
    opener.shell(containerRow('proxy'));
    await settle();
    expect(last()).toMatchObject({ context: 'dev', namespace: 'shop', pod: 'web-1', container: 'proxy' });
  });

  it('opens the files of a row\'s container, or of the pod\'s default one, in a tab with no session', () => {
    const { ws, opener, last } = setup();
    opener.files(podRow());
    expect(ws.panes.at(-1)).toMatchObject({ sessionId: null, kind: 'files', title: 'web-1/app: files', detail: { kind: 'files', path: '/' } });
    expect(last()).toEqual({ context: 'dev', namespace: 'shop', pod: 'web-1', container: 'app' });
    opener.files(containerRow('proxy'));
    expect(last()).toMatchObject({ pod: 'web-1', container: 'proxy' });
  });

  it('opens the logs of every container that has some, of the only one, or of the row\'s container', async () => {
    const { opener, last } = setup();
    opener.logs(podRow());
    await settle();
    expect(last()).toEqual({ kind: 'pod', context: 'dev', namespace: 'shop', pod: 'web-1', containers: ['init', 'app'], container: null });
    opener.logs(podRow(pod('one', { namespace: 'shop' })));
    await settle();
    expect(last()).toMatchObject({ pod: 'one', containers: ['main'], container: 'main' });
    opener.logs(podRow(pod('new', { namespace: 'shop', containers: [container('a', { state: { kind: 'waiting', reason: 'ContainerCreating' } }), container('b', { state: { kind: 'waiting', reason: 'ContainerCreating' } })] })));
    await settle();
    expect(last()).toMatchObject({ pod: 'new', containers: ['a', 'b'], container: null });
    opener.logs(containerRow('app'));
    await settle();
    expect(last()).toMatchObject({ pod: 'web-1', container: 'app' });
    opener.appLogs(podRow(), 'app=web');
    await settle();
    expect(last()).toEqual({ kind: 'selector', context: 'dev', namespace: 'shop', selector: 'app=web', container: null });
  });

  it('opens a new shell or new logs in the selected pod, else the focused pane\'s, else says to select one', async () => {
    const { opener, notices, state, last, ws } = setup();
    opener.newShell();
    opener.newLogs();
    expect(notices).toEqual(['Select a pod in the sidebar first: Enter opens a shell in it.', 'Select a pod in the sidebar first: L opens its logs.']);
    expect(ws.panes).toEqual([]);
    state.selection = containerRow('proxy');
    opener.newShell();
    await settle();
    expect(last()).toMatchObject({ context: 'dev', namespace: 'shop', pod: 'web-1', container: 'proxy' });
    opener.newLogs();
    await settle();
    expect(last()).toMatchObject({ kind: 'pod', container: 'proxy', containers: ['init', 'app'] });
    state.selection = null;
    opener.newShell();
    await settle();
    expect(ws.panes).toHaveLength(3);
    expect(last()).toMatchObject({ pod: 'web-1', container: 'proxy' });
    opener.newLogs();
    await settle();
    expect(last()).toMatchObject({ kind: 'pod', context: 'dev', namespace: 'shop', pod: 'web-1', container: 'proxy', containers: ['proxy'] });
  });
});
