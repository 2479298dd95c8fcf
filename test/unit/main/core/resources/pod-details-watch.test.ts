// The details watch: one pod (field selector metadata.name) and its events (involvedObject), each
// listed then watched; the pod as PodDetails, the events newest first, health the worse of the two.
import { describe, expect, it } from 'vitest';
import type { PodDetailsEvent } from '../../../../../shared/bridge/pod-details.ts';
import { PodDetailsWatch } from '../../../../../main/core/resources/pod-details-watch.ts';
import { listPage, Recorder, ScriptedClient, type ScriptedRequest } from './scripted-client.ts';

function crashingPod(resourceVersion: string): object {
  return {
    metadata: { name: 'crashloop', namespace: 'shop', uid: 'uid-c', resourceVersion, ownerReferences: [{ kind: 'ReplicaSet', name: 'c-7d9', controller: true }] },
    spec: { nodeName: 'node-1', containers: [{ name: 'app', image: 'busybox', ports: [{ containerPort: 8080, name: 'http' }] }] },
    status: {
      phase: 'Running',
      podIP: '10.0.0.7',
      qosClass: 'BestEffort',
      conditions: [{ type: 'Ready', status: 'False', reason: 'ContainersNotReady' }],
      containerStatuses: [
        {
          name: 'app',
          ready: false,
          restartCount: 3,
          state: { waiting: { reason: 'CrashLoopBackOff', message: 'back-off 40s' } },
          lastState: { terminated: { exitCode: 3, reason: 'Error', finishedAt: '2026-12-06T09:00:00Z' } },
        },
      ],
    },
  };
}

function eventObject(uid: string, reason: string, lastTimestamp: string, extra: object = {}): object {
  return { metadata: { uid, resourceVersion: '1' }, type: 'Warning', reason, message: `${reason} happened`, count: 2, lastTimestamp, source: { component: 'kubelet' }, ...extra };
}

const POD_PATH = '/api/v1/namespaces/shop/pods';
const EVENTS_PATH = '/api/v1/namespaces/shop/events';

/** The next request of each of the two watchers, whichever comes first. */
async function nextOfEach(client: ScriptedClient): Promise<{ pod: ScriptedRequest; events: ScriptedRequest }> {
  const [first, second] = [await client.next(), await client.next()];
  return first.target.path === POD_PATH ? { pod: first, events: second } : { pod: second, events: first };
}

describe('PodDetailsWatch', () => {
  it('lists the pod and its events by field selector, then follows both', async () => {
    const client = new ScriptedClient();
    const seen = new Recorder<PodDetailsEvent>();
    const watch = new PodDetailsWatch({ client, namespace: 'shop', pod: 'crashloop' }, seen.push);
    watch.start();
    const { pod: podList, events: eventList } = await nextOfEach(client);
    expect(podList.target.path).toBe(POD_PATH);
    expect(podList.query.get('fieldSelector')).toBe('metadata.name=crashloop');
    expect(eventList.target.path).toBe(EVENTS_PATH);
    expect(eventList.query.get('fieldSelector')).toBe('involvedObject.name=crashloop,involvedObject.namespace=shop,involvedObject.kind=Pod');

    podList.json(listPage([crashingPod('5')], '5'));
    const pod = await seen.until((event) => event.kind === 'pod');
    expect(pod).toEqual({
      kind: 'pod',
      pod: expect.objectContaining({
        name: 'crashloop',
        podIP: '10.0.0.7',
        qosClass: 'BestEffort',
        owner: { kind: 'ReplicaSet', name: 'c-7d9' },
        conditions: [{ type: 'Ready', status: 'False', reason: 'ContainersNotReady' }],
        containers: [
          expect.objectContaining({
            name: 'app',
            ready: false,
            restartCount: 3,
            state: { kind: 'waiting', reason: 'CrashLoopBackOff', message: 'back-off 40s' },
            lastTermination: { exitCode: 3, reason: 'Error', finishedAt: '2026-12-06T09:00:00Z' },
            ports: [{ containerPort: 8080, protocol: 'TCP', name: 'http' }],
          }),
        ],
      }) as unknown,
    });

    eventList.json(listPage([eventObject('e1', 'BackOff', '2026-12-06T09:00:00Z'), eventObject('e2', 'Pulled', '2026-12-06T09:01:00Z', { type: 'Normal' })], '9'));
    const events = await seen.until((event) => event.kind === 'events');
    expect(events).toEqual({
      kind: 'events',
      events: [
        { uid: 'e2', type: 'Normal', reason: 'Pulled', message: 'Pulled happened', count: 2, lastSeen: '2026-12-06T09:01:00Z', source: 'kubelet' },
        { uid: 'e1', type: 'Warning', reason: 'BackOff', message: 'BackOff happened', count: 2, lastSeen: '2026-12-06T09:00:00Z', source: 'kubelet' },
      ],
    });

    // A new event arrives on the events watch: it comes first.
    const { pod: podWatch, events: eventWatch } = await nextOfEach(client);
    expect([podWatch.isWatch, eventWatch.isWatch]).toEqual([true, true]);
    const eventStream = eventWatch.stream();
    const podStream = podWatch.stream();
    await seen.until((event) => event.kind === 'health' && event.health === 'live');
    const from = seen.all.length;
    eventStream.event('ADDED', eventObject('e3', 'Unhealthy', '2026-12-06T09:02:00Z', { resourceVersion: '10' }));
    const newer = await seen.until((event) => event.kind === 'events', from);
    expect(newer.kind === 'events' && newer.events.map((event) => event.uid)).toEqual(['e3', 'e2', 'e1']);

    // The pod is deleted: the panel hears null.
    podStream.event('DELETED', crashingPod('11'));
    expect(await seen.until((event) => event.kind === 'pod' && event.pod === null, from)).toEqual({ kind: 'pod', pod: null });
    await watch.stop();
  });

  it('reports the pod missing as null after the list', async () => {
    const client = new ScriptedClient();
    const seen = new Recorder<PodDetailsEvent>();
    const watch = new PodDetailsWatch({ client, namespace: 'shop', pod: 'gone' }, seen.push);
    watch.start();
    (await nextOfEach(client)).pod.json(listPage([], '3'));
    expect(await seen.until((event) => event.kind === 'pod')).toEqual({ kind: 'pod', pod: null });
    await watch.stop();
  });
});
