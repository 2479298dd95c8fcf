// The renderer's web bridge in Node, against main's real bridge endpoint over an in-memory
// "WebSocket" that carries the same frames (web codec) asynchronously and can be cut at will.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { AppInfo } from '../../../../shared/bridge/app-info.ts';
import { BridgeError } from '../../../../shared/bridge/bridge-error.ts';
import type { BridgeConnection, PortholeBridge } from '../../../../shared/bridge/bridge.ts';
import type { ContextsEvent } from '../../../../shared/bridge/contexts.ts';
import type { UserError } from '../../../../shared/bridge/errors.ts';
import type { PodDetailsEvent } from '../../../../shared/bridge/pod-details.ts';
import type { PodWatchEvent } from '../../../../shared/bridge/resources.ts';
import type { ExecRequest, SessionEvent } from '../../../../shared/bridge/sessions.ts';
import { webCodec, type WebFrame } from '../../../../shared/bridge/web-codec.ts';
import { CLOSE_HOST_STOPPED } from '../../../../shared/bridge/web-link.ts';
import { BridgeServer } from '../../../../main/bridge/bridge-server.ts';
import type { BridgeEndpoint } from '../../../../main/bridge/bridge-endpoint.ts';
import { WebCredentials } from '../../../../main/web-host/credentials.ts';
import {
  connectWebBridge,
  type OpenSocket,
  type SocketHandlers,
  type WebBridge,
} from '../../../../renderer/src/bridge/web-bridge.ts';
import { MemoryCredentials } from '../../../support/memory-credentials.ts';
import { FAKE_KUBECONFIG_PROBLEMS, FakeCore } from '../../main/bridge/fake-core.ts';

const APP: AppInfo = { name: 'Porthole', version: '0.1.0', host: 'web' };
const EXEC: ExecRequest = { context: 'kind-dev', namespace: 'default', pod: 'web-0', command: { kind: 'shell' }, tty: true, stdin: true };
const BACKOFF = { initialMs: 100, maxMs: 400 };

interface MemoryLink {
  readonly handlers: SocketHandlers;
  readonly url: URL;
  endpoint: BridgeEndpoint<WebFrame> | null;
  open: boolean;
}

/** Plays the web host: checks the credential like it, then joins the page to a bridge endpoint. */
class MemoryHost {
  readonly links: MemoryLink[] = [];
  readonly credentials = new WebCredentials();
  /** Frames each way, to check nothing else was used. */
  readonly framesToMain: WebFrame[] = [];
  readonly server: BridgeServer;

  constructor(core: FakeCore) {
    this.server = new BridgeServer({ core, appInfo: APP, batching: { delayMs: 5, maxBatchBytes: 64 * 1024 }, log: () => undefined });
  }

  readonly openSocket: OpenSocket = (url, handlers) => {
    const link: MemoryLink = { handlers, url: new URL(url), endpoint: null, open: true };
    this.links.push(link);
    queueMicrotask(() => this.#accept(link));
    return {
      send: (frame) => {
        this.framesToMain.push(frame);
        queueMicrotask(() => {
          if (link.open) link.endpoint?.receive(frame);
        });
      },
      close: () => this.cut(link, 1000),
    };
  };

  #accept(link: MemoryLink): void {
    const token = link.url.searchParams.get('token');
    const session = link.url.searchParams.get('session');
    const good = token !== null ? this.credentials.redeem('token', token) : session !== null && this.credentials.redeem('session', session);
    if (!good) {
      this.cut(link, 1006);
      return;
    }
    link.handlers.open();
    link.endpoint = this.server.connect<WebFrame>({
      codec: webCodec,
      send: (frame) =>
        queueMicrotask(() => {
          if (link.open) link.handlers.message(frame);
        }),
      ...(token !== null ? { sessionSecret: this.credentials.sessionSecret } : {}),
    });
  }

  cut(link: MemoryLink | undefined, code = 1006, reason = ''): void {
    if (link === undefined || !link.open) return;
    link.open = false;
    link.endpoint?.close();
    queueMicrotask(() => link.handlers.close(code, reason));
  }

  get current(): MemoryLink | undefined {
    return this.links.at(-1);
  }
}

let core: FakeCore;
let host: MemoryHost;
let credentials: MemoryCredentials;
let web: WebBridge;
let bridge: PortholeBridge;
let states: BridgeConnection[];

const settle = () => vi.advanceTimersByTimeAsync(20);

