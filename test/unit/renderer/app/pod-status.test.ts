import { describe, expect, it } from 'vitest';
import { appLabel, containersWithLogs, containerStatus, defaultContainer, podStatus, restartCount } from '../../../../renderer/src/app/pod-status.ts';
import { container, pod } from '../fake-bridge.ts';

describe('pod and container status', () => {
  it.each([
    [pod('a'), 'Running', 'ok'],
    [pod('a', { containers: [container('x'), container('y', { state: { kind: 'waiting', reason: 'ContainerCreating' } })] }), 'Running 1/2', 'warning'],
    [pod('a', { phase: 'Pending', containers: [container('x', { state: { kind: 'waiting', reason: 'ContainerCreating' } })] }), 'ContainerCreating', 'pending'],
    [pod('a', { containers: [container('x', { state: { kind: 'waiting', reason: 'CrashLoopBackOff' } })] }), 'CrashLoopBackOff', 'error'],
    [pod('a', { phase: 'Succeeded', containers: [container('x', { state: { kind: 'terminated', exitCode: 0, reason: 'Completed' } })] }), 'Completed', 'done'],
    [pod('a', { phase: 'Failed', containers: [container('x', { state: { kind: 'terminated', exitCode: 2, reason: 'Error' } })] }), 'Error (2)', 'error'],
    [pod('a', { deleting: true }), 'Terminating', 'done'],
    [pod('a', { containers: [container('init', { kind: 'init', state: { kind: 'terminated', exitCode: 0, reason: 'Completed' } }), container('x')] }), 'Running', 'ok'],
  ] as const)('%#: %s', (subject, text, tone) => {
    expect(podStatus(subject)).toEqual({ text, tone });
  });

  it('describes containers', () => {
    expect(containerStatus(container('x', { state: { kind: 'waiting', reason: 'ImagePullBackOff' } }))).toEqual({ text: 'ImagePullBackOff', tone: 'error' });
    expect(containerStatus(container('x', { state: { kind: 'unknown' } }))).toEqual({ text: 'unknown', tone: 'pending' });
  });

  it('counts restarts, picks the shell’s container and the containers with logs', () => {
    const subject = pod('a', {
      containers: [
        container('setup', { kind: 'init', state: { kind: 'terminated', exitCode: 0, reason: 'Completed' } }),
        container('app', { restartCount: 2, state: { kind: 'waiting', reason: 'CrashLoopBackOff' } }),
        container('sidecar', { restartCount: 1 }),
      ],
    });
    expect(restartCount(subject)).toBe(3);
    expect(defaultContainer(subject)?.name).toBe('sidecar'); // the first running main container
    // Running first: the tab's own session is one that keeps writing.
    expect(containersWithLogs(subject).map((c) => c.name)).toEqual(['sidecar', 'setup']);
  });

  it('finds the app label, preferring the recommended one', () => {
    expect(appLabel(pod('a', { labels: { app: 'web', 'app.kubernetes.io/name': 'frontend' } }))).toEqual({ key: 'app.kubernetes.io/name', value: 'frontend' });
    expect(appLabel(pod('a', { labels: { app: 'web' } }))).toEqual({ key: 'app', value: 'web' });
    expect(appLabel(pod('a'))).toBeNull();
  });
});
