import { describe, expect, it } from 'vitest';
import type { PodSummary } from '../../../../shared/bridge/resources.ts';
import type { PodRow } from '../../../../renderer/src/app/pod-tree.ts';
import { tabTitle } from '../../../../renderer/src/lib/tabs.ts';
import { WorkloadGrids } from '../../../../renderer/src/app/workload-grids.svelte.ts';
import { shellDetail } from '../../../../renderer/src/app/workspace/tab-kinds.ts';
import { Workspace } from '../../../../renderer/src/app/workspace/workspace.svelte.ts';
import { container, FakeBridge, pod } from '../fake-bridge.ts';

const web = (name: string, extra: Partial<PodSummary> = {}) =>
  pod(name, { namespace: 'shop', labels: { app: 'web' }, containers: [container('sidecar', { kind: 'init' }), container('app')], ...extra });
const row = (summary: PodSummary): PodRow => ({ kind: 'pod', key: summary.name, depth: 2, path: `dev/shop/${summary.name}`, context: 'dev', pod: summary, expanded: false });

/** Grids over a workspace and a pod watch the test changes: `watched` is what the sidebar has loaded (null: not watched). */
function setup(watched: readonly PodSummary[] | null) {
  const bridge = new FakeBridge();
  const ws = new Workspace(bridge, { forget: () => undefined });
  const notices: string[] = [];
  const watch = { pods: watched, asked: [] as string[] };
  const grids = new WorkloadGrids(
    ws,
    (context, namespace) => (watch.asked.push(`${context}/${namespace}`), watch.pods),
    (message) => notices.push(message),
  );
  return { bridge, ws, grids, notices, watch };
}

const openedPods = (bridge: FakeBridge) => bridge.callsOf('open:exec').map((call) => call.args[0] as { pod: string; container?: string });

describe('the workload grids', () => {
  it('opens a shell in the default container of every ready pod of the workload, in a tab of its own, saying so while it opens', async () => {
    const { bridge, ws, grids, watch } = setup([web('web-1'), web('web-2', { phase: 'Pending' }), web('web-3'), pod('db-0', { namespace: 'shop' })]);
    const opening = grids.shellEveryPod(row(web('web-1')), 'app=web');
    expect(grids.opening).toBe('Opening 2 shells in app=web…');
    await opening;
    expect(grids.opening).toBeNull();
    expect(watch.asked[0]).toBe('dev/shop');
    expect(openedPods(bridge).map(({ pod: name, container: inside }) => [name, inside])).toEqual([
      ['web-1', 'app'],
      ['web-3', 'app'],
    ]);
    expect(ws.tabs).toHaveLength(1);
    expect(ws.active === null ? '' : tabTitle(ws.active)).toBe('app=web: every pod');
    expect(grids.active).toEqual({ workload: { context: 'dev', namespace: 'shop', selector: 'app=web' }, dismissed: [] });
  });

  it('shells into the row\'s own pod while the namespace is not watched, and says so when no pod is ready', async () => {
    const { bridge, grids, notices } = setup(null);
    await grids.shellEveryPod(row(web('web-1')), 'app=web');
    expect(openedPods(bridge).map((request) => request.pod)).toEqual(['web-1']);
    await grids.shellEveryPod(row(web('web-2', { deleting: true })), 'app=web');
    expect(notices).toEqual(['No pod with app=web is ready for a shell.']);
    expect(openedPods(bridge)).toHaveLength(1);
    expect(grids.opening).toBeNull();
  });

  it('tells the active grid which pods joined or left since, less the dismissed ones, and nothing on another tab', async () => {
    const { ws, grids, watch } = setup([web('web-1'), web('web-2')]);
    await grids.shellEveryPod(row(web('web-1')), 'app=web');
    const gridTab = ws.activeId ?? '';
    expect(grids.activeChanges).toEqual([]);
    watch.pods = [web('web-1'), web('web-3'), web('web-4')];
    expect(grids.activeChanges).toEqual([
      { kind: 'joined', pod: web('web-3') },
      { kind: 'joined', pod: web('web-4') },
      { kind: 'left', pod: 'web-2', why: 'gone' },
    ]);
    grids.dismiss(gridTab, 'web-3');
    expect(grids.activeChanges.map((change) => change.kind === 'joined' ? change.pod.name : change.pod)).toEqual(['web-4', 'web-2']);
    watch.pods = null;
    expect(grids.activeChanges).toEqual([]);
    watch.pods = [web('web-1'), web('web-4')];
    await ws.open(shellDetail({ context: 'dev', namespace: 'shop', pod: 'web-1' }));
    expect(grids.active).toBeUndefined();
    expect(grids.activeChanges).toEqual([]);
    grids.dismiss('no such tab', 'web-4');
    ws.activate(gridTab);
    expect(grids.activeChanges.map((change) => change.kind)).toEqual(['joined', 'left']);
  });

  it('adds a shell in a joined pod after the grid\'s last pane, and nothing for a pod it does not know', async () => {
    const { bridge, ws, grids, watch } = setup([web('web-1'), web('web-2')]);
    await grids.shellEveryPod(row(web('web-1')), 'app=web');
    const gridTab = ws.activeId ?? '';
    watch.pods = [web('web-1'), web('web-2'), web('web-3')];
    ws.focus(ws.panes[0]?.id ?? '');
    await grids.add(gridTab, 'web-3');
    expect(ws.panes.filter((pane) => pane.tabId === gridTab).map((pane) => pane.title)).toEqual(['web-1: shell', 'web-2: shell', 'web-3: shell']);
    expect(openedPods(bridge).at(-1)).toMatchObject({ pod: 'web-3', container: 'app' });
    expect(grids.activeChanges).toEqual([]);
    await grids.add(gridTab, 'web-9');
    await grids.add('no such tab', 'web-3');
    expect(openedPods(bridge)).toHaveLength(3);
  });
});
