import { afterEach, describe, expect, it } from 'vitest';
import type { PodWatchEvent } from '../../../../../shared/bridge/resources.ts';
import { CoreError } from '../../../../../main/core/errors/core-error.ts';
import { PodWatchHub } from '../../../../../main/core/resources/pod-watch-hub.ts';
import { podObject } from './pod-fixtures.ts';
import { listPage, Recorder, ScriptedClient } from './scripted-client.ts';

const hubs: PodWatchHub[] = [];
afterEach(async () => {
  await Promise.all(hubs.splice(0).map((hub) => hub.close()));
});

function hubWith(clients: Record<string, ScriptedClient>): PodWatchHub {
  const hub = new PodWatchHub(
    (context) => {
      const client = clients[context];
      if (client === undefined) {
        throw new CoreError({ kind: 'kubeconfig', title: 'Unknown context', detail: `no context "${context}"`, context });
      }
      return client;
    },
    { coalesceMs: 0 },
  );
  hubs.push(hub);
  return hub;
}

const isLive = (event: PodWatchEvent): boolean => event.kind === 'health' && event.health === 'live';

describe('PodWatchHub', () => {
  it('shares one watch per context and namespace, and brings a late subscriber up to date', async () => {
    const client = new ScriptedClient();
    const hub = hubWith({ prod: client });
    const first = new Recorder<PodWatchEvent>();
    hub.watch('prod', 'shop', first.push);
    (await client.next()).json(listPage([podObject('a', '1')], '1'));
    const watch = (await client.next()).stream();
    await first.until(isLive);

    const second = new Recorder<PodWatchEvent>();
    hub.watch('prod', 'shop', second.push);
    expect(second.all).toEqual([
      { kind: 'health', health: 'live' },
      { kind: 'snapshot', pods: [expect.objectContaining({ name: 'a' })] },
    ]);
    expect(hub.size).toBe(1);
    expect(client.requests).toHaveLength(2);

    watch.event('ADDED', podObject('b', '2'));
    for (const recorder of [first, second]) {
      expect(await recorder.until((event) => event.kind === 'upsert')).toMatchObject({ pod: { name: 'b' } });
    }
  });

  it('runs separate watches for other namespaces and selectors', async () => {
    const client = new ScriptedClient();
    const hub = hubWith({ prod: client });
    hub.watch('prod', 'shop', () => {});
    hub.watch('prod', 'billing', () => {});
    hub.watch('prod', 'shop', () => {}, 'app=web');
    const paths = await Promise.all([client.next(), client.next(), client.next()]);
    expect(paths.map((request) => `${request.target.path}?${request.query.get('labelSelector') ?? ''}`).sort()).toEqual([
      '/api/v1/namespaces/billing/pods?',
      '/api/v1/namespaces/shop/pods?',
      '/api/v1/namespaces/shop/pods?app=web',
    ]);
    expect(hub.size).toBe(3);
  });

  it('stops the watch when the last subscriber leaves', async () => {
    const client = new ScriptedClient();
    const hub = hubWith({ prod: client });
    const leaveFirst = hub.watch('prod', 'shop', () => {});
    const leaveSecond = hub.watch('prod', 'shop', () => {});
    const list = await client.next();
    leaveFirst();
    expect(list.signal.aborted).toBe(false);
    leaveSecond();
    expect(list.signal.aborted).toBe(true);
    expect(hub.size).toBe(0);
  });

  it('reports a context it cannot use as a health error instead of throwing', () => {
    const hub = hubWith({});
    const events = new Recorder<PodWatchEvent>();
    hub.watch('nope', 'shop', events.push);
    expect(events.all).toEqual([
      { kind: 'health', health: 'connecting', error: expect.objectContaining({ kind: 'kubeconfig', context: 'nope' }) },
    ]);
    expect(hub.size).toBe(0);
  });

  it('reports an invalid namespace the same way', () => {
    const hub = hubWith({ prod: new ScriptedClient() });
    const events = new Recorder<PodWatchEvent>();
    hub.watch('prod', 'Not_A_Namespace', events.push);
    expect(events.all).toEqual([
      { kind: 'health', health: 'connecting', error: expect.objectContaining({ kind: 'invalid-request' }) },
    ]);
  });
});
