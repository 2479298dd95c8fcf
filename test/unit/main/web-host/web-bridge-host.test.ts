// The renderer's web bridge against the real web host over real WebSockets (the `ws` client
// standing in for the browser's, with the Origin a browser would send): the token exchange, a
// dropped connection, and a page reload re-binding to a running session.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { WebSocket, type RawData } from 'ws';
import type { BridgeConnection, PortholeBridge } from '../../../../shared/bridge/bridge.ts';
import type { ExecRequest, SessionEvent } from '../../../../shared/bridge/sessions.ts';
import { startWebHost, type WebHost } from '../../../../main/web-host/web-host.ts';
import { connectWebBridge, type OpenSocket, type WebBridge } from '../../../../renderer/src/bridge/web-bridge.ts';
import { MemoryCredentials } from '../../../support/memory-credentials.ts';
import { FakeCore } from '../bridge/fake-core.ts';

const EXEC: ExecRequest = { context: 'kind-dev', namespace: 'default', pod: 'web-0', command: { kind: 'shell' }, tty: true, stdin: true };

let core: FakeCore;
let host: WebHost;
let sockets: WebSocket[];
const bridges: WebBridge[] = [];

const nodeSocket: OpenSocket = (url, handlers) => {
  const ws = new WebSocket(url, { origin: host.origin });
  sockets.push(ws);
  let closed = false;
  const close = (code: number, reason: string) => {
    if (closed) return;
    closed = true;
    handlers.close(code, reason);
  };
  ws.on('open', () => handlers.open());
  ws.on('message', (data: RawData, isBinary) => handlers.message(isBinary ? new Uint8Array(data as Buffer) : (data as Buffer).toString('utf8')));
  ws.on('close', (code, reason) => close(code, reason.toString('utf8')));
  ws.on('error', () => close(1006, ''));
  return { send: (frame) => ws.send(frame), close: () => ws.close() };
};

function openTab(storage: MemoryCredentials): PortholeBridge {
  const web = connectWebBridge({ bridgeUrl: `ws://127.0.0.1:${host.port}/bridge`, credentials: storage, openSocket: nodeSocket, backoff: { initialMs: 10, maxMs: 50 } });
  bridges.push(web);
  return web.bridge;
}

function until(bridge: PortholeBridge, kind: BridgeConnection['kind']): Promise<BridgeConnection> {
  return new Promise((resolve) => {
    const stop = bridge.onConnection((state) => {
      if (state.kind !== kind) return;
      queueMicrotask(() => stop());
      resolve(state);
    });
  });
}

function collectOutput(bridge: PortholeBridge): { text(): string } {
  const events: SessionEvent[] = [];
  bridge.onSessionEvent((event) => events.push(event));
  // A page that binds afresh gets a terminal's screen (main's mirror) where a reconnect gets output.
  return { text: () => events.map((event) => (event.kind === 'output' ? Buffer.from(event.bytes).toString('utf8') : event.kind === 'screen' ? event.data : '')).join('') };
}

beforeEach(async () => {
  core = new FakeCore();
  sockets = [];
  const dir = mkdtempSync(join(tmpdir(), 'porthole-renderer-'));
  writeFileSync(join(dir, 'index.html'), '<!doctype html>');
  host = await startWebHost({ core, appInfo: { name: 'Porthole', version: '0.1.0', host: 'web' }, rendererDir: dir, bridge: { log: () => undefined } });
});

afterEach(async () => {
  for (const web of bridges.splice(0)) web.stop();
  await host.close();
});

describe('web bridge against the web host', () => {
  it('exchanges the link token and works as the bridge', async () => {
    const storage = new MemoryCredentials(new URL(host.url).hash.replace('#token=', ''));
    const bridge = openTab(storage);
    expect(await bridge.appInfo()).toEqual({ name: 'Porthole', version: '0.1.0', host: 'web' });
    expect(storage.token).toBeNull();
    expect(storage.secret).toMatch(/^[A-Za-z0-9_-]{43}$/);
  });

  it('survives a dropped connection: the session re-binds and output in between arrives once', async () => {
    const bridge = openTab(new MemoryCredentials(new URL(host.url).hash.replace('#token=', '')));
    const output = collectOutput(bridge);
    const info = await bridge.openExec(EXEC);
    core.output(info.id, 'before|');
    await expect.poll(() => output.text()).toBe('before|');
    const reconnecting = until(bridge, 'reconnecting');
    sockets.at(-1)?.terminate();
    await reconnecting;
    core.output(info.id, 'during|');
    await until(bridge, 'open');
    core.output(info.id, 'after');
    await expect.poll(() => output.text()).toBe('before|during|after');
  });

  it('lets a reloaded page find its running session and see its recent output', async () => {
    const storage = new MemoryCredentials(new URL(host.url).hash.replace('#token=', ''));
    const first = openTab(storage);
    const info = await first.openExec(EXEC);
    core.output(info.id, '$ echo hi\r\nhi\r\n$ ');
    await first.listSessions();
    bridges[0]?.stop();
    await expect.poll(() => host.connections).toBe(0);

    const reloaded = openTab(storage);
    const output = collectOutput(reloaded);
    const sessions = await reloaded.listSessions();
    expect(sessions.map((session) => session.id)).toEqual([info.id]);
    const attachment = await reloaded.attachSession(info.id);
    // The screen stands for all 17 bytes of output so far: live output follows from there.
    expect(attachment).toMatchObject({ info: { id: info.id }, replayFrom: 17, dropped: 0 });
    await expect.poll(() => output.text()).toBe('$ echo hi\r\nhi\r\n$ ');
    await reloaded.write(info.id, new TextEncoder().encode('exit\r'));
    // write is one-way; the ordered channel makes the next answered call a barrier behind it.
    await reloaded.listSessions();
    expect(core.totalWritten(info.id)).toBe('exit\r');
  });

  it('does not let a second tab in with the used link token', async () => {
    const token = new URL(host.url).hash.replace('#token=', '');
    expect(await openTab(new MemoryCredentials(token)).appInfo()).toMatchObject({ host: 'web' });
    const stranger = openTab(new MemoryCredentials(token));
    const failed = await until(stranger, 'failed');
    expect(failed).toMatchObject({ kind: 'failed', error: { kind: 'credentials-rejected' } });
  });
});
