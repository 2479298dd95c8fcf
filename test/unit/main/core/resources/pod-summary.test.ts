import { describe, expect, it } from 'vitest';
import { CoreError } from '../../../../../main/core/errors/core-error.ts';
import { toPodSummary } from '../../../../../main/core/resources/pod-summary.ts';

function errorOf(run: () => unknown): CoreError {
  try {
    run();
  } catch (error) {
    if (error instanceof CoreError) return error;
    throw error;
  }
  throw new Error('expected a CoreError');
}

const fullPod = {
  metadata: {
    name: 'web-0',
    namespace: 'shop',
    uid: 'uid-web-0',
    resourceVersion: '42',
    creationTimestamp: '2025-01-02T03:04:05Z',
    labels: { app: 'web', tier: 'front' },
  },
  spec: {
    nodeName: 'node-1',
    initContainers: [{ name: 'migrate', image: 'db:1' }],
    containers: [
      { name: 'app', image: 'web:2' },
      { name: 'sidecar', image: 'proxy:3' },
      { name: 'cache', image: 'redis:7' },
    ],
    ephemeralContainers: [{ name: 'debugger', image: 'busybox', targetContainerName: 'app' }],
  },
  status: {
    phase: 'Running',
    initContainerStatuses: [
      {
        name: 'migrate',
        image: 'db:1',
        restartCount: 0,
        state: { terminated: { exitCode: 0, reason: 'Completed', finishedAt: '2025-01-02T03:04:10Z' } },
      },
    ],
    containerStatuses: [
      // Out of spec order: statuses are matched by name.
      {
        name: 'sidecar',
        restartCount: 3,
        state: { waiting: { reason: 'CrashLoopBackOff', message: 'back-off 40s restarting failed container' } },
        lastState: { terminated: { exitCode: 137, reason: 'OOMKilled' } },
      },
      { name: 'app', restartCount: 0, state: { running: { startedAt: '2025-01-02T03:04:11Z' } } },
      // Restarted with the kubelet's restart count reset (a new node), but a previous instance ran.
      { name: 'cache', restartCount: 0, state: { running: {} }, lastState: { terminated: { exitCode: 1 } } },
    ],
    ephemeralContainerStatuses: [{ name: 'debugger', restartCount: 0, state: { terminated: { exitCode: 2, reason: 'Error' } } }],
  },
};

