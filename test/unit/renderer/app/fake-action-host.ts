// The window as app actions see it, recording what they ask of it, over a real workspace on a fake bridge.
import type { AppActionHost } from '../../../../renderer/src/app/app-actions.ts';
import { shellDetail } from '../../../../renderer/src/app/workspace/tab-kinds.ts';
import { Workspace } from '../../../../renderer/src/app/workspace/workspace.svelte.ts';
import { FakeBridge } from '../fake-bridge.ts';

export type FakeActionHost = AppActionHost & { readonly calls: string[] };

export function fakeActionHost(): FakeActionHost {
  const calls: string[] = [];
  return {
    calls,
    workspace: new Workspace(new FakeBridge(), { forget: () => undefined }),
    newShell: () => calls.push('newShell'),
    newLogs: () => calls.push('newLogs'),
    toggleDrawer: (drawer) => calls.push(`drawer:${drawer}`),
    openPalette: () => calls.push('openPalette'),
    paletteOpen: false,
    notice: (message) => calls.push(`notice:${message}`),
    toggleBroadcast: () => calls.push('toggleBroadcast'),
    toggleBroadcastOptOut: () => calls.push('toggleBroadcastOptOut'),
    toggleRecording: () => calls.push('toggleRecording'),
    openRecording: () => calls.push('openRecording'),
    togglePodDetails: () => calls.push('togglePodDetails'),
  };
}

/** A host whose workspace has `count` shell tabs, in pods web-0, web-1, …; the last one active. */
export async function hostWithTabs(count: number): Promise<FakeActionHost> {
  const host = fakeActionHost();
  for (let i = 0; i < count; i += 1) await host.workspace.open(shellDetail({ context: 'dev', namespace: 'default', pod: `web-${i}`, container: 'main' }));
  return host;
}
