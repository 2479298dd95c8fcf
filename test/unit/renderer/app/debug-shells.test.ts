import { describe, expect, it, vi } from 'vitest';
import { DebugShells, debugDetail, type DebugShellHost } from '../../../../renderer/src/app/debug-shells.ts';
import type { PodRow } from '../../../../renderer/src/app/pod-tree.ts';
import type { Confirmation } from '../../../../renderer/src/app/production.ts';
import { container, pod } from '../fake-bridge.ts';

function host(answer: boolean): DebugShellHost & { asked: Confirmation[] } {
  const asked: Confirmation[] = [];
  return {
    asked,
    open: vi.fn(() => Promise.resolve()),
    ask: vi.fn((confirmation: Confirmation) => {
      asked.push(confirmation);
      return Promise.resolve(answer);
    }),
    debugImage: () => 'busybox:1.36',
    notice: vi.fn(),
  };
}

const summary = pod('app-0', { nodeName: 'worker-1', containers: [container('app'), container('sidecar')] });
const podRow: PodRow = { kind: 'pod', key: 'p', depth: 2, path: 'dev/default/app-0', context: 'dev', pod: summary, expanded: false };
const containerRow: PodRow = { kind: 'container', key: 'c', depth: 3, path: 'dev/default/app-0/sidecar', context: 'dev', pod: summary, container: container('sidecar') };

describe('DebugShells', () => {
  it('Debug on a container row opens a debug shell targeting that container, with the settings’ image', async () => {
    const app = host(true);
    new DebugShells(app).hostFor().onDebug(containerRow);
    await Promise.resolve();
    expect(app.open).toHaveBeenCalledWith({
      kind: 'debug',
      request: { context: 'dev', namespace: 'default', pod: 'app-0', container: 'sidecar', image: 'busybox:1.36' },
    });
    expect(app.asked).toEqual([]);
  });

  it('Debug on a pod row leaves the target to main (the pod’s default container)', () => {
    const app = host(true);
    new DebugShells(app).hostFor().onDebug(podRow);
    expect(app.open).toHaveBeenCalledWith({ kind: 'debug', request: { context: 'dev', namespace: 'default', pod: 'app-0', image: 'busybox:1.36' } });
  });

  it('takes only the place of a shell tab’s request', () => {
    const request = { context: 'dev', namespace: 'default', pod: 'app-0', container: 'app', command: { kind: 'shell' }, tty: true, stdin: true };
    expect(debugDetail(request, 'alpine:3').request).toEqual({ context: 'dev', namespace: 'default', pod: 'app-0', container: 'app', image: 'alpine:3' });
  });

  it('Node shell asks first, naming the node, and opens only when the user goes ahead', async () => {
    const yes = host(true);
    await new DebugShells(yes).nodeShell(podRow);
    expect(yes.asked[0]?.title).toBe('Open a shell on node worker-1?');
    expect(yes.asked[0]?.message).toContain('privileged pod on node worker-1 (namespace default, image busybox:1.36)');
    expect(yes.open).toHaveBeenCalledWith({ kind: 'node-shell', request: { context: 'dev', namespace: 'default', node: 'worker-1', image: 'busybox:1.36' } });

    const no = host(false);
    await new DebugShells(no).nodeShell(podRow);
    expect(no.open).not.toHaveBeenCalled();
  });

  it('a pod on no node yet has no node shell: it says so and asks nothing', async () => {
    const app = host(true);
    await new DebugShells(app).nodeShell({ ...podRow, pod: pod('pending-0') });
    expect(app.asked).toEqual([]);
    expect(app.notice).toHaveBeenCalledWith('Pod pending-0 is not scheduled on a node yet: there is no node to open a shell on.');
  });
});
