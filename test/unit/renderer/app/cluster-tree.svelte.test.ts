// The sidebar's model in plain Node: no DOM, a Map for sessionStorage, frames drawn by hand.
import { describe, expect, it } from 'vitest';
import { ClusterTree, EXPANDED_STORAGE_KEY } from '../../../../renderer/src/app/cluster-tree.svelte.ts';
import type { TreeRow } from '../../../../renderer/src/app/pod-tree.ts';
import { BridgeError } from '../../../../shared/bridge/bridge-error.ts';
import { context, FakeBridge, pod } from '../fake-bridge.ts';

class MemoryStorage {
  readonly items = new Map<string, string>();
  getItem(key: string): string | null {
    return this.items.get(key) ?? null;
  }
  setItem(key: string, value: string): void {
    this.items.set(key, value);
  }
}

function setup(bridge = new FakeBridge(), storage = new MemoryStorage()) {
  const frames: Array<() => void> = [];
  const tree = new ClusterTree({
    bridge,
    storage,
    scheduleFrame: (draw) => {
      frames.push(draw);
      return () => frames.splice(frames.indexOf(draw), 1);
    },
  });
  /** Draws the frame the tree asked for, as the page would before its next paint. */
  const drawFrame = () => frames.shift()?.();
  return { tree, bridge, storage, frames, drawFrame };
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 0));
const paths = (tree: ClusterTree) => tree.rows.map((row) => (row.kind === 'message' ? `! ${row.text}` : row.path));
const rowAt = (tree: ClusterTree, path: string) => tree.rows.find((row) => row.path === path) as TreeRow;

