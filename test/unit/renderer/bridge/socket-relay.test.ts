// The web bridge's socket relayed through a worker: the page side and the worker side talk over a
// real MessageChannel (what a Worker and its global scope are to each other), the worker side
// drives a scripted socket or, at the end, a real `ws` socket to the real web host.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MessageChannel, type MessagePort } from 'node:worker_threads';
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import type { AppInfo } from '../../../../shared/bridge/app-info.ts';
import { webCodec } from '../../../../shared/bridge/web-codec.ts';
import { BRIDGE_PATH, CLOSE_HOST_STOPPED } from '../../../../shared/bridge/web-link.ts';
import { startWebHost, type WebHost } from '../../../../main/web-host/web-host.ts';
import {
  CLOSE_WORKER_FAILED,
  relayedSocket,
  serveRelay,
  type RelayEnd,
  type RelayWorker,
  type RelayedSocket,
} from '../../../../renderer/src/bridge/socket-relay.ts';
import { connectWebBridge, type SocketHandlers } from '../../../../renderer/src/bridge/web-bridge.ts';
import { FakeCore } from '../../main/bridge/fake-core.ts';

const APP: AppInfo = { name: 'Porthole', version: '0.1.0', host: 'web' };

function relayEnd(port: MessagePort): RelayEnd {
  return {
    postMessage: (message, transfer) => port.postMessage(message, (transfer ?? []) as ArrayBuffer[]),
    addEventListener: (_type, listener) => port.on('message', (data: unknown) => listener({ data })),
  };
}

/** The page's view of the worker: one end of a channel, plus terminate and an error it can raise. */
class ChannelWorker implements RelayWorker {
  readonly #end: RelayEnd;
  readonly #port: MessagePort;
  readonly #errorListeners: Array<(event: { message?: string }) => void> = [];
  terminated = 0;

  constructor(port: MessagePort) {
    this.#port = port;
    this.#end = relayEnd(port);
  }

  postMessage(message: unknown, transfer?: Transferable[]): void {
    this.#end.postMessage(message, transfer);
  }

  addEventListener(type: 'message' | 'error', listener: (event: never) => void): void {
    if (type === 'message') this.#end.addEventListener('message', listener as (event: { data: unknown }) => void);
    else this.#errorListeners.push(listener as (event: { message?: string }) => void);
  }

  terminate(): void {
    this.terminated += 1;
    this.#port.close();
  }

  fail(message: string): void {
    for (const listener of this.#errorListeners) listener({ message });
  }
}

/** A browser WebSocket as a script: records what the worker does with it, lets the test play the server. */
class ScriptedSocket implements RelayedSocket {
  readonly url: string;
  binaryType: 'arraybuffer' | 'blob' = 'blob';
  onopen: (() => void) | null = null;
  onmessage: ((event: { readonly data: unknown }) => void) | null = null;
  onclose: ((event: { readonly code: number; readonly reason: string }) => void) | null = null;
  readonly sent: Array<string | Uint8Array> = [];
  closeCalls = 0;

  constructor(url: string) {
    this.url = url;
  }

  send(frame: string | Uint8Array): void {
    this.sent.push(frame);
  }

