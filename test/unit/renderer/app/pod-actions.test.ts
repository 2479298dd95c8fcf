import BugIcon from '@lucide/svelte/icons/bug';
import { describe, expect, it, vi } from 'vitest';
import {
  actionForKey,
  actionTitle,
  appliesTo,
  keyLabel,
  podActionHint,
  podActionKeys,
  POD_ACTIONS,
  textOf,
  type PodAction,
  type PodActionHost,
} from '../../../../renderer/src/app/pod-actions.ts';
import type { PodRow } from '../../../../renderer/src/app/pod-tree.ts';
import { container, pod } from '../fake-bridge.ts';

function podRow(labels: Record<string, string> = {}): PodRow {
  const summary = pod('web-1', { labels });
  return { kind: 'pod', key: 'p', depth: 2, path: 'dev/default/web-1', context: 'dev', pod: summary, expanded: false };
}

const host = () =>
  ({
    onShell: vi.fn(),
    onLogs: vi.fn(),
    onAppLogs: vi.fn(),
    onPortForward: vi.fn(),
    onShellEveryPod: vi.fn(),
    onFiles: vi.fn(),
    onYaml: vi.fn(),
    onDelete: vi.fn(),
    onRestartWorkload: vi.fn(),
    onDebug: vi.fn(),
    onNodeShell: vi.fn(),
  }) satisfies PodActionHost;

const byId = (id: string) => POD_ACTIONS.find((action) => action.id === id) as PodAction;

describe('POD_ACTIONS', () => {
  it('offers Shell, Logs and Forward on every pod, and All <app> and Shells: all <app> where the pod has an app label', () => {
    const buttons = (row: PodRow) => POD_ACTIONS.filter((action) => appliesTo(action, row)).map((action) => textOf(action.label, row));
    expect(buttons(podRow())).toEqual(['Shell', 'Logs', 'Files', 'Debug', 'YAML', 'Delete', 'Forward']);
    expect(buttons(podRow({ app: 'web' }))).toEqual(['Shell', 'Logs', 'All web', 'Shells: all web', 'Files', 'Debug', 'YAML', 'Delete', 'Forward']);
    expect(buttons(podRow({ 'app.kubernetes.io/name': 'shop', app: 'web' }))).toEqual(['Shell', 'Logs', 'All shop', 'Shells: all shop', 'Files', 'Debug', 'YAML', 'Delete', 'Forward']);
  });

  it('offers Restart only on a pod a workload owns, naming the Deployment behind a ReplicaSet', () => {
    const restart = byId('restart-workload');
    expect(appliesTo(restart, podRow())).toBe(false);
    const owned: PodRow = { ...podRow(), pod: { ...podRow().pod, owner: { kind: 'ReplicaSet', name: 'web-7d9' } } };
    expect(appliesTo(restart, owned)).toBe(true);
    expect(actionTitle(restart, owned)).toBe('Rollout restart of the Deployment of web-1 (R)');
  });

  it('names each button and says its key in the tooltip', () => {
    const row = podRow({ app: 'web' });
    expect(POD_ACTIONS.map((action) => [textOf(action.name, row), actionTitle(action, row)])).toEqual([
      ['Open a shell', 'Shell (Enter)'],
      ['Open logs', 'Logs (L)'],
      ['Logs of all pods with app=web', 'Merged logs of every pod with app=web'],
      ['Shell into every pod with app=web', 'Shell into every ready pod with app=web, in a grid (G)'],
      ['Browse files', 'Files of the container (F)'],
      ['Debug with an ephemeral container', 'Shell in a debug container beside it (D)'],
      ['Shell on its node', 'Shell on its node (a privileged pod; asks first) (N)'],
      ['Show the YAML', 'YAML (read-only) (Y)'],
      ['Restart its workload', 'Rollout restart of its workload (R)'],
      ['Delete the pod', 'Delete the pod (Delete)'],
      ['Forward a port', 'Port-forward (P)'],
    ]);
  });

  it('runs each action through the host', () => {
    const row = podRow({ app: 'web' });
    const app = host();
    for (const action of POD_ACTIONS) action.run(row, app);
    expect(app.onShell).toHaveBeenCalledWith(row);
    expect(app.onLogs).toHaveBeenCalledWith(row);
    expect(app.onAppLogs).toHaveBeenCalledWith(row, 'app=web');
    expect(app.onShellEveryPod).toHaveBeenCalledWith(row, 'app=web');
    expect(app.onPortForward).toHaveBeenCalledWith(row);
    expect(app.onYaml).toHaveBeenCalledWith(row);
    expect(app.onDelete).toHaveBeenCalledWith(row);
    expect(app.onRestartWorkload).toHaveBeenCalledWith(row);
    expect(app.onDebug).toHaveBeenCalledWith(row);
    expect(app.onNodeShell).toHaveBeenCalledWith(row);
  });

  it('offers Node shell only on a pod scheduled on a node', () => {
    const nodeShell = byId('node-shell');
    expect(appliesTo(nodeShell, podRow())).toBe(false);
    expect(appliesTo(nodeShell, { ...podRow(), pod: { ...podRow().pod, nodeName: 'node-1' } })).toBe(true);
  });

  it('acts on a container row as on its pod', () => {
    const summary = pod('web-1', { containers: [container('app'), container('sidecar')] });
    const row: PodRow = { kind: 'container', key: 'k', depth: 3, path: 'dev/default/web-1/sidecar', context: 'dev', pod: summary, container: container('sidecar') };
    const app = host();
    byId('logs').run(row, app);
    expect(app.onLogs).toHaveBeenCalledWith(row);
  });
});