function start(token: string | null = host.credentials.token): void {
  credentials = new MemoryCredentials(token);
  web = connectWebBridge({ bridgeUrl: 'ws://127.0.0.1:1234/bridge', credentials, openSocket: host.openSocket, backoff: BACKOFF });
  bridge = web.bridge;
  states = [];
  bridge.onConnection((state) => states.push(state));
}

async function refusalOf(promise: Promise<unknown>): Promise<UserError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof BridgeError) return error.userError;
    throw error;
  }
  throw new Error('the call did not fail');
}

function outputOf(events: SessionEvent[], id: string): string {
  return events.map((event) => (event.kind === 'output' && event.id === id ? Buffer.from(event.bytes).toString('utf8') : '')).join('');
}

beforeEach(() => {
  vi.useFakeTimers();
  core = new FakeCore();
  host = new MemoryHost(core);
});

afterEach(() => {
  web.stop();
  host.server.close();
  vi.useRealTimers();
});

describe('kubeconfigProblems', () => {
  it('carries each file problem whole through the web codec, and asks main afresh each time', async () => {
    start();
    const first = bridge.kubeconfigProblems();
    await settle();
    expect(await first).toEqual(FAKE_KUBECONFIG_PROBLEMS);

    const fixed = FAKE_KUBECONFIG_PROBLEMS.map(({ file }) => ({
      file,
      problem: { kind: 'kubeconfig' as const, title: 'Current context not found', detail: `The kubeconfig file ${file} sets current-context "x", which no kubeconfig file defines; no context is current.` },
    }));
    core.kubeconfigFileProblems = fixed;
    const second = bridge.kubeconfigProblems();
    await settle();
    expect(await second).toEqual(fixed);
    expect(core.coreCalls('kubeconfigProblems')).toEqual([
      { method: 'kubeconfigProblems', args: [] },
      { method: 'kubeconfigProblems', args: [] },
    ]);
  });
});

describe('connecting', () => {
  it('sends calls made before the link opened once it is open', async () => {
    start();
    const info = bridge.appInfo();
    expect(states).toEqual([{ kind: 'connecting' }]);
    await settle();
    await expect(info).resolves.toEqual(APP);
    expect(states.at(-1)).toEqual({ kind: 'open' });
  });

  it('exchanges the one-time token for the session secret main sends', async () => {
    start();
    await settle();
    expect(credentials.token).toBeNull();
    expect(credentials.secret).toBe(host.credentials.sessionSecret);
    expect(host.current?.url.searchParams.get('token')).toBe(host.credentials.token);
  });

  it('fails for good, saying what to do, when the first connection is refused', async () => {
    start('wrong-token');
    const refused = refusalOf(bridge.listContexts());
    await settle();
    const error = await refused;
    expect(error.kind).toBe('credentials-rejected');
    expect(error.detail).toContain('works once: run it and open the link it prints');
    expect(states.at(-1)).toMatchObject({ kind: 'failed' });
    await vi.advanceTimersByTimeAsync(5000);
    expect(host.links).toHaveLength(1);
    expect(core.calls).toEqual([]);
  });

  it('fails at once without a credential', async () => {
    start(null);
    await settle();
    expect(host.links).toHaveLength(0);
    expect(states.at(-1)).toMatchObject({ kind: 'failed', error: { detail: expect.stringContaining('This page has no link token') } });
  });

  it('refuses a page from another bridge version', async () => {
    const otherVersion: OpenSocket = (_url, handlers) => {
      queueMicrotask(() => {
        handlers.open();
        handlers.message(JSON.stringify({ t: 'hello', version: 999 }));
      });
      return { send: () => undefined, close: () => handlers.close(1000, '') };
    };
    start();
    web.stop();
    web = connectWebBridge({ bridgeUrl: 'ws://x/bridge', credentials, openSocket: otherVersion, backoff: BACKOFF });
    const seen: BridgeConnection[] = [];
    web.bridge.onConnection((state) => seen.push(state));
    await settle();
    expect(seen.at(-1)).toMatchObject({ kind: 'failed', error: { title: 'Porthole was updated' } });
  });
});

