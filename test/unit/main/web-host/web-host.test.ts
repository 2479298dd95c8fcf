// The web host, probed with raw clients (not a page): what it serves, with which headers, and
// whom it refuses: a missing or wrong token, a used token, a foreign Origin, a foreign Host.
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AppInfo } from '../../../../shared/bridge/app-info.ts';
import { LIMITS } from '../../../../shared/bridge/call-schemas.ts';
import { webCodec } from '../../../../shared/bridge/web-codec.ts';
import { CLOSE_HOST_STOPPED } from '../../../../shared/bridge/web-link.ts';
import { WIRE_VERSION, type ServerMessage } from '../../../../shared/bridge/wire.ts';
import { startWebHost, type WebHost } from '../../../../main/web-host/web-host.ts';
import { FakeCore } from '../bridge/fake-core.ts';
import { httpRequest, openBridgeSocket, rawRequest, type BridgeSocket, type Handshake } from './raw-client.ts';

const APP: AppInfo = { name: 'Porthole', version: '0.1.0', host: 'web' };
const INDEX = '<!doctype html><title>Porthole</title><script type="module" src="/assets/app.js"></script>';

function rendererDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'porthole-renderer-'));
  mkdirSync(join(dir, 'assets'));
  writeFileSync(join(dir, 'index.html'), INDEX);
  writeFileSync(join(dir, 'assets', 'app.js'), 'console.log("app")');
  writeFileSync(join(tmpdir(), 'porthole-outside.txt'), 'outside the renderer');
  return dir;
}

let core: FakeCore;
let host: WebHost;
let token: string;

beforeEach(async () => {
  core = new FakeCore();
  host = await startWebHost({ core, appInfo: APP, rendererDir: rendererDir(), bridge: { log: () => undefined } });
  token = new URL(host.url).hash.replace('#token=', '');
});

afterEach(async () => {
  await host.close();
});

function opened(handshake: Handshake): BridgeSocket {
  if (handshake.kind !== 'open') throw new Error(`refused: ${handshake.status} ${handshake.body}`);
  return handshake.socket;
}

describe('the printed link', () => {
  it('points at 127.0.0.1 and carries a long random token in the fragment, which browsers never send', () => {
    expect(host.url).toMatch(new RegExp(`^http://127\\.0\\.0\\.1:${host.port}/#token=[A-Za-z0-9_-]{43}$`));
  });

  it('listens on 127.0.0.1 only: another loopback address is refused', async () => {
    const outcome = await new Promise<string>((resolve) => {
      const socket = connect(host.port, '127.0.0.2', () => {
        socket.destroy();
        resolve('connected');
      });
      socket.on('error', (error: NodeJS.ErrnoException) => resolve(error.code ?? 'error'));
    });
    expect(outcome).toBe('ECONNREFUSED');
  });
});

describe('static files', () => {
  it('serves the renderer with a strict CSP and protective headers', async () => {
    const page = await httpRequest(host.port, '/');
    expect(page.status).toBe(200);
    expect(page.body).toBe(INDEX);
    expect(page.headers['content-type']).toBe('text/html; charset=utf-8');
    const csp = String(page.headers['content-security-policy']);
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toContain('unsafe-eval');
    expect(csp).toMatch(/script-src 'self';/);
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain(`connect-src 'self' ws://127.0.0.1:${host.port} ws://localhost:${host.port}`);
    expect(page.headers['x-content-type-options']).toBe('nosniff');
    expect(page.headers['x-frame-options']).toBe('DENY');
    const script = await httpRequest(host.port, '/assets/app.js', { host: `localhost:${host.port}` });
    expect([script.status, script.headers['content-type']]).toEqual([200, 'text/javascript; charset=utf-8']);
  });

  it.each(['/../porthole-outside.txt', '/assets/../../porthole-outside.txt', '/%2e%2e/porthole-outside.txt', '/assets%2fapp.js', '/nope.js'])(
    'serves nothing outside the listed files: %s',
    async (path) => {
      const status = await rawRequest(host.port, `GET ${path} HTTP/1.1\r\nHost: 127.0.0.1:${host.port}\r\nConnection: close\r\n\r\n`);
      expect(status).toBe('HTTP/1.1 404 Not Found');
    },
  );

  it('answers only GET and HEAD', async () => {
    expect((await httpRequest(host.port, '/', {}, 'POST')).status).toBe(405);
    const head = await httpRequest(host.port, '/', {}, 'HEAD');
    expect([head.status, head.body]).toEqual([200, '']);
  });
});

