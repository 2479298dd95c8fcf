import { describe, expect, it } from 'vitest';
import type { PodSummary } from '../../../../../shared/bridge/resources.ts';
import { choosePod, servesTraffic } from '../../../../../main/core/port-forward/pod-choice.ts';

function pod(name: string, fields: Partial<PodSummary> = {}): PodSummary {
  return { uid: name, name, namespace: 'shop', phase: 'Running', labels: {}, containers: [], deleting: false, ready: true, createdAt: '2026-01-01T00:00:00Z', ...fields };
}

describe('choosePod', () => {
  it('keeps the pod in use while it still serves, even when an older one serves too', () => {
    const pods = [pod('web-a', { createdAt: '2026-01-01T00:00:00Z' }), pod('web-b', { createdAt: '2026-01-02T00:00:00Z' })];
    expect(choosePod(pods, 'web-b', {})?.name).toBe('web-b');
  });

  it('otherwise takes the oldest ready pod, then by name', () => {
    const pods = [pod('web-c', { createdAt: '2026-01-03T00:00:00Z' }), pod('web-b'), pod('web-a')];
    expect(choosePod(pods, undefined, {})?.name).toBe('web-a');
    expect(choosePod(pods, 'gone', {})?.name).toBe('web-a');
  });

  it('passes over pods that are not ready, being deleted or not running, and finds none when none serves', () => {
    const pods = [pod('unready', { ready: false }), pod('deleting', { deleting: true }), pod('pending', { phase: 'Pending' }), pod('unknown', { ready: undefined })];
    expect(choosePod(pods, 'deleting', {})).toBeUndefined();
    expect(choosePod([...pods, pod('web-z', { createdAt: '2027-01-01T00:00:00Z' })], undefined, {})?.name).toBe('web-z');
  });

  it('for a pod target takes that pod while it runs, ready or not, and no other', () => {
    expect(choosePod([pod('web-a'), pod('db', { ready: false })], undefined, { podName: 'db' })?.name).toBe('db');
    expect(choosePod([pod('web-a')], undefined, { podName: 'db' })).toBeUndefined();
    expect(servesTraffic(pod('db', { deleting: true }), { podName: 'db' })).toBe(false);
  });
});