describe('toPodSummary', () => {
  it('maps identity, placement, labels and phase', () => {
    const pod = toPodSummary(fullPod);
    expect(pod).toMatchObject({
      uid: 'uid-web-0',
      name: 'web-0',
      namespace: 'shop',
      phase: 'Running',
      nodeName: 'node-1',
      createdAt: '2025-01-02T03:04:05Z',
      labels: { app: 'web', tier: 'front' },
      deleting: false,
    });
  });

  it('lists init, main and ephemeral containers in run order with their states', () => {
    expect(toPodSummary(fullPod).containers).toEqual([
      {
        name: 'migrate',
        kind: 'init',
        image: 'db:1',
        state: { kind: 'terminated', exitCode: 0, reason: 'Completed' },
        restartCount: 0,
        hasPreviousLogs: false,
      },
      {
        name: 'app',
        kind: 'main',
        image: 'web:2',
        state: { kind: 'running', startedAt: '2025-01-02T03:04:11Z' },
        restartCount: 0,
        hasPreviousLogs: false,
      },
      {
        name: 'sidecar',
        kind: 'main',
        image: 'proxy:3',
        state: { kind: 'waiting', reason: 'CrashLoopBackOff', message: 'back-off 40s restarting failed container' },
        restartCount: 3,
        hasPreviousLogs: true,
        lastTermination: { exitCode: 137, reason: 'OOMKilled' },
      },
      {
        name: 'cache',
        kind: 'main',
        image: 'redis:7',
        state: { kind: 'running' },
        restartCount: 0,
        hasPreviousLogs: true,
        lastTermination: { exitCode: 1, reason: '' },
      },
      {
        name: 'debugger',
        kind: 'ephemeral',
        image: 'busybox',
        state: { kind: 'terminated', exitCode: 2, reason: 'Error' },
        restartCount: 0,
        hasPreviousLogs: false,
      },
    ]);
  });

  it('has previous logs when only the restart count says so', () => {
    const pod = toPodSummary({
      metadata: { name: 'p', uid: 'u' },
      spec: { containers: [{ name: 'c', image: 'i' }] },
      status: { containerStatuses: [{ name: 'c', restartCount: 1, state: { running: {} } }] },
    });
    expect(pod.containers[0]).toMatchObject({ restartCount: 1, hasPreviousLogs: true });
  });

  it('marks a pod whose deletion was requested', () => {
    const pod = toPodSummary({ ...fullPod, metadata: { ...fullPod.metadata, deletionTimestamp: '2025-01-02T04:00:00Z' } });
    expect(pod.deleting).toBe(true);
  });

  it('takes the documented defaults for a pod without status (just created, not scheduled)', () => {
    const pod = toPodSummary({
      metadata: { name: 'fresh', namespace: 'shop', uid: 'u1' },
      spec: { containers: [{ name: 'app', image: 'web:2' }] },
    });
    expect(pod).toEqual({
      uid: 'u1',
      name: 'fresh',
      namespace: 'shop',
      phase: 'Unknown',
      labels: {},
      containers: [{ name: 'app', kind: 'main', image: 'web:2', state: { kind: 'unknown' }, restartCount: 0, hasPreviousLogs: false }],
      deleting: false,
    });
  });

  it('reads a status without a state, or an empty waiting state, as waiting with no reason', () => {
    const pod = toPodSummary({
      metadata: { name: 'p', uid: 'u' },
      spec: { containers: [{ name: 'a' }, { name: 'b' }] },
      status: { containerStatuses: [{ name: 'a', restartCount: 0 }, { name: 'b', state: { waiting: {} } }] },
    });
    expect(pod.containers.map((c) => c.state)).toEqual([
      { kind: 'waiting', reason: '' },
      { kind: 'waiting', reason: '' },
    ]);
    expect(pod.containers[1]?.image).toBe('');
  });

  it('names the field when the server sent the wrong type', () => {
    const error = errorOf(() =>
      toPodSummary({
        metadata: { name: 'web-0', namespace: 'shop', uid: 'u' },
        spec: { containers: [{ name: 'app' }] },
        status: { containerStatuses: [{ name: 'app', restartCount: 'three' }] },
      }),
    );
    expect(error.userError.kind).toBe('protocol');
    expect(error.userError.detail).toBe(
      'pod shop/web-0: status.containerStatuses[0].restartCount should be a whole number, but the server sent the string "three"',
    );
  });

  it('rejects a terminated state without an exit code', () => {
    const error = errorOf(() =>
      toPodSummary({
        metadata: { name: 'p', namespace: 'n', uid: 'u' },
        spec: { containers: [{ name: 'c' }] },
        status: { containerStatuses: [{ name: 'c', state: { terminated: { reason: 'Error' } } }] },
      }),
    );
    expect(error.userError.detail).toContain('status.containerStatuses[0].state.terminated.exitCode should be a whole number');
  });

  it.each([
    ['no object', 'not a pod', 'pod should be a Pod object, but the server sent the string "not a pod"'],
    ['no metadata', {}, 'pod: metadata should be an object'],
    ['no name', { metadata: { uid: 'u' } }, 'pod: metadata.name should be a non-empty string'],
    ['no uid', { metadata: { name: 'p', namespace: 'n' } }, 'pod n/p: metadata.uid should be a non-empty string'],
    ['labels not strings', { metadata: { name: 'p', uid: 'u', labels: { a: 1 } } }, 'pod p: metadata.labels.a should be a string'],
    ['containers not a list', { metadata: { name: 'p', uid: 'u' }, spec: { containers: {} } }, 'pod p: spec.containers should be an array'],
    ['container without name', { metadata: { name: 'p', uid: 'u' }, spec: { containers: [{}] } }, 'pod p: spec.containers[0].name'],
  ])('rejects a pod with %s', (_case, pod, expected) => {
    const error = errorOf(() => toPodSummary(pod));
    expect(error.userError.kind).toBe('protocol');
    expect(error.userError.detail).toContain(expected);
  });
});