  close(): void {
    this.closeCalls += 1;
  }
}

interface Recorded {
  readonly events: string[];
  readonly frames: Array<string | Uint8Array>;
  readonly handlers: SocketHandlers;
  closed: Promise<void>;
}

function record(): Recorded {
  const events: string[] = [];
  const frames: Array<string | Uint8Array> = [];
  let closed!: () => void;
  const recorded: Recorded = {
    events,
    frames,
    closed: new Promise((resolve) => (closed = resolve)),
    handlers: {
      open: () => events.push('open'),
      message: (frame) => {
        events.push('message');
        frames.push(frame);
      },
      close: (code, reason) => {
        events.push(`close ${code} ${reason}`);
        closed();
      },
    },
  };
  return recorded;
}

const ports: MessagePort[] = [];
const hosts: WebHost[] = [];

afterEach(async () => {
  for (const port of ports.splice(0)) port.close();
  for (const host of hosts.splice(0)) await host.close();
});

/** A relay over a fresh channel whose worker side opens scripted sockets. */
function scriptedRelay(): { worker: ChannelWorker; sockets: ScriptedSocket[] } {
  const { port1, port2 } = new MessageChannel();
  ports.push(port1, port2);
  const sockets: ScriptedSocket[] = [];
  serveRelay(relayEnd(port2), (url) => {
    const socket = new ScriptedSocket(url);
    sockets.push(socket);
    return socket;
  });
  return { worker: new ChannelWorker(port1), sockets };
}

async function until(what: string, check: () => boolean): Promise<void> {
  for (let i = 0; i < 200 && !check(); i++) await new Promise((resolve) => setTimeout(resolve, 5));
  if (!check()) throw new Error(`timed out waiting for ${what}`);
}

describe('socket relay', () => {
  it('opens one socket at the page\'s address, in binary mode, and relays open, text and bytes to the page', async () => {
    const { worker, sockets } = scriptedRelay();
    const page = record();
    relayedSocket(worker, 'ws://127.0.0.1:1/bridge?token=t', page.handlers);
    await until('the socket', () => sockets.length === 1);
    const socket = sockets[0] as ScriptedSocket;
    expect(socket.url).toBe('ws://127.0.0.1:1/bridge?token=t');
    expect(socket.binaryType).toBe('arraybuffer');

    socket.onopen?.();
    socket.onmessage?.({ data: '{"t":"hello","version":1}' });
    const bytes = new Uint8Array([1, 0, 1, 0x61, 0xff, 0x00, 0x7f]);
    const buffer = bytes.slice().buffer;
    socket.onmessage?.({ data: buffer });
    await until('three events', () => page.events.length === 3);
    expect(page.events).toEqual(['open', 'message', 'message']);
    expect(page.frames[0]).toBe('{"t":"hello","version":1}');
    expect(page.frames[1]).toBeInstanceOf(Uint8Array);
    expect([...(page.frames[1] as Uint8Array)]).toEqual([...bytes]);
    // Handed over, not copied: the worker no longer holds the bytes.
    expect(buffer.byteLength).toBe(0);
  });

  it('sends the page\'s text and binary frames on the socket, and closes it when the page closes', async () => {
    const { worker, sockets } = scriptedRelay();
    const page = record();
    const link = relayedSocket(worker, 'ws://127.0.0.1:1/bridge', page.handlers);
    await until('the socket', () => sockets.length === 1);
    const socket = sockets[0] as ScriptedSocket;
    socket.onopen?.();
    const write = webCodec.encodeClient({ t: 'call', id: 7, method: 'write', args: ['s1', new Uint8Array([104, 105])] });
    link.send('{"t":"call","id":1,"method":"appInfo","args":[]}');
    link.send(write);
    link.close();
    await until('the close', () => socket.closeCalls === 1);
    expect(socket.sent[0]).toBe('{"t":"call","id":1,"method":"appInfo","args":[]}');
    expect([...(socket.sent[1] as Uint8Array)]).toEqual([...(write as Uint8Array)]);

    socket.onclose?.({ code: 1000, reason: '' });
    await page.closed;
    expect(page.events).toEqual(['open', 'close 1000 ']);
    expect(worker.terminated).toBe(1);
  });

  it('gathers the frames the page sends in one turn into one message to the worker, and the socket sends each, in order', async () => {
    const { port1, port2 } = new MessageChannel();
    ports.push(port1, port2);
    const sockets: ScriptedSocket[] = [];
    const received: unknown[] = [];
    const workerEnd = relayEnd(port2);
    workerEnd.addEventListener('message', ({ data }) => received.push(data));
    serveRelay(workerEnd, (url) => {
      const socket = new ScriptedSocket(url);
      sockets.push(socket);
      return socket;
    });
    const link = relayedSocket(new ChannelWorker(port1), 'ws://127.0.0.1:1/bridge', record().handlers);
    await until('the socket', () => sockets.length === 1);
    const writes = Array.from({ length: 10 }, (_, pane) => webCodec.encodeClient({ t: 'call', id: pane, method: 'write', args: [`s${pane}`, new Uint8Array([0x61])] }));
    for (const write of writes) link.send(write);
    await Promise.resolve();
    link.send('{"t":"call","id":10,"method":"appInfo","args":[]}');
    link.close();
    const socket = sockets[0] as ScriptedSocket;
    await until('the close', () => socket.closeCalls === 1);
    expect(received.map((message) => (message as { kind: string }).kind)).toEqual(['open', 'send', 'send', 'close']);
    expect(socket.sent.map((frame) => (typeof frame === 'string' ? frame : [...frame]))).toEqual([
      ...writes.map((write) => [...(write as Uint8Array)]),
      '{"t":"call","id":10,"method":"appInfo","args":[]}',
    ]);
  });

  it('reports the socket\'s close code and reason once, and nothing after it', async () => {
    const { worker, sockets } = scriptedRelay();
    const page = record();
    const link = relayedSocket(worker, 'ws://127.0.0.1:1/bridge', page.handlers);
    await until('the socket', () => sockets.length === 1);
    const socket = sockets[0] as ScriptedSocket;
    socket.onclose?.({ code: CLOSE_HOST_STOPPED, reason: 'Porthole web host stopped' });
    socket.onmessage?.({ data: 'late' });
    await page.closed;
    link.send('after close');
    link.close();
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(page.events).toEqual([`close ${CLOSE_HOST_STOPPED} Porthole web host stopped`]);
    expect(socket.sent).toEqual([]);
    expect(socket.closeCalls).toBe(0);
    expect(worker.terminated).toBe(1);
  });

  it('treats a failed worker as a closed socket, once', async () => {
    const { worker } = scriptedRelay();
    const page = record();
    relayedSocket(worker, 'ws://127.0.0.1:1/bridge', page.handlers);
    worker.fail('socket-worker.js: 404');
    worker.fail('again');
    await page.closed;
    expect(page.events).toEqual([`close ${CLOSE_WORKER_FAILED} The bridge's socket worker failed: socket-worker.js: 404`]);
    expect(worker.terminated).toBe(1);
  });

  it('ignores what is not a relay message, and a second open', async () => {
    const { port1, port2 } = new MessageChannel();
    ports.push(port1, port2);
    const sockets: ScriptedSocket[] = [];
    serveRelay(relayEnd(port2), (url) => {
      const socket = new ScriptedSocket(url);
      sockets.push(socket);
      return socket;
    });
    port1.postMessage({ kind: 'send', frames: ['before open'] });
    port1.postMessage({ kind: 'open', url: 42 });
    port1.postMessage('open');
    port1.postMessage({ kind: 'open', url: 'ws://127.0.0.1:1/a' });
    port1.postMessage({ kind: 'open', url: 'ws://127.0.0.1:1/b' });
    port1.postMessage({ kind: 'send', frame: 'one frame, not a list' });
    port1.postMessage({ kind: 'send', frames: ['a list with', 42] });
    port1.postMessage({ kind: 'send', frames: ['after open'] });
    await until('the send', () => sockets[0]?.sent.length === 1);
    expect(sockets.map((socket) => socket.url)).toEqual(['ws://127.0.0.1:1/a']);
    expect(sockets[0]?.sent).toEqual(['after open']);
  });

  it('carries the whole web bridge to the real web host', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'porthole-relay-'));
    writeFileSync(join(dir, 'index.html'), '<!doctype html>');
    const host = await startWebHost({ core: new FakeCore(), appInfo: APP, rendererDir: dir, bridge: { log: () => undefined } });
    hosts.push(host);
    const workers: ChannelWorker[] = [];
    const web = connectWebBridge({
      bridgeUrl: `ws://127.0.0.1:${host.port}${BRIDGE_PATH}`,
      credentials: {
        current: () => ({ kind: 'token', value: new URL(host.url).hash.replace('#token=', '') }),
        remember: () => undefined,
      },
      openSocket: (url, handlers) => {
        const { port1, port2 } = new MessageChannel();
        ports.push(port1, port2);
        // The worker's socket: a real one, sending the page's Origin as a browser would.
        serveRelay(relayEnd(port2), (socketUrl) => new WebSocket(socketUrl, { origin: host.origin }) as unknown as RelayedSocket);
        const worker = new ChannelWorker(port1);
        workers.push(worker);
        return relayedSocket(worker, url, handlers);
      },
    });
    try {
      expect(await web.bridge.appInfo()).toEqual(APP);
      expect(await web.bridge.listContexts()).toEqual(await new FakeCore().listContexts());
    } finally {
      web.stop();
    }
    await until('the worker to end', () => workers[0]?.terminated === 1);
  });
});
