import { describe, expect, it, vi } from 'vitest';
import type { PodSummary } from '../../../../shared/bridge/resources.ts';
import { standInPod, WORKLOAD_ACTIONS, workloadActionForKey, workloadActionTitle, type WorkloadRow } from '../../../../renderer/src/app/workload-actions.ts';
import { groupPods } from '../../../../renderer/src/app/workload-groups.ts';
import { container, pod } from '../fake-bridge.ts';

function rowOf(pods: PodSummary[]): WorkloadRow {
  const [workload] = groupPods(pods).groups;
  if (workload === undefined) throw new Error('no workload');
  return { kind: 'workload', key: 'w', depth: 2, path: 'dev/default/StatefulSet db', context: 'dev', namespace: 'default', workload, expanded: true };
}

const owner = { kind: 'StatefulSet', name: 'db' };
const starting = pod('db-0', { owner, labels: { app: 'db' }, phase: 'Pending', containers: [container('main', { state: { kind: 'waiting', reason: 'ContainerCreating' } })] });
const ready = pod('db-1', { owner, labels: { app: 'db' } });

describe('WORKLOAD_ACTIONS', () => {
  it('acts through a ready pod of the workload, with its selector', () => {
    const row = rowOf([starting, ready]);
    expect(standInPod(row)?.pod.name).toBe('db-1');
    const host = { onShell: vi.fn(), onLogs: vi.fn(), onAppLogs: vi.fn(), onPortForward: vi.fn(), onShellEveryPod: vi.fn() };
    workloadActionForKey(row, 'L')?.run(row, host);
    expect(host.onAppLogs).toHaveBeenCalledWith(expect.objectContaining({ path: 'dev/default/db-1' }), 'app=db');
    workloadActionForKey(row, 'g')?.run(row, host);
    expect(host.onShellEveryPod).toHaveBeenCalledWith(expect.objectContaining({ path: 'dev/default/db-1' }), 'app=db');
    workloadActionForKey(row, 'p')?.run(row, host);
    expect(host.onPortForward).toHaveBeenCalledWith(expect.objectContaining({ path: 'dev/default/db-1' }));
  });

  it('offers no forward without a ready pod, and no logs or shells without shared labels', () => {
    expect(workloadActionForKey(rowOf([starting]), 'p')).toBeUndefined();
    const unlabelled = rowOf([pod('db-0', { owner, labels: { n: '0' } }), pod('db-1', { owner, labels: { n: '1' } })]);
    expect(workloadActionForKey(unlabelled, 'l')).toBeUndefined();
    expect(workloadActionForKey(unlabelled, 'g')).toBeUndefined();
  });

  it('says each key in its tooltip', () => {
    expect(WORKLOAD_ACTIONS.map(workloadActionTitle)).toEqual([
      'Logs of every pod, merged, following rollouts and restarts (L)',
      'A shell in every ready pod, in a grid (G)',
      'Port-forward to a ready pod (P)',
    ]);
  });
});
