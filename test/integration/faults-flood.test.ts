// A pod floods a consumer that stops acknowledging, against the real API server: through the core
// facade, and through the bridge (BridgeServer with an in-memory web-codec client, so batching
// and the replay sit in the path). While the consumer is stalled, main holds no more than the
// high watermark plus one message of output; once it acknowledges, every byte arrives, exactly
// once and in order. (The session-level version is exec-flood.test.ts.)
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { BridgeClient } from '../../shared/bridge/bridge-client.ts';
import type { ExecRequest, SessionEvent, SessionId, SessionState } from '../../shared/bridge/sessions.ts';
import { webCodec, type WebFrame } from '../../shared/bridge/web-codec.ts';
import { BridgeServer } from '../../main/bridge/bridge-server.ts';
import type { BridgeEndpoint } from '../../main/bridge/bridge-endpoint.ts';
import type { PortholeCore } from '../../main/core/core.ts';
import { createCore } from '../../main/core/create-core.ts';
import { SESSION_WATERMARKS } from '../../shared/flow/flow-budget.ts';
import type { ClusterInfo } from '../cluster/cluster.ts';
import { waitFor } from './logs-harness.ts';

const cluster = inject('cluster');
const TOTAL = 20_000_000;
/** Long enough that an unpaused flood would deliver megabytes meanwhile. */
const STALL_MS = 1_000;

/** Counts a session's output and checks it is `yes`'s "y\n…" at the right offsets. */
class YesCounter {
  received = 0;
  largestMessage = 0;
  firstWrongByte = -1;
  final: SessionState | undefined;

  add(event: SessionEvent): void {
    if (event.kind === 'state' && !['connecting', 'live'].includes(event.state.kind)) this.final ??= event.state;
    if (event.kind !== 'output') return;
    const { bytes } = event;
    for (let i = 0; i < bytes.length && this.firstWrongByte < 0; i++) {
      if (bytes[i] !== ((this.received + i) % 2 === 0 ? 0x79 : 0x0a)) this.firstWrongByte = this.received + i;
    }
    this.received += bytes.length;
    this.largestMessage = Math.max(this.largestMessage, bytes.length);
  }
}

describe.skipIf(cluster === null)('a flood to a stalled consumer, through the core facade and the bridge', () => {
  const c = cluster as ClusterInfo;
  let core: PortholeCore;
  const request = (): ExecRequest => ({
    context: c.contexts.admin,
    namespace: c.pods.single.namespace,
    pod: c.pods.single.name,
    container: c.pods.single.containers[0],
    command: { kind: 'argv', argv: ['sh', '-c', `yes | head -c ${TOTAL}`] },
    tty: false,
    stdin: false,
  });

  beforeAll(async () => {
    core = await createCore({ kubeconfigEnv: c.kubeconfigPath, watch: false });
  });
  afterAll(() => core?.dispose());

  /** What the core emitted for one session, counted as it leaves the core. */
  function countCore(): { counters: Map<SessionId, YesCounter>; stop: () => void } {
    const counters = new Map<SessionId, YesCounter>();
    const stop = core.onSessionEvent((event) => {
      const counter = counters.get(event.id) ?? new YesCounter();
      counters.set(event.id, counter);
      counter.add(event);
    });
    return { counters, stop };
  }

  it('core facade: holds at most the high watermark plus one message, then delivers all 20 MB', async () => {
    const { counters, stop } = countCore();
    let acknowledging = false;
    const stopAcknowledging = core.onSessionEvent((event) => {
      if (acknowledging && event.kind === 'output') core.acknowledge(event.id, event.bytes.length);
    });
    try {
      const { id } = await core.openExec(request());
      const counter = (): YesCounter => counters.get(id) ?? new YesCounter();
      await waitFor(() => counter().received > SESSION_WATERMARKS.high);
      await sleep(STALL_MS);
      expect(counter().final).toBeUndefined();
      expect(counter().received).toBeLessThanOrEqual(SESSION_WATERMARKS.high + counter().largestMessage);

      acknowledging = true;
      core.acknowledge(id, counter().received);
      await waitFor(() => counter().final !== undefined);
      expect(counter().final).toEqual({ kind: 'exited', exitCode: 0 });
      expect(counter().received).toBe(TOTAL);
      expect(counter().firstWrongByte).toBe(-1);
      core.close(id);
    } finally {
      stop();
      stopAcknowledging();
    }
  }, 120_000);

  it('bridge: the stalled client holds main to the watermark; batching and replay lose nothing', async () => {
    const { counters: emitted, stop } = countCore();
    const server = new BridgeServer({ core, appInfo: { name: 'Porthole', version: 'test', host: 'web' }, log: () => undefined });
    const client = new BridgeClient();
    // Both directions through the web codec, asynchronously, as over the page's WebSocket. The
    // client sends nothing before the endpoint's hello, so `endpoint` is set by then.
    client.connected({
      send: (message) => {
        const frame = webCodec.encodeClient(message);
        queueMicrotask(() => endpoint.receive(frame));
      },
      close: () => endpoint.close(),
    });
    const endpoint: BridgeEndpoint<WebFrame> = server.connect<WebFrame>({
      codec: webCodec,
      send: (frame) => queueMicrotask(() => client.receive(webCodec.decodeServer(frame))),
    });
    const received = new YesCounter();
    let acknowledging = false;
    client.onSessionEvent((event) => {
      received.add(event);
      if (acknowledging && event.kind === 'output') void client.acknowledge(event.id, event.bytes.length);
    });
    try {
      const { id } = await client.openExec(request());
      const fromCore = (): YesCounter => emitted.get(id) ?? new YesCounter();
      await waitFor(() => received.received > SESSION_WATERMARKS.high);
      await sleep(STALL_MS);
      expect(received.final).toBeUndefined();
      // Main's holding is what the core emitted and nobody acknowledged; the outbox and the
      // replay hold parts of the same bytes, not more.
      expect(fromCore().received).toBeLessThanOrEqual(SESSION_WATERMARKS.high + fromCore().largestMessage);
      // Batching held nothing back for long: the client has all the core emitted.
      expect(received.received).toBe(fromCore().received);

      acknowledging = true;
      await client.acknowledge(id, received.received);
      await waitFor(() => received.final !== undefined);
      expect(received.final).toEqual({ kind: 'exited', exitCode: 0 });
      expect(received.received).toBe(TOTAL);
      expect(received.firstWrongByte).toBe(-1);
      expect(fromCore().received).toBe(TOTAL);
      await client.close(id);
    } finally {
      stop();
      server.close();
    }
  }, 120_000);
});
