import { describe, expect, it } from 'vitest';
import type { PodSummary, PodWatchEvent } from '../../../../../shared/bridge/resources.ts';
import { PodFollower, type FollowEvent } from '../../../../../main/core/port-forward/pod-follower.ts';
import type { ResolvedTarget } from '../../../../../main/core/port-forward/forward-target.ts';

function pod(name: string, fields: Partial<PodSummary> = {}): PodSummary {
  const ports = [{ name: 'http', containerPort: name === 'web-b' ? 9090 : 8080, protocol: 'TCP' }];
  return {
    uid: `uid-${name}`,
    name,
    namespace: 'shop',
    phase: 'Running',
    labels: { app: 'web' },
    deleting: false,
    ready: true,
    createdAt: `2026-01-0${name === 'web-a' ? 1 : 2}T00:00:00Z`,
    containers: [{ name: 'httpd', kind: 'main', image: 'web', state: { kind: 'running' }, restartCount: 0, hasPreviousLogs: false, ports }],
    ...fields,
  };
}

function follow(target: ResolvedTarget): { events: FollowEvent[]; send: (event: PodWatchEvent) => void; selectors: string[]; stopped: () => boolean; follower: PodFollower } {
  const events: FollowEvent[] = [];
  const selectors: string[] = [];
  let listener: (event: PodWatchEvent) => void = () => {};
  let stopped = false;
  const follower = new PodFollower(
    (_context, _namespace, onEvent, selector) => {
      selectors.push(selector);
      listener = onEvent;
      return () => (stopped = true);
    },
    { context: 'dev', namespace: 'shop' },
    target,
    'Service web',
    (event) => events.push(event),
  );
  return { events, send: (event) => listener(event), selectors, stopped: () => stopped, follower };
}

const names = (events: FollowEvent[]): string[] => events.map((event) => (event.kind === 'pod' ? `${event.pod.name}:${event.port}` : event.kind === 'none' ? `none: ${event.reason}` : `failed: ${event.error.title}`));

describe('PodFollower', () => {
  it('watches the target selector and says nothing before the first list', () => {
    const { events, send, selectors } = follow({ selector: 'app=web', rule: {}, port: 'http' });
    send({ kind: 'upsert', pod: pod('web-a') });
    expect(selectors).toEqual(['app=web']);
    expect(events).toEqual([]);
  });

  it('announces the pod to use with the named port resolved on it, and each change once', () => {
    const { events, send } = follow({ selector: 'app=web', rule: {}, port: 'http' });
    send({ kind: 'snapshot', pods: [pod('web-a'), pod('web-b')] });
    send({ kind: 'upsert', pod: pod('web-b', { ready: false }) });
    send({ kind: 'batch', upserts: [pod('web-b')], deletes: ['uid-web-a'] });
    send({ kind: 'delete', uid: 'uid-web-b' });
    send({ kind: 'delete', uid: 'uid-web-b' });
    send({ kind: 'upsert', pod: pod('web-c', { ready: false }) });
    expect(names(events)).toEqual(['web-a:8080', 'web-b:9090', 'none: Service web has no pods.']);
    send({ kind: 'upsert', pod: pod('web-c') });
    expect(names(events).at(-1)).toBe('web-c:8080');
  });

  it('says why no pod serves: none ready, or none with the named port', () => {
    const unready = follow({ selector: 'app=web', rule: {}, port: 8080 });
    unready.send({ kind: 'snapshot', pods: [pod('web-a', { ready: false }), pod('web-b', { ready: false })] });
    expect(names(unready.events)).toEqual(['none: None of the 2 pods of Service web is ready.']);
    const unnamed = follow({ selector: 'app=web', rule: {}, port: 'metrics' });
    unnamed.send({ kind: 'snapshot', pods: [pod('web-a')] });
    expect(names(unnamed.events)).toEqual(['none: No ready pod of Service web has a port named metrics.']);
  });

  it('for a pod target says whether the pod is missing, going or not running', () => {
    const missing = follow({ selector: '', rule: { podName: 'db' }, port: 5432 });
    missing.send({ kind: 'snapshot', pods: [pod('web-a')] });
    missing.send({ kind: 'upsert', pod: pod('db', { phase: 'Pending' }) });
    missing.send({ kind: 'upsert', pod: pod('db') });
    missing.send({ kind: 'upsert', pod: pod('db', { deleting: true }) });
    expect(names(missing.events)).toEqual(['none: Pod db does not exist.', 'db:5432', 'none: Pod db is being deleted.']);
  });

  it('reports a watch that cannot list at all, but not the reconnects of one that did', () => {
    const { events, send } = follow({ selector: 'app=web', rule: {}, port: 8080 });
    send({ kind: 'health', health: 'connecting', error: { kind: 'forbidden', title: 'Listing pods denied', detail: 'RBAC' } });
    send({ kind: 'snapshot', pods: [pod('web-a')] });
    send({ kind: 'health', health: 'reconnecting', error: { kind: 'network', title: 'Connection reset', detail: 'reset' } });
    expect(names(events)).toEqual(['failed: Listing pods denied', 'web-a:8080']);
  });

  it('stops its watch when stopped', () => {
    const { follower, stopped } = follow({ selector: 'app=web', rule: {}, port: 8080 });
    follower.stop();
    expect(stopped()).toBe(true);
  });
});
