import { describe, expect, it } from 'vitest';
import type { PodSummary } from '../../../../shared/bridge/resources.ts';
import { groupPods, sharedSelector, workloadOf } from '../../../../renderer/src/app/workload-groups.ts';
import { pod } from '../fake-bridge.ts';

function owned(name: string, owner: PodSummary['owner'], labels: Record<string, string> = {}, extra: Partial<PodSummary> = {}): PodSummary {
  return { ...pod(name), labels, ...(owner === undefined ? {} : { owner }), ...extra };
}

describe('workloadOf', () => {
  it('finds the Deployment of a ReplicaSet from the pod-template-hash its name ends with', () => {
    const web = owned('web-7f9c-x2', { kind: 'ReplicaSet', name: 'web-7f9c' }, { app: 'web', 'pod-template-hash': '7f9c' });
    expect(workloadOf(web)).toEqual({ kind: 'Deployment', name: 'web' });
  });

  it('shows a ReplicaSet whose name does not end with the hash as itself', () => {
    expect(workloadOf(owned('rs-abc', { kind: 'ReplicaSet', name: 'bare' }, { 'pod-template-hash': 'zz' }))).toEqual({ kind: 'ReplicaSet', name: 'bare' });
    expect(workloadOf(owned('rs-abc', { kind: 'ReplicaSet', name: 'bare' }))).toEqual({ kind: 'ReplicaSet', name: 'bare' });
  });

  it('finds the CronJob of a Job named with a scheduled minute, and keeps other Jobs', () => {
    expect(workloadOf(owned('backup-28391520-abcde', { kind: 'Job', name: 'backup-28391520' }))).toEqual({ kind: 'CronJob', name: 'backup' });
    expect(workloadOf(owned('migrate-x', { kind: 'Job', name: 'migrate' }))).toEqual({ kind: 'Job', name: 'migrate' });
  });

  it('takes StatefulSets, DaemonSets and other controllers as they are, and no owner as a lone pod', () => {
    expect(workloadOf(owned('db-0', { kind: 'StatefulSet', name: 'db' }))).toEqual({ kind: 'StatefulSet', name: 'db' });
    expect(workloadOf(owned('x', { kind: 'Rollout', name: 'canary' }))).toEqual({ kind: 'Rollout', name: 'canary' });
    expect(workloadOf(owned('lone', undefined))).toBeNull();
  });
});

describe('groupPods', () => {
  const webA = owned('web-7f9c-a', { kind: 'ReplicaSet', name: 'web-7f9c' }, { app: 'web', 'pod-template-hash': '7f9c' }, { ready: true });
  const webB = owned('web-81aa-b', { kind: 'ReplicaSet', name: 'web-81aa' }, { app: 'web', 'pod-template-hash': '81aa' }, { ready: false });
  const webGoing = owned('web-7f9c-c', { kind: 'ReplicaSet', name: 'web-7f9c' }, { app: 'web', 'pod-template-hash': '7f9c' }, { ready: true, deleting: true });
  const db = owned('db-0', { kind: 'StatefulSet', name: 'db' }, { app: 'db', 'statefulset.kubernetes.io/pod-name': 'db-0' }, { ready: true });
  const agent = owned('agent-x', { kind: 'DaemonSet', name: 'agent' }, { app: 'agent' });
  const lone = owned('lone', undefined, { app: 'lone' });

  it('puts the pods of every ReplicaSet of a Deployment under it, counts ready of desired, and keeps lone pods apart', () => {
    const { groups, lone: alone } = groupPods([agent, db, lone, webA, webB, webGoing]);
    expect(groups.map((g) => `${g.kind} ${g.name} ${g.ready}/${g.desired} ${g.pods.length}`)).toEqual([
      'Deployment web 1/2 3',
      'StatefulSet db 1/1 1',
      'DaemonSet agent 0/1 1',
    ]);
    expect(alone.map((p) => p.name)).toEqual(['lone']);
  });

  it('selects a workload by the labels its pods share, leaving out the per-revision and per-pod ones', () => {
    const { groups } = groupPods([db, webA, webB]);
    expect(groups.map((g) => g.selector)).toEqual(['app=web', 'app=db']);
    expect(sharedSelector([owned('a', undefined, { b: '1', a: '2' })])).toBe('a=2,b=1');
    expect(sharedSelector([owned('a', undefined, { a: '1' }), owned('b', undefined, { a: '2' })])).toBeNull();
    expect(sharedSelector([])).toBeNull();
  });

  it('groups a list once: the same sorted array gives back the same grouping', () => {
    const sorted = [webA, webB];
    expect(groupPods(sorted)).toBe(groupPods(sorted));
    expect(groupPods([...sorted])).not.toBe(groupPods(sorted));
  });
});
