// A link between the core and the real API server that goes silent or breaks mid-stream, made
// by a TCP proxy in between (CuttingProxy): a stalled exec is detected by the keepalive (no pong
// within its window) and ends as connection-lost; a cut exec is reported, not left hanging.
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { ClusterInfo } from '../cluster/cluster.ts';
import { RealSessions } from './exec-harness.ts';
import { CuttingProxy, kubeconfigVia } from './logs-harness.ts';

const cluster = inject('cluster');

/** Shortened from 5 s / 30 s so the stall is called within the test; the logic is the same. */
const KEEPALIVE = { intervalMs: 200, timeoutMs: 1_500 };
/** Prints a marker, then stays quiet (and ends by itself, should nothing close it). */
const QUIET_COMMAND = { kind: 'argv', argv: ['sh', '-c', 'echo ready; sleep 20'] } as const;

describe.skipIf(cluster === null)('exec through a proxy that stalls or cuts the link', () => {
  const c = cluster as ClusterInfo;
  let proxy: CuttingProxy;
  let sessions: RealSessions;
  let removeKubeconfig: () => Promise<void>;

  beforeAll(async () => {
    proxy = await CuttingProxy.start(c.server);
    const kubeconfig = await kubeconfigVia(c, `https://127.0.0.1:${proxy.port}`);
    removeKubeconfig = kubeconfig.remove;
    sessions = new RealSessions({ ...c, kubeconfigPath: kubeconfig.path });
  });
  afterAll(async () => {
    sessions?.close();
    await proxy?.close();
    await removeKubeconfig?.();
  });

  it('calls a stalled exec connection-lost once no pong comes back', async () => {
    const { log } = sessions.exec({ command: QUIET_COMMAND }, { keepalive: KEEPALIVE });
    await log.until((event) => event.kind === 'output' && log.outputText().includes('ready'));
    expect(proxy.stallAll()).toBeGreaterThan(0);

    const final = await log.finalState();
    expect(final.state).toMatchObject({ kind: 'connection-lost', error: { kind: 'connection-lost', context: c.contexts.admin } });
    expect(log.states()).toEqual(['live', 'connection-lost']);
  });

  it('reports a cut exec connection, not a silent end', async () => {
    const { log } = sessions.exec({ command: QUIET_COMMAND }, { keepalive: KEEPALIVE });
    await log.until((event) => event.kind === 'output' && log.outputText().includes('ready'));
    expect(proxy.cutAll()).toBeGreaterThan(0);

    const final = await log.finalState();
    expect(final.state).toMatchObject({ kind: 'connection-lost', error: { context: c.contexts.admin } });
    expect(log.states()).toEqual(['live', 'connection-lost']);
  });

  it('opens new sessions through the same proxy after a stall and a cut', async () => {
    const { log } = sessions.exec({ command: { kind: 'argv', argv: ['echo', 'still here'] } }, { keepalive: KEEPALIVE });
    expect((await log.finalState()).state).toEqual({ kind: 'exited', exitCode: 0 });
    expect(log.outputText()).toBe('still here\n');
  });
});
