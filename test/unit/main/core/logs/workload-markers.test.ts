import { describe, expect, it } from 'vitest';
import type { ContainerSummary, PodSummary } from '../../../../../shared/bridge/resources.ts';
import { contextFailedMarker, joinedMarker, laterTimestamp, leftMarker, restartMarker } from '../../../../../main/core/logs/workload-markers.ts';

const NOW = Date.parse('2024-05-01T10:00:09.000Z');
const app: ContainerSummary = { name: 'app', kind: 'main', image: 'app:1', state: { kind: 'running' }, restartCount: 1, hasPreviousLogs: true };
const web: PodSummary = { uid: 'u', name: 'web-7f9c-x2', namespace: 'shop', phase: 'Running', labels: {}, containers: [app], deleting: false };

describe('workload markers', () => {
  it('stamps a joined pod with the earliest start of its containers, else now', () => {
    const started = (at: string): ContainerSummary => ({ ...app, state: { kind: 'running', startedAt: at } });
    const pod = { ...web, containers: [started('2024-05-01T10:00:05Z'), started('2024-05-01T10:00:03Z')] };
    expect(joinedMarker(pod, { pod: pod.name }, NOW)).toEqual({ timestamp: '2024-05-01T10:00:03Z', text: 'pod web-7f9c-x2 joined', marker: 'joined', pod: pod.name });
    expect(joinedMarker(web, { pod: web.name }, NOW).timestamp).toBe('2024-05-01T10:00:09.000Z');
  });

  it('says a pod being deleted was deleted, and any other leaving pod left', () => {
    expect(leftMarker({ ...web, deleting: true }, { pod: web.name }, NOW).text).toBe('pod web-7f9c-x2 deleted');
    expect(leftMarker(web, { pod: web.name, context: 'prod' }, NOW)).toMatchObject({ text: 'pod web-7f9c-x2 left', context: 'prod', marker: 'left' });
  });

  it('tells a restart with exit code and reason, stamped no earlier than the last line shown', () => {
    const oom = { ...app, lastTermination: { exitCode: 137, reason: 'OOMKilled', finishedAt: '2024-05-01T10:00:04Z' } };
    const tag = { pod: web.name, container: 'app' };
    expect(restartMarker(oom, '2024-05-01T10:00:03.5Z', tag, NOW)).toEqual({
      timestamp: '2024-05-01T10:00:04Z',
      text: 'container app restarted: exit 137, OOMKilled',
      marker: 'restarted',
      ...tag,
    });
    expect(restartMarker(oom, '2024-05-01T10:00:04.25Z', tag, NOW).timestamp).toBe('2024-05-01T10:00:04.25Z');
    const bare = { ...app, lastTermination: { exitCode: 1, reason: '' } };
    expect(restartMarker(bare, undefined, tag, NOW).text).toBe('container app restarted: exit 1');
    expect(restartMarker(app, undefined, tag, NOW)).toMatchObject({ text: 'container app restarted', timestamp: '2024-05-01T10:00:09.000Z' });
  });

  it('quotes why a context failed', () => {
    const error = { kind: 'tls' as const, title: 'TLS failed', detail: 'unknown authority' };
    expect(contextFailedMarker('bad-ca', error, NOW)).toEqual({
      timestamp: '2024-05-01T10:00:09.000Z',
      text: 'context bad-ca: TLS failed: unknown authority',
      marker: 'context-failed',
      context: 'bad-ca',
    });
  });

  it('picks the later of two times, ignoring one it cannot read', () => {
    expect(laterTimestamp('2024-05-01T10:00:05Z', '2024-05-01T10:00:04Z')).toBe('2024-05-01T10:00:05Z');
    expect(laterTimestamp(undefined, '2024-05-01T10:00:04Z')).toBe('2024-05-01T10:00:04Z');
    expect(laterTimestamp('garbage', '2024-05-01T10:00:04Z')).toBe('2024-05-01T10:00:04Z');
  });
});
