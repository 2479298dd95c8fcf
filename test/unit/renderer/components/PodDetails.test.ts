// @vitest-environment jsdom
// The details panel on screen: the problem first, containers, events (Warnings marked), updated in place.
import { fireEvent, render, screen, waitFor } from '@testing-library/svelte';
import { describe, expect, it } from 'vitest';
import type { PodDetails as Details } from '../../../../shared/bridge/pod-details.ts';
import { PodDetailsPanel } from '../../../../renderer/src/app/pod-details.svelte.ts';
import PodDetails from '../../../../renderer/src/components/PodDetails.svelte';
import { FakeBridge } from '../fake-bridge.ts';

const storage = () => {
  const items = new Map<string, string>();
  return { getItem: (key: string) => items.get(key) ?? null, setItem: (key: string, value: string) => void items.set(key, value) };
};

const crashing: Details = {
  uid: 'u',
  name: 'crashloop',
  namespace: 'porthole-b',
  phase: 'Running',
  nodeName: 'porthole-real',
  podIP: '10.88.0.7',
  qosClass: 'BestEffort',
  deleting: false,
  containers: [
    {
      name: 'main',
      kind: 'main',
      image: 'busybox',
      state: { kind: 'waiting', reason: 'CrashLoopBackOff', message: 'back-off 20s' },
      ready: false,
      restartCount: 4,
      hasPreviousLogs: true,
      lastTermination: { exitCode: 3, reason: 'Error' },
    },
  ],
  conditions: [{ type: 'Ready', status: 'False', reason: 'ContainersNotReady' }],
};

describe('PodDetails', () => {
  it('says why the pod crashes first, then its container, facts and events, and follows updates in place', async () => {
    const bridge = new FakeBridge();
    const panel = new PodDetailsPanel(bridge, storage());
    panel.select({ context: 'admin', namespace: 'porthole-b', pod: 'crashloop' });
    render(PodDetails, { props: { panel, closeKey: 'Ctrl+Shift+K' } });
    expect(screen.getByText('Loading…')).toBeTruthy();

    const watch = bridge.detailsWatches[0]!;
    watch.onEvent({ kind: 'pod', pod: crashing });
    watch.onEvent({
      kind: 'events',
      events: [
        { uid: 'e2', type: 'Warning', reason: 'BackOff', message: 'Back-off restarting failed container main', count: 9 },
        { uid: 'e1', type: 'Normal', reason: 'Pulled', message: 'Container image "busybox" already present', count: 5 },
      ],
    });
    const problem = await screen.findByRole('status', { name: 'Problem' });
    expect(problem.textContent).toContain('Container main keeps crashing: it exited with code 3 (Error); restarted 4 times');
    expect(screen.getByRole('listitem', { name: 'Container main' }).textContent).toContain('Waiting: CrashLoopBackOff');
    expect(screen.getByText('10.88.0.7')).toBeTruthy();
    const events = screen.getByRole('list', { name: 'Events' });
    expect(events.querySelectorAll('li.warning')).toHaveLength(1);
    expect(events.textContent).toContain('×9');

    const item = screen.getByRole('listitem', { name: 'Container main' });
    watch.onEvent({ kind: 'pod', pod: { ...crashing, containers: [{ ...crashing.containers[0]!, restartCount: 5 }] } });
    await waitFor(() => expect(item.textContent).toContain('restarts 5'));
    // The same element, updated: nothing is redrawn from scratch.
    expect(screen.getByRole('listitem', { name: 'Container main' })).toBe(item);
  });

  it('says when the pod is gone, and hides itself from its close button', async () => {
    const bridge = new FakeBridge();
    const panel = new PodDetailsPanel(bridge, storage());
    panel.select({ context: 'admin', namespace: 'porthole-b', pod: 'gone' });
    render(PodDetails, { props: { panel } });
    bridge.detailsWatches[0]!.onEvent({ kind: 'pod', pod: null });
    await screen.findByText('The pod gone does not exist (any more).');
    await fireEvent.click(screen.getByRole('button', { name: 'Hide pod details' }));
    expect(panel.visible).toBe(false);
  });
});
