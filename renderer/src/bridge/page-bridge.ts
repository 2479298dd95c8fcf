// Which bridge this page has: the one the Electron preload put on the window, or else (the page
// was served by the web host) a WebSocket bridge to the host it came from, authenticated with the
// one-time token in the link's fragment and then with the session secret main exchanged it for.
// The socket lives in a dedicated worker where the page can start one (socket-relay.ts says why).
import { BRIDGE_GLOBAL, type PortholeBridge } from '../../../shared/bridge/bridge.ts';
import { BRIDGE_PATH, LINK_TOKEN_FRAGMENT } from '../../../shared/bridge/web-link.ts';
import { relayedSocket, type RelayWorker } from './socket-relay.ts';
import { connectWebBridge, type CredentialStore, type OpenSocket } from './web-bridge.ts';

const SESSION_STORAGE_KEY = 'porthole.web-session';

export function bridgeForPage(win: Window & typeof globalThis): PortholeBridge {
  const injected = (win as unknown as Record<string, PortholeBridge | undefined>)[BRIDGE_GLOBAL];
  if (injected !== undefined) return injected;
  const scheme = win.location.protocol === 'https:' ? 'wss:' : 'ws:';
  return connectWebBridge({
    bridgeUrl: `${scheme}//${win.location.host}${BRIDGE_PATH}`,
    credentials: pageCredentials(win),
    openSocket: typeof win.Worker === 'function' ? workerSocket(win) : browserSocket(win),
  }).bridge;
}

/** The token is taken out of the address bar at once, so it is not in history or a bookmark. */
function takeLinkToken(win: Window): string | null {
  const token = new URLSearchParams(win.location.hash.slice(1)).get(LINK_TOKEN_FRAGMENT);
  if (token !== null) win.history.replaceState(null, '', `${win.location.pathname}${win.location.search}`);
  return token;
}

/** sessionStorage: readable by this origin (host and port) only, kept across reloads of this tab. */
function pageCredentials(win: Window): CredentialStore {
  let token = takeLinkToken(win);
  return {
    current() {
      if (token !== null) return { kind: 'token', value: token };
      const secret = win.sessionStorage.getItem(SESSION_STORAGE_KEY);
      return secret === null ? null : { kind: 'session', value: secret };
    },
    remember(sessionSecret) {
      token = null;
      win.sessionStorage.setItem(SESSION_STORAGE_KEY, sessionSecret);
    },
  };
}

/** A WebSocket in a fresh worker per connection; the worker is the app's own script, from this origin. */
const workerSocket = (win: typeof globalThis): OpenSocket => (url, handlers) => {
  // Bound to a local name: the bundler recognises `new Worker(new URL(…, import.meta.url))` and
  // emits the worker's script as a file of its own.
  const Worker = win.Worker;
  const worker = new Worker(new URL('./socket-worker.ts', import.meta.url), { type: 'module', name: 'porthole-bridge-socket' });
  return relayedSocket(worker as RelayWorker, url, handlers);
};

/** The window's own WebSocket (where the page has no workers), so the handshake carries the page's Origin. */
const browserSocket = (win: typeof globalThis): OpenSocket => (url, handlers) => {
  const socket = new win.WebSocket(url);
  socket.binaryType = 'arraybuffer';
  socket.onopen = () => handlers.open();
  socket.onmessage = (event: MessageEvent<string | ArrayBuffer>) =>
    handlers.message(typeof event.data === 'string' ? event.data : new Uint8Array(event.data));
  socket.onclose = (event) => handlers.close(event.code, event.reason);
  return {
    // webCodec builds every binary frame in a fresh ArrayBuffer (never a SharedArrayBuffer).
    send: (frame) => socket.send(frame as string | Uint8Array<ArrayBuffer>),
    close: () => socket.close(),
  };
};
