// The bridge over the web host's WebSocket: a BridgeClient (shared/bridge/bridge-client.ts) on a
// socket that comes back by itself. After a drop it reconnects with backoff, presenting the
// session secret main gave for the link's one-time token, and the client re-binds its sessions
// and pod watches. It does not give up on a dropped link, but it does stop for good when the
// first connection is refused (no or a used token: retrying cannot help) or main says the host
// stopped.
//
// No DOM here: the socket comes from `openSocket` (page-bridge.ts makes a browser WebSocket; tests
// make an in-memory or a `ws` one), so this runs in Node tests unchanged.
import { BridgeClient } from '../../../shared/bridge/bridge-client.ts';
import type { PortholeBridge } from '../../../shared/bridge/bridge.ts';
import type { UserError } from '../../../shared/bridge/errors.ts';
import { webCodec, type WebFrame } from '../../../shared/bridge/web-codec.ts';
import { CLOSE_HOST_STOPPED, SESSION_PARAM, TOKEN_PARAM } from '../../../shared/bridge/web-link.ts';
import type { ServerMessage } from '../../../shared/bridge/wire.ts';

export interface SocketHandlers {
  open(): void;
  message(frame: WebFrame): void;
  /** Also after a connection that never opened. Called once. */
  close(code: number, reason: string): void;
}

export interface WebSocketLike {
  send(frame: WebFrame): void;
  close(): void;
}

export type OpenSocket = (url: string, handlers: SocketHandlers) => WebSocketLike;

export interface Credential {
  readonly kind: 'token' | 'session';
  readonly value: string;
}

export interface CredentialStore {
  /** What to present on the next connection, or null when the page has nothing. */
  current(): Credential | null;
  /** Main exchanged the token for this secret; later connections present it instead. */
  remember(sessionSecret: string): void;
}

export interface Backoff {
  readonly initialMs: number;
  readonly maxMs: number;
}

export interface WebBridgeOptions {
  /** ws://host:port/bridge */
  readonly bridgeUrl: string;
  readonly credentials: CredentialStore;
  readonly openSocket: OpenSocket;
  readonly backoff?: Backoff;
}

export interface WebBridge {
  readonly bridge: PortholeBridge;
  /** Closes the socket and stops reconnecting (for tests and page teardown). */
  stop(): void;
}

const DEFAULT_BACKOFF: Backoff = { initialMs: 250, maxMs: 5000 };

function refused(bridgeUrl: string, credential: Credential | null): UserError {
  const what = credential === null ? 'This page has no link token' : `The web host at ${bridgeUrl} refused this page or is not running`;
  return {
    kind: 'credentials-rejected',
    title: 'Not connected to Porthole',
    detail: `${what}. A link from \`npm run web\` works once: run it and open the link it prints.`,
  };
}

function hostStopped(reason: string): UserError {
  return { kind: 'connection-lost', title: 'Porthole stopped', detail: `${reason || 'The web host stopped'}. Start it again with \`npm run web\`.` };
}

function linkLost(): UserError {
  return { kind: 'connection-lost', title: 'Lost the link to Porthole', detail: 'The connection to the web host dropped; reconnecting.' };
}

export function connectWebBridge(options: WebBridgeOptions): WebBridge {
  const client = new BridgeClient();
  const backoff = options.backoff ?? DEFAULT_BACKOFF;
  let attempt = 0;
  let everOpened = false;
  let stopped = false;
  let socket: WebSocketLike | null = null;
  let retry: ReturnType<typeof setTimeout> | null = null;

  function connect(): void {
    retry = null;
    const credential = options.credentials.current();
    if (credential === null) {
      client.disconnected({ kind: 'failed', error: refused(options.bridgeUrl, null) });
      return;
    }
    const param = credential.kind === 'token' ? TOKEN_PARAM : SESSION_PARAM;
    let closed = false;
    const current = options.openSocket(`${options.bridgeUrl}?${param}=${encodeURIComponent(credential.value)}`, {
      open: () => client.connected({ send: (message) => current.send(webCodec.encodeClient(message)), close: () => current.close() }),
      message: (frame) => {
        let message: ServerMessage;
        try {
          message = webCodec.decodeServer(frame);
        } catch {
          // A frame main should never send: start over on a fresh connection.
          current.close();
          return;
        }
        if (message.t === 'hello') {
          everOpened = true;
          attempt = 0;
          if (message.sessionSecret !== undefined) options.credentials.remember(message.sessionSecret);
        }
        client.receive(message);
      },
      close: (code, reason) => {
        if (closed) return;
        closed = true;
        lost(code, reason, credential);
      },
    });
    socket = current;
  }

  function lost(code: number, reason: string, credential: Credential): void {
    socket = null;
    if (stopped || client.connection.kind === 'failed') return;
    if (code === CLOSE_HOST_STOPPED) {
      client.disconnected({ kind: 'failed', error: hostStopped(reason) });
    } else if (!everOpened) {
      client.disconnected({ kind: 'failed', error: refused(options.bridgeUrl, credential) });
    } else {
      attempt += 1;
      client.disconnected({ kind: 'reconnecting', attempt, error: linkLost() });
      retry = setTimeout(connect, Math.min(backoff.maxMs, backoff.initialMs * 2 ** (attempt - 1)));
    }
  }

  connect();
  return {
    bridge: client,
    stop() {
      stopped = true;
      if (retry !== null) clearTimeout(retry);
      socket?.close();
    },
  };
}