describe('keys and hint', () => {
  it('finds the action of a key press: letters either case, named keys exactly', () => {
    expect(actionForKey(POD_ACTIONS, 'Enter')?.id).toBe('shell');
    expect(actionForKey(POD_ACTIONS, 'l')?.id).toBe('logs');
    expect(actionForKey(POD_ACTIONS, 'L')?.id).toBe('logs');
    expect(actionForKey(POD_ACTIONS, 'enter')).toBeUndefined();
    expect(actionForKey(POD_ACTIONS, 'x')).toBeUndefined();
  });

  it('writes letters upper case and named keys as named', () => {
    expect(keyLabel('l')).toBe('L');
    expect(keyLabel('Enter')).toBe('Enter');
  });

  it('lists the keyed actions for help, keys written as shown', () => {
    expect(podActionKeys(POD_ACTIONS)).toEqual([
      { key: 'Enter', help: 'opens a shell' },
      { key: 'L', help: 'its logs' },
      { key: 'G', help: 'a shell in every pod of its workload' },
      { key: 'F', help: 'its files' },
      { key: 'D', help: 'a debug container' },
      { key: 'N', help: 'a shell on its node' },
      { key: 'Y', help: 'its YAML' },
      { key: 'R', help: 'restarts its workload' },
      { key: 'Delete', help: 'deletes it' },
      { key: 'P', help: 'forwards one of its ports' },
    ]);
  });

  it('builds the hint from the keyed actions: the first three spelled out, the others counted, so a new one is counted', () => {
    const first = 'Enter opens a shell, L its logs, G a shell in every pod of its workload';
    const more = podActionKeys(POD_ACTIONS).length - 3;
    expect(podActionHint(POD_ACTIONS)).toBe(`Select a pod: ${first}, and ${more} more keys, each named in its button's tooltip.`);
    const zoom: PodAction = { id: 'zoom', label: 'Zoom', icon: BugIcon, name: 'Zoom', title: 'Zoom', key: 'z', help: 'zooms in', run: () => undefined };
    expect(podActionHint([...POD_ACTIONS, zoom])).toBe(`Select a pod: ${first}, and ${more + 1} more keys, each named in its button's tooltip.`);
    expect(podActionHint([byId('shell'), byId('logs'), byId('yaml'), zoom])).toBe('Select a pod: Enter opens a shell, L its logs, Y its YAML, and 1 more key, each named in its button\'s tooltip.');
    expect(podActionHint([byId('shell'), zoom])).toBe('Select a pod: Enter opens a shell, Z zooms in.');
    expect(podActionHint([byId('app-logs')])).toBe('Select a pod.');
  });
});
