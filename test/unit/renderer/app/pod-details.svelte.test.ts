// The details panel watches the selected pod only while it is shown, and remembers being hidden.
import { describe, expect, it } from 'vitest';
import { POD_DETAILS_STORAGE_KEY, PodDetailsPanel } from '../../../../renderer/src/app/pod-details.svelte.ts';
import { FakeBridge } from '../fake-bridge.ts';

function memoryStorage(initial: Record<string, string> = {}) {
  const items = new Map(Object.entries(initial));
  return { items, getItem: (key: string) => items.get(key) ?? null, setItem: (key: string, value: string) => void items.set(key, value) };
}

const web0 = { context: 'dev', namespace: 'shop', pod: 'web-0' };

describe('PodDetailsPanel', () => {
  it('watches the selected pod, one at a time, and takes what the watch says', () => {
    const bridge = new FakeBridge();
    const panel = new PodDetailsPanel(bridge, memoryStorage());
    panel.select(web0);
    panel.select({ ...web0 });
    expect(bridge.callsOf('watchPodDetails')).toEqual([{ method: 'watchPodDetails', args: ['dev', 'shop', 'web-0'] }]);
    const watch = bridge.detailsWatches[0]!;
    watch.onEvent({ kind: 'pod', pod: null });
    watch.onEvent({ kind: 'events', events: [{ uid: 'e', type: 'Warning', reason: 'BackOff', message: 'm', count: 2 }] });
    watch.onEvent({ kind: 'health', health: 'live' });
    expect(panel.pod).toBeNull();
    expect(panel.events.map((event) => event.reason)).toEqual(['BackOff']);
    expect(panel.health).toBe('live');

    panel.select({ ...web0, pod: 'web-1' });
    expect(watch.active).toBe(false);
    expect(bridge.detailsWatches[1]?.active).toBe(true);
    expect(panel.pod).toBeUndefined();
    expect(panel.events).toEqual([]);
    panel.select(null);
    expect(bridge.detailsWatches[1]?.active).toBe(false);
  });

  it('stops watching when hidden, remembers it, and starts hidden next time', () => {
    const bridge = new FakeBridge();
    const storage = memoryStorage();
    const panel = new PodDetailsPanel(bridge, storage);
    panel.select(web0);
    panel.toggle();
    expect(panel.visible).toBe(false);
    expect(bridge.detailsWatches[0]?.active).toBe(false);
    expect(storage.items.get(POD_DETAILS_STORAGE_KEY)).toBe('false');

    const next = new PodDetailsPanel(bridge, storage);
    next.select(web0);
    expect(next.visible).toBe(false);
    expect(bridge.detailsWatches).toHaveLength(1);
    next.toggle();
    expect(bridge.detailsWatches[1]?.active).toBe(true);
  });

  it('shows a watch that could not start as its error', () => {
    const bridge = new FakeBridge();
    const panel = new PodDetailsPanel(bridge, memoryStorage());
    panel.select(web0);
    const error = { kind: 'kubeconfig' as const, title: 'No such context', detail: 'No kubeconfig context is named "dev"' };
    bridge.detailsWatches[0]!.onEvent({ kind: 'health', health: 'connecting', error });
    expect(panel.error).toEqual(error);
  });
});
