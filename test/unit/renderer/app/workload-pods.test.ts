import { describe, expect, it } from 'vitest';
import { isReadyPod, matchesSelector, readyPodsOf, selectorPairs, workloadChanges } from '../../../../renderer/src/app/workload-pods.ts';
import { container, pod } from '../fake-bridge.ts';

const web = { app: 'web' };

describe('isReadyPod', () => {
  it('is ready when running, not being deleted and every main container runs', () => {
    expect(isReadyPod(pod('web-1'))).toBe(true);
    expect(isReadyPod(pod('web-1', { phase: 'Pending' }))).toBe(false);
    expect(isReadyPod(pod('web-1', { deleting: true }))).toBe(false);
    expect(isReadyPod(pod('web-1', { containers: [container('app'), container('side', { state: { kind: 'waiting', reason: 'CrashLoopBackOff' } })] }))).toBe(false);
    expect(isReadyPod(pod('web-1', { containers: [container('init', { kind: 'init', state: { kind: 'terminated', exitCode: 0, reason: 'Completed' } }), container('app')] }))).toBe(true);
    expect(isReadyPod(pod('web-1', { containers: [] }))).toBe(false);
  });
});

describe('selectors', () => {
  it('reads key=value pairs and matches every one of them', () => {
    expect(selectorPairs('app=web')).toEqual([['app', 'web']]);
    expect(selectorPairs('app=web, tier=front')).toEqual([
      ['app', 'web'],
      ['tier', 'front'],
    ]);
    expect(selectorPairs('app')).toBeNull();
    expect(selectorPairs('=web')).toBeNull();
    expect(matchesSelector(pod('a', { labels: { app: 'web', tier: 'front' } }), 'app=web,tier=front')).toBe(true);
    expect(matchesSelector(pod('a', { labels: { app: 'web' } }), 'app=web,tier=front')).toBe(false);
    expect(matchesSelector(pod('a', { labels: { app: 'web' } }), 'app')).toBe(false);
  });

  it('lists the ready pods of the workload by name', () => {
    const pods = [pod('web-c', { labels: web }), pod('db-0', { labels: { app: 'db' } }), pod('web-a', { labels: web }), pod('web-b', { labels: web, phase: 'Pending' })];
    expect(readyPodsOf(pods, 'app=web').map((p) => p.name)).toEqual(['web-a', 'web-c']);
  });
});

describe('workloadChanges', () => {
  const shown = ['web-a', 'web-b'];

  it('says nothing while the pods are as the grid shows them', () => {
    expect(workloadChanges([pod('web-a', { labels: web }), pod('web-b', { labels: web })], 'app=web', shown)).toEqual([]);
  });

  it('names a ready pod without a pane as joined, and a pane whose pod is gone or not ready as left', () => {
    const pods = [pod('web-a', { labels: web, phase: 'Pending' }), pod('web-c', { labels: web }), pod('web-d', { labels: web, phase: 'Pending' })];
    expect(workloadChanges(pods, 'app=web', shown)).toEqual([
      { kind: 'joined', pod: pods[1] },
      { kind: 'left', pod: 'web-a', why: 'not ready' },
      { kind: 'left', pod: 'web-b', why: 'gone' },
    ]);
  });

  it('counts a pod being deleted as gone, and leaves out the joined pods the user dismissed', () => {
    const pods = [pod('web-a', { labels: web, deleting: true }), pod('web-b', { labels: web }), pod('web-c', { labels: web })];
    expect(workloadChanges(pods, 'app=web', shown, new Set(['web-c']))).toEqual([{ kind: 'left', pod: 'web-a', why: 'gone' }]);
  });

  it('says nothing when the pods are not watched', () => {
    expect(workloadChanges(null, 'app=web', shown)).toEqual([]);
  });
});