describe('refused requests', () => {
  it.each([
    ['a rebinding name', 'attacker.example:PORT'],
    ['another port', '127.0.0.1:1'],
    ['no port', 'localhost'],
    ['the machine name', 'localhost.localdomain:PORT'],
  ])('refuses a page request with a foreign Host header: %s', async (_what, hostHeader) => {
    const answer = await httpRequest(host.port, '/', { host: hostHeader.replace('PORT', String(host.port)) });
    expect(answer.status).toBe(403);
    expect(answer.body).toContain(`the Host header must be 127.0.0.1:${host.port} or localhost:${host.port}`);
  });

  it('refuses a request without a Host header', async () => {
    expect(await rawRequest(host.port, 'GET / HTTP/1.0\r\n\r\n')).toBe('HTTP/1.1 403 Forbidden');
  });

  it('refuses a page request from a foreign origin', async () => {
    const answer = await httpRequest(host.port, '/', { origin: 'http://attacker.example' });
    expect(answer.status).toBe(403);
  });

  it('refuses a bridge handshake without a token', async () => {
    expect(await openBridgeSocket(host.port)).toEqual({ kind: 'refused', status: 401, body: 'Refused: no token. Open the link `npm run web` printed.\n' });
  });

  it('refuses a wrong token', async () => {
    expect(await openBridgeSocket(host.port, { query: '?token=guess' })).toMatchObject({ kind: 'refused', status: 401, body: 'Refused: wrong or already used token.\n' });
    expect(await openBridgeSocket(host.port, { query: `?token=${token}x` })).toMatchObject({ kind: 'refused', status: 401 });
    expect(await openBridgeSocket(host.port, { query: '?session=guess' })).toMatchObject({ kind: 'refused', status: 401, body: 'Refused: wrong or already used session.\n' });
  });

  it('refuses a foreign Origin, or none, before looking at the token, which stays unused', async () => {
    const foreign = await openBridgeSocket(host.port, { query: `?token=${token}`, origin: 'http://attacker.example' });
    expect(foreign).toMatchObject({ kind: 'refused', status: 403 });
    expect(await openBridgeSocket(host.port, { query: `?token=${token}`, origin: 'null' })).toMatchObject({ kind: 'refused', status: 403 });
    expect(await openBridgeSocket(host.port, { query: `?token=${token}`, origin: null })).toMatchObject({
      kind: 'refused',
      status: 403,
      body: 'Refused: the request has no Origin header.\n',
    });
    const real = opened(await openBridgeSocket(host.port, { query: `?token=${token}` }));
    real.ws.close();
  });

  it('refuses a bridge handshake with a foreign Host (DNS rebinding)', async () => {
    const rebound = await openBridgeSocket(host.port, {
      query: `?token=${token}`,
      host: `attacker.example:${host.port}`,
      origin: `http://attacker.example:${host.port}`,
    });
    expect(rebound).toMatchObject({ kind: 'refused', status: 403 });
  });

  it('refuses a WebSocket on any other path', async () => {
    expect(await openBridgeSocket(host.port, { query: `?token=${token}`, path: '/other' })).toMatchObject({ kind: 'refused', status: 404 });
  });
});

describe('the token exchange', () => {
  it('accepts the token once, answering with a session secret that works for reconnects', async () => {
    const first = opened(await openBridgeSocket(host.port, { query: `?token=${token}` }));
    const hello = await first.next((message) => message.t === 'hello');
    expect(hello).toMatchObject({ t: 'hello', version: WIRE_VERSION });
    const secret = (hello as Extract<ServerMessage, { t: 'hello' }>).sessionSecret;
    expect(secret).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(secret).not.toBe(token);

    expect(await openBridgeSocket(host.port, { query: `?token=${token}` })).toMatchObject({ kind: 'refused', status: 401 });

    const again = opened(await openBridgeSocket(host.port, { query: `?session=${secret}`, origin: `http://localhost:${host.port}`, host: `localhost:${host.port}` }));
    expect(await again.next((message) => message.t === 'hello')).toEqual({ t: 'hello', version: WIRE_VERSION });
    first.ws.close();
    again.ws.close();
  });
});