describe('reconnecting', () => {
  it('rejects calls in flight when the link drops, then reconnects with the session secret', async () => {
    start();
    await settle();
    let release!: () => void;
    core.gate = new Promise((resolve) => (release = resolve));
    const opening = refusalOf(bridge.openExec(EXEC));
    await settle();
    host.cut(host.current);
    await settle();
    expect(await opening).toMatchObject({ kind: 'connection-lost' });
    expect(states.at(-1)).toMatchObject({ kind: 'reconnecting', attempt: 1 });
    expect(await refusalOf(bridge.listContexts())).toMatchObject({ kind: 'connection-lost' });
    await vi.advanceTimersByTimeAsync(BACKOFF.initialMs);
    await settle();
    expect(states.at(-1)).toEqual({ kind: 'open' });
    expect(host.current?.url.searchParams.get('session')).toBe(host.credentials.sessionSecret);
    expect(host.current?.url.searchParams.has('token')).toBe(false);
    release();
    await settle();
    // The open finished for a client that was gone: main closed the orphan.
    expect(core.coreCalls('close')).toHaveLength(1);
  });

  it('reconnects again and again with growing delays after a success', async () => {
    start();
    await settle();
    let refuse = true;
    const real = host.openSocket;
    const attemptsAt: number[] = [];
    const flaky: OpenSocket = (url, handlers) => {
      if (!refuse) return real(url, handlers);
      attemptsAt.push(Date.now());
      queueMicrotask(() => handlers.close(1006, ''));
      return { send: () => undefined, close: () => undefined };
    };
    web.stop();
    credentials = new MemoryCredentials(null);
    credentials.secret = host.credentials.sessionSecret;
    refuse = false;
    web = connectWebBridge({ bridgeUrl: 'ws://x/bridge', credentials, openSocket: flaky, backoff: BACKOFF });
    const seen: BridgeConnection[] = [];
    web.bridge.onConnection((state) => seen.push(state));
    await settle();
    expect(seen.at(-1)).toEqual({ kind: 'open' });
    refuse = true;
    host.cut(host.current);
    await vi.advanceTimersByTimeAsync(100 + 200 + 400 + 400);
    expect(seen.filter((state) => state.kind === 'reconnecting').map((state) => (state.kind === 'reconnecting' ? state.attempt : 0))).toEqual([1, 2, 3, 4, 5]);
    const gaps = attemptsAt.slice(1).map((at, index) => at - (attemptsAt[index] as number));
    expect(gaps).toEqual([200, 400, 400]);
    refuse = false;
    await vi.advanceTimersByTimeAsync(400);
    await settle();
    expect(seen.at(-1)).toEqual({ kind: 'open' });
  });

  it('stops for good when main says the host stopped', async () => {
    start();
    await settle();
    host.cut(host.current, CLOSE_HOST_STOPPED, 'Porthole web host stopped');
    await vi.advanceTimersByTimeAsync(2000);
    expect(states.at(-1)).toMatchObject({ kind: 'failed', error: { title: 'Porthole stopped' } });
    expect(host.links).toHaveLength(1);
  });

  it('re-binds sessions where they stood: output during the drop arrives once, nothing is repeated', async () => {
    start();
    const events: SessionEvent[] = [];
    bridge.onSessionEvent((event) => events.push(event));
    const info = await (async () => {
      const opening = bridge.openExec(EXEC);
      await settle();
      return opening;
    })();
    core.output(info.id, 'one ');
    await settle();
    host.cut(host.current);
    await settle();
    core.output(info.id, 'two ');
    await vi.advanceTimersByTimeAsync(BACKOFF.initialMs);
    await settle();
    core.output(info.id, 'three');
    await settle();
    expect(outputOf(events, info.id)).toBe('one two three');
    await bridge.write(info.id, new TextEncoder().encode('x'));
    expect(core.totalWritten(info.id)).toBe('x');
  });

  it('keeps pacing exact across a drop: the core never hears more acknowledged than it sent', async () => {
    start();
    const events: SessionEvent[] = [];
    bridge.onSessionEvent((event) => events.push(event));
    const opening = bridge.openExec(EXEC);
    await settle();
    const { id } = await opening;
    core.output(id, '12345');
    await settle();
    await bridge.acknowledge(id, 2);
    await settle();
    expect(core.acknowledged.get(id)).toBe(2);
    host.cut(host.current);
    await settle();
    // The renderer finishes what it had, during the drop; main settled it when the link dropped.
    await bridge.acknowledge(id, 3);
    core.output(id, 'abc');
    await vi.advanceTimersByTimeAsync(BACKOFF.initialMs);
    await settle();
    expect(outputOf(events, id)).toBe('12345abc');
    // After the drop nobody was bound, so main acknowledged all 8; the replayed 3 are absorbed.
    await bridge.acknowledge(id, 3);
    await settle();
    expect(core.acknowledged.get(id)).toBe(8);
    core.output(id, 'live');
    await settle();
    await bridge.acknowledge(id, 4);
    await settle();
    expect(core.acknowledged.get(id)).toBe(12);
  });

  it('restarts pod watches, telling them about the drop meanwhile', async () => {
    start();
    const seen: PodWatchEvent[] = [];
    const errors: UserError[] = [];
    bridge.watchPods('kind-dev', 'default', (event) => seen.push(event), (error) => errors.push(error));
    await settle();
    core.watches[0]?.onEvent({ kind: 'snapshot', pods: [] });
    await settle();
    host.cut(host.current);
    await settle();
    expect(seen.at(-1)).toMatchObject({ kind: 'health', health: 'reconnecting', error: { kind: 'connection-lost' } });
    await vi.advanceTimersByTimeAsync(BACKOFF.initialMs);
    await settle();
    expect(core.watches.map((watch) => watch.active)).toEqual([false, true]);
    core.watches[1]?.onEvent({ kind: 'delete', uid: 'u1' });
    await settle();
    expect(seen.at(-1)).toEqual({ kind: 'delete', uid: 'u1' });
    expect(errors).toEqual([]);
  });

  it('carries the pod-details and contexts watches as it carries pod watches, and restarts them after a drop', async () => {
    start();
    const details: PodDetailsEvent[] = [];
    const contexts: ContextsEvent[] = [];
    const stopDetails = bridge.watchPodDetails('kind-dev', 'default', 'web-0', (event) => details.push(event), () => undefined);
    bridge.watchContexts((event) => contexts.push(event), () => undefined);
    await settle();
    expect(core.calls.filter((call) => call.method === 'watchPodDetails')).toEqual([{ method: 'watchPodDetails', args: ['kind-dev', 'default', 'web-0'] }]);
    expect(contexts.map((event) => event.contexts.map((context) => context.name))).toEqual([['kind-dev']]);
    core.detailsWatches[0]?.onEvent({ kind: 'pod', pod: null });
    await settle();
    expect(details).toEqual([{ kind: 'pod', pod: null }]);

    host.cut(host.current);
    await settle();
    expect(details.at(-1)).toMatchObject({ kind: 'health', health: 'reconnecting' });
    await vi.advanceTimersByTimeAsync(BACKOFF.initialMs);
    await settle();
    expect(core.detailsWatches.map((watch) => watch.active)).toEqual([false, true]);
    // The contexts watch starts again too, and its first event brings the list up to date.
    expect(contexts).toHaveLength(2);
    stopDetails();
    await settle();
    expect(core.detailsWatches[1]?.active).toBe(false);
  });

  it('tells a tab when its session is gone after a reconnect', async () => {
    start();
    const events: SessionEvent[] = [];
    bridge.onSessionEvent((event) => events.push(event));
    const opening = bridge.openExec(EXEC);
    await settle();
    const { id } = await opening;
    host.cut(host.current);
    await settle();
    core.sessions.delete(id);
    await vi.advanceTimersByTimeAsync(BACKOFF.initialMs);
    await settle();
    expect(events.at(-1)).toEqual({
      kind: 'state',
      id,
      state: { kind: 'failed', error: { kind: 'invalid-request', title: 'Unknown session', detail: `attachSession: there is no session "${id}"` } },
    });
  });
});