describe('ClusterTree', () => {
  it('opens the current context and its namespace on load, and watches that namespace’s pods', async () => {
    const bridge = new FakeBridge();
    bridge.contexts = [context('prod', { isCurrent: true, namespace: 'web' }), context('staging')];
    bridge.namespaces.set('prod', [{ name: 'web', phase: 'Active' }, { name: 'db', phase: 'Active' }]);
    const { tree } = setup(bridge);
    expect(tree.contextsLoaded).toBe(false);
    tree.load();
    await settle();
    expect(tree.contextsLoaded).toBe(true);
    expect(tree.contexts.map((c) => c.name)).toEqual(['prod', 'staging']);
    expect(bridge.watches.map((w) => `${w.context}/${w.namespace}`)).toEqual(['prod/web']);
    expect(paths(tree)).toEqual(['prod', 'prod/db', 'prod/web', '! Loading pods…', 'staging']);
  });

  it('draws pod events once a frame, however many arrive, and counts an open namespace’s pods', async () => {
    const { tree, bridge, frames, drawFrame } = setup();
    tree.load();
    await settle();
    expect(tree.podCount(rowAt(tree, 'dev/default').key)).toBeNull();
    // The view is told of pod events once a frame: one frame asked for however many arrive.
    bridge.watch('dev', 'default').onEvent({ kind: 'snapshot', pods: [pod('web-1')] });
    bridge.watch('dev', 'default').onEvent({ kind: 'upsert', pod: pod('web-0') });
    expect(frames).toHaveLength(1);
    drawFrame();
    bridge.watch('dev', 'default').onEvent({ kind: 'delete', uid: 'uid-unknown' });
    expect(frames).toHaveLength(0); // nothing shown changed
    expect(paths(tree)).toEqual(['dev', 'dev/default', 'dev/default/web-0', 'dev/default/web-1']);
    expect(tree.podCount(rowAt(tree, 'dev/default').key)).toBe(2);
    bridge.watch('dev', 'default').onError({ kind: 'forbidden', title: 'Denied by RBAC', detail: 'pods is forbidden' });
    drawFrame();
    expect(paths(tree)).toContain('! Pods not listed: Denied by RBAC');
  });

  it('filters the pods it lists, and hands the palette every watched one', async () => {
    const { tree, bridge, drawFrame } = setup();
    tree.load();
    await settle();
    bridge.watch('dev', 'default').onEvent({ kind: 'snapshot', pods: [pod('web-1'), pod('api-1', { labels: { app: 'api' } })] });
    drawFrame();
    tree.filter = 'app=api';
    expect(paths(tree)).toEqual(['dev', 'dev/default', 'dev/default/api-1']);
    // The command palette gets every watched pod whatever the filter, as the rows the tree draws.
    expect(tree.pods.map((row) => row.path)).toEqual(['dev/default/api-1', 'dev/default/web-1']);
    expect(tree.pods[0]).toBe(rowAt(tree, 'dev/default/api-1'));
    tree.toggle(rowAt(tree, 'dev'));
    expect(tree.pods).toEqual([]);
  });

  it('hands a workload grid the pods of a namespace while it is watched and healthy, null otherwise', async () => {
    const { tree, bridge, drawFrame } = setup();
    tree.load();
    await settle();
    expect(tree.podsIn('dev', 'default')).toBeNull();
    bridge.watch('dev', 'default').onEvent({ kind: 'snapshot', pods: [pod('web-2'), pod('web-1')] });
    drawFrame();
    expect(tree.podsIn('dev', 'default')?.map((p) => p.name)).toEqual(['web-1', 'web-2']);
    expect(tree.podsIn('dev', 'other')).toBeNull();
    bridge.watch('dev', 'default').onEvent({ kind: 'health', health: 'reconnecting', error: { kind: 'network', title: 'Connection lost', detail: 'reset' } });
    drawFrame();
    expect(tree.podsIn('dev', 'default')).toBeNull();
    bridge.watch('dev', 'default').onEvent({ kind: 'health', health: 'live' });
    drawFrame();
    expect(tree.podsIn('dev', 'default')).toHaveLength(2);
    tree.toggle(rowAt(tree, 'dev'));
    expect(tree.podsIn('dev', 'default')).toBeNull();
  });

  it('shows a workload open, and closes and opens it again', async () => {
    const { tree, bridge, drawFrame } = setup();
    tree.load();
    await settle();
    const owner = { kind: 'StatefulSet', name: 'db' };
    bridge.watch('dev', 'default').onEvent({ kind: 'snapshot', pods: [pod('db-0', { owner }), pod('db-1', { owner })] });
    drawFrame();
    expect(paths(tree)).toEqual(['dev', 'dev/default', 'dev/default/StatefulSet db', 'dev/default/db-0', 'dev/default/db-1']);
    tree.toggle(rowAt(tree, 'dev/default/StatefulSet db'));
    expect(paths(tree)).toEqual(['dev', 'dev/default', 'dev/default/StatefulSet db']);
    tree.toggle(rowAt(tree, 'dev/default/StatefulSet db'), true);
    expect(paths(tree)).toHaveLength(5);
  });

  it('watches the open namespaces of open contexts only, and stops every watch when disposed', async () => {
    const { tree, bridge, frames } = setup();
    tree.load();
    await settle();
    tree.toggle(rowAt(tree, 'dev/default'));
    expect(bridge.watches[0]?.active).toBe(false);
    tree.toggle(rowAt(tree, 'dev/default'));
    expect(bridge.watches[1]?.active).toBe(true);
    tree.toggle(rowAt(tree, 'dev'));
    expect(bridge.watches[1]?.active).toBe(false);
    expect(paths(tree)).toEqual(['dev']);
    tree.toggle(rowAt(tree, 'dev'));
    expect(bridge.watches[2]).toMatchObject({ context: 'dev', namespace: 'default', active: true });
    bridge.watch('dev', 'default').onEvent({ kind: 'snapshot', pods: [] });
    tree.dispose();
    expect(bridge.watches.filter((w) => w.active)).toEqual([]);
    expect(frames).toEqual([]);
  });

  it('asks a broken context for its namespaces again when it is opened again', async () => {
    const bridge = new FakeBridge();
    bridge.contexts = [context('near', { isCurrent: true }), context('far')];
    bridge.namespaces.set('far', { kind: 'tls', title: 'Certificate not trusted', detail: 'self-signed', context: 'far' });
    const { tree } = setup(bridge);
    tree.load();
    await settle();
    tree.toggle(rowAt(tree, 'far'));
    await settle();
    expect(paths(tree).slice(-2)).toEqual(['far', '! Certificate not trusted']);
    bridge.namespaces.set('far', [{ name: 'team', phase: 'Active' }]);
    tree.toggle(rowAt(tree, 'far'));
    tree.toggle(rowAt(tree, 'far'));
    await settle();
    expect(paths(tree)).toContain('far/team');
    expect(bridge.callsOf('listNamespaces').filter((call) => call.args[0] === 'far')).toHaveLength(2);
  });

  it('keeps what is open in storage, and opens it again instead of the current context', async () => {
    const bridge = new FakeBridge();
    bridge.contexts = [context('dev', { isCurrent: true }), context('prod')];
    bridge.namespaces.set('prod', [{ name: 'web', phase: 'Active' }]);
    const first = setup(bridge);
    first.tree.load();
    await settle();
    first.tree.toggle(rowAt(first.tree, 'dev'));
    first.tree.toggle(rowAt(first.tree, 'prod'));
    await settle();
    first.tree.toggle(rowAt(first.tree, 'prod/web'));
    first.tree.dispose();
    expect(JSON.parse(first.storage.getItem(EXPANDED_STORAGE_KEY) ?? '[]')).toHaveLength(3);

    const again = new FakeBridge();
    again.contexts = bridge.contexts;
    again.namespaces = bridge.namespaces;
    const second = setup(again, first.storage);
    second.tree.load();
    await settle();
    expect(again.watches.filter((w) => w.active).map((w) => `${w.context}/${w.namespace}`)).toEqual(['prod/web']);
    expect(paths(second.tree)).toEqual(['dev', 'prod', 'prod/web', '! Loading pods…']);
  });

  it('says why the contexts or the file problems could not be read', async () => {
    const lost = { kind: 'connection-lost', title: 'Not connected to Porthole', detail: 'The link to main is not open.' } as const;
    const bridge = new FakeBridge();
    bridge.fileProblems = lost;
    bridge.listContexts = () => Promise.reject(new BridgeError(lost));
    const { tree } = setup(bridge);
    tree.load();
    await settle();
    expect(tree.contextsLoaded).toBe(true);
    expect(tree.contextsError).toMatchObject({ title: lost.title, detail: lost.detail });
    expect(tree.fileProblemsError).toMatchObject({ title: lost.title, detail: lost.detail });
    expect(tree.rows).toEqual([]);
  });

  it('hands on the problems of whole kubeconfig files', async () => {
    const bridge = new FakeBridge();
    const problem = { file: '/k/bad.yaml', problem: { kind: 'kubeconfig', title: 'Kubeconfig file unusable', detail: 'not YAML' } } as const;
    bridge.fileProblems = [problem];
    const { tree } = setup(bridge);
    tree.load();
    await settle();
    expect(tree.fileProblems).toEqual([problem]);
    expect(tree.fileProblemsError).toBeNull();
  });
});