describe('the bridge over the WebSocket', () => {
  let page: BridgeSocket;

  beforeEach(async () => {
    page = opened(await openBridgeSocket(host.port, { query: `?token=${token}` }));
    await page.next((message) => message.t === 'hello');
  });

  it('answers calls', async () => {
    expect(await page.call(1, 'appInfo')).toEqual({ t: 'result', id: 1, value: APP });
  });

  it('carries session output as binary frames and keystrokes back as binary frames', async () => {
    const opened = await page.call(1, 'openExec', { context: 'kind-dev', namespace: 'default', pod: 'web-0', command: { kind: 'shell' }, tty: true, stdin: true });
    expect(opened).toMatchObject({ t: 'result', id: 1, value: { info: { id: 's1' } } });
    core.output('s1', 'prompt$ ');
    await page.next((message) => message.t === 'event');
    expect(page.binaryFrames).toEqual([new Uint8Array([1, 0, 2, 0x73, 0x31, ...new TextEncoder().encode('prompt$ ')])]);
    const keys = webCodec.encodeClient({ t: 'call', id: 2, method: 'write', args: ['s1', new TextEncoder().encode('ls\n')] });
    expect(keys).toBeInstanceOf(Uint8Array);
    page.ws.send(keys);
    // write is one-way: main answers nothing. The channel is ordered, so once the next call is
    // answered, main has handled the write.
    expect(await page.call(3, 'listSessions')).toMatchObject({ t: 'result', id: 3 });
    expect(core.totalWritten('s1')).toBe('ls\n');
    expect(page.messages.some((message) => (message.t === 'result' || message.t === 'error') && message.id === 2)).toBe(false);
  });

  it('answers malformed frames without dropping the connection', async () => {
    page.ws.send('{{{');
    expect(await page.next((message) => message.t === 'fault')).toMatchObject({ error: { kind: 'invalid-request', detail: 'Text frame is not JSON' } });
    expect(await page.call(5, 'listSessions')).toEqual({ t: 'result', id: 5, value: [] });
  });

  it('drops a connection that sends an oversized frame, and keeps serving others', async () => {
    page.ws.send(new Uint8Array(LIMITS.writeBytes + 8192));
    expect((await page.closed).code).toBe(1009);
    const secret = (page.messages[0] as Extract<ServerMessage, { t: 'hello' }>).sessionSecret;
    const next = opened(await openBridgeSocket(host.port, { query: `?session=${secret}` }));
    expect(await next.call(1, 'appInfo')).toMatchObject({ t: 'result', value: APP });
    next.ws.close();
  });

  it('tells connected pages the host stopped, so they do not reconnect', async () => {
    await host.close();
    expect((await page.closed).code).toBe(CLOSE_HOST_STOPPED);
  });

  it('releases a page’s bindings and watches when it disconnects', async () => {
    await page.call(1, 'watchPods', 'kind-dev', 'default');
    expect(core.activeWatches).toBe(1);
    page.ws.close();
    await page.closed;
    await expect.poll(() => host.connections).toBe(0);
    expect(core.activeWatches).toBe(0);
  });
});

describe('a stalled page', () => {
  it('stays bound: its session is not acknowledged on its behalf, and it catches up with nothing lost', async () => {
    const stalled = opened(await openBridgeSocket(host.port, { query: `?token=${token}`, autoPong: false }));
    expect(await stalled.call(1, 'openExec', { context: 'kind-dev', namespace: 'default', pod: 'web-0', command: { kind: 'shell' }, tty: true, stdin: true })).toMatchObject({ t: 'result' });
    // The page stops reading (a long task, a paused debugger) and answers no ping.
    stalled.ws.pause();
    const chunks = 64;
    for (let i = 0; i < chunks; i++) core.output('s1', new Uint8Array(64 * 1024).fill(i));
    await new Promise((resolve) => setTimeout(resolve, 1000));
    expect(host.connections).toBe(1);
    // Unbound, the hub would acknowledge everything at once and the pod would run on unpaced.
    expect(core.acknowledged.get('s1') ?? 0).toBe(0);
    stalled.ws.resume();
    const expected = chunks * 64 * 1024;
    const received = (): Uint8Array[] => stalled.binaryFrames.map((frame) => frame.subarray(5));
    await expect.poll(() => received().reduce((sum, frame) => sum + frame.length, 0), { timeout: 10_000 }).toBe(expected);
    const bytes = new Uint8Array(expected);
    let offset = 0;
    for (const frame of received()) {
      bytes.set(frame, offset);
      offset += frame.length;
    }
    for (let i = 0; i < chunks; i++) expect(bytes[i * 64 * 1024]).toBe(i);
    stalled.ws.close();
  });
});