describe('calls', () => {
  it('splits a large write into chunks that arrive whole and in order', async () => {
    start();
    const opening = bridge.openExec(EXEC);
    await settle();
    const { id } = await opening;
    const paste = new Uint8Array(200_000).map((_, index) => 65 + (index % 26));
    const writing = bridge.write(id, paste);
    await settle();
    await writing;
    const chunks = core.written.get(id) ?? [];
    expect(chunks.length).toBe(4);
    expect(Buffer.concat(chunks)).toEqual(Buffer.from(paste));
    expect(host.framesToMain.filter((frame) => frame instanceof Uint8Array)).toHaveLength(4);
  });

  it('reports a refused watch to its onError', async () => {
    start();
    const errors: UserError[] = [];
    bridge.watchPods('kind-dev', 'Not A Namespace', () => undefined, (error) => errors.push(error));
    await settle();
    expect(errors).toHaveLength(1);
    expect(errors[0]?.detail).toMatch(/^watchPods: namespace must be a namespace name/);
  });

  it('stops a watch when unsubscribed', async () => {
    start();
    const stop = bridge.watchPods('kind-dev', 'default', () => undefined, () => undefined);
    await settle();
    stop();
    await settle();
    expect(core.activeWatches).toBe(0);
  });

  it('rejects with the UserError main answered', async () => {
    start();
    const refused = refusalOf(bridge.resize('nope', { cols: 1, rows: 1 }));
    await settle();
    expect(await refused).toEqual({ kind: 'invalid-request', title: 'Unknown session', detail: 'resize: there is no session "nope"' });
  });
});
