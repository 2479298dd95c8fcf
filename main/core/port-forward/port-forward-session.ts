// A port-forward session: a TCP listener on 127.0.0.1 (the requested port, or one the kernel
// picks) whose every accepted connection is forwarded to the pod's port over a WebSocket of its
// own (see forwarded-connection.ts).
//
// State: connecting while the listener binds, live (protocol v4.channel.k8s.io, the only one
// port-forward speaks) once it listens, then closed by close(), or failed when the port cannot be
// bound or the server refuses the upgrade outright (pod gone, RBAC, credentials: every further
// connection would be refused too, so the port is released). A connection that merely fails (the
// pod's port refused it, the link broke) is reported as a notice and only that connection ends.
import { createServer, type Server, type Socket } from 'node:net';
import type { UserError } from '../../../shared/bridge/errors.ts';
import type { PortForwardRequest, SessionId, SessionInfo } from '../../../shared/bridge/sessions.ts';
import { PORT_FORWARD_WATERMARKS, type Watermarks } from '../../../shared/flow/flow-budget.ts';
import { SUBPROTOCOL } from '../../../shared/protocol/subprotocols.ts';
import type { ClusterConnection } from '../connection/cluster-connection.ts';
import { KEEPALIVE_DEFAULTS } from '../connection/keepalive.ts';
import { openWebSocket } from '../connection/open-websocket.ts';
import { CoreError } from '../errors/core-error.ts';
import type { ErrorContext } from '../errors/error-context.ts';
import { checkPodRef } from '../sessions/pod-target.ts';
import { Session, type SessionSink } from '../sessions/session.ts';
import { ForwardedConnection, type ConnectionEnd } from './forwarded-connection.ts';

export const LOOPBACK = '127.0.0.1';

export interface PortForwardSessionInit {
  readonly id: SessionId;
  readonly emit: SessionSink;
  readonly connection: ClusterConnection;
  readonly request: PortForwardRequest;
  readonly watermarks?: Watermarks;
  readonly keepalive?: { readonly intervalMs: number; readonly timeoutMs: number };
  readonly handshakeTimeoutMs?: number;
}

/** Refusals that will repeat for every connection: the session ends rather than fail each one. */
const SESSION_FATAL_KINDS: ReadonlySet<UserError['kind']> = new Set([
  'credentials-rejected',
  'forbidden',
  'protocol-refused',
  'not-found',
  'bad-request',
  'kubeconfig',
  'exec-plugin',
  'auth-provider',
]);

export class PortForwardSession extends Session {
  readonly #init: PortForwardSessionInit;
  readonly #errorContext: ErrorContext;
  readonly #connections = new Set<ForwardedConnection>();
  #server: Server | undefined;
  #localAddress: string | undefined;

  /** Throws a CoreError of kind 'invalid-request' for a request that names no valid pod or port. */
  constructor(init: PortForwardSessionInit) {
    const { request } = init;
    checkPodRef(request);
    checkPort('remote port', request.remotePort, false, request.context);
    checkPort('local port', request.localPort, true, request.context);
    super({ id: init.id, kind: 'port-forward', title: `${request.pod}:${request.remotePort}`, emit: init.emit, context: request.context });
    this.#init = init;
    this.#errorContext = init.connection.errorContext(`port-forward to pod ${request.pod} port ${request.remotePort}`, {
      namespace: request.namespace,
      name: request.pod,
    });
  }

  /** "127.0.0.1:PORT" once listening. */
  get localAddress(): string | undefined {
    return this.#localAddress;
  }

  /** Connections being forwarded right now. */
  get connections(): readonly ForwardedConnection[] {
    return [...this.#connections];
  }

  override info(): SessionInfo {
    const info = super.info();
    return this.#localAddress === undefined ? info : { ...info, localAddress: this.#localAddress };
  }

  /** Binds the listener; resolves once live or failed (the failure is the state). */
  async start(): Promise<void> {
    // allowHalfOpen: when the client ends its side, what the pod sent until the WebSocket closes
    // still reaches it. pauseOnConnect: nothing is read before the connection's WebSocket is open.
    const server = createServer({ allowHalfOpen: true, pauseOnConnect: true }, (local) => this.#accept(local));
    this.#server = server;
    const port = this.#init.request.localPort ?? 0;
    try {
      await new Promise<void>((resolve, reject) => {
        server.once('error', reject);
        server.listen({ host: LOOPBACK, port, exclusive: true }, () => {
          server.off('error', reject);
          resolve();
        });
      });
    } catch (error) {
      this.#shutdown();
      this.transition({ kind: 'failed', error: listenError(error, port, this.#errorContext.context) });
      return;
    }
    if (this.ended) {
      this.#shutdown();
      return;
    }
    server.on('error', (error) => this.#fail({ kind: 'network', title: 'Local listener failed', detail: error.message, context: this.#errorContext.context }));
    const address = server.address();
    this.#localAddress = address !== null && typeof address === 'object' ? `${LOOPBACK}:${address.port}` : undefined;
    this.transition({ kind: 'live', protocol: SUBPROTOCOL.v4 });
  }

  close(): void {
    this.#shutdown();
    this.transition({ kind: 'closed' });
  }

  #accept(local: Socket): void {
    if (this.ended) {
      local.destroy();
      return;
    }
    const { connection, request } = this.#init;
    const query = new URLSearchParams({ ports: String(request.remotePort) });
    const path = `/api/v1/namespaces/${encodeURIComponent(request.namespace)}/pods/${encodeURIComponent(request.pod)}/portforward`;
    const forwarded: ForwardedConnection = new ForwardedConnection({
      local,
      remotePort: request.remotePort,
      open: (protocols, signal) =>
        openWebSocket(
          connection,
          { path, query, protocols, resource: this.#errorContext.resource },
          { signal, ...(this.#init.handshakeTimeoutMs === undefined ? {} : { handshakeTimeoutMs: this.#init.handshakeTimeoutMs }) },
        ),
      watermarks: this.#init.watermarks ?? PORT_FORWARD_WATERMARKS,
      keepalive: this.#init.keepalive ?? KEEPALIVE_DEFAULTS,
      errorContext: this.#errorContext,
      onEnd: (end) => this.#connectionEnded(forwarded, end),
    });
    this.#connections.add(forwarded);
    void forwarded.start();
  }

  #connectionEnded(forwarded: ForwardedConnection, end: ConnectionEnd): void {
    this.#connections.delete(forwarded);
    const target = `${this.#init.request.pod}:${this.#init.request.remotePort}`;
    switch (end.kind) {
      case 'closed':
        return;
      case 'remote-error':
        this.emit({ kind: 'notice', id: this.id, message: `Forwarding ${forwarded.peer} to ${target} failed; the server said: ${end.text}` });
        return;
      case 'not-opened':
        if (SESSION_FATAL_KINDS.has(end.error.kind)) {
          this.#fail(end.error);
          return;
        }
        this.emit({ kind: 'notice', id: this.id, message: `Connection ${forwarded.peer} to ${target} not opened: ${end.error.title}. ${end.error.detail}` });
        return;
      case 'failed':
        this.emit({ kind: 'notice', id: this.id, message: `Connection ${forwarded.peer} to ${target} failed: ${end.error.title}. ${end.error.detail}` });
        return;
    }
  }

  #fail(error: UserError): void {
    this.#shutdown();
    this.transition({ kind: 'failed', error });
  }

  /** Stops listening and closes every connection. */
  #shutdown(): void {
    this.#server?.close();
    for (const forwarded of this.#connections) forwarded.close();
    this.#connections.clear();
  }
}

function checkPort(what: string, value: unknown, optional: boolean, context: unknown): void {
  if (optional && (value === undefined || value === 0)) return;
  if (typeof value === 'number' && Number.isInteger(value) && value >= 1 && value <= 65535) return;
  throw new CoreError({
    kind: 'invalid-request',
    title: `Invalid ${what}`,
    detail: `The ${what} must be a whole number from 1 to 65535${optional ? ' (or 0 for any free port)' : ''}, got ${JSON.stringify(value) ?? String(value)}.`,
    ...(typeof context === 'string' ? { context } : {}),
  });
}

function listenError(error: unknown, port: number, context: string): UserError {
  const code = (error as { code?: unknown } | null)?.code;
  const address = `${LOOPBACK}:${port}`;
  if (code === 'EADDRINUSE') {
    return {
      kind: 'network',
      title: 'Local port in use',
      detail: `${address} is already in use by another program; choose another local port, or none for any free one.`,
      context,
    };
  }
  if (code === 'EACCES') {
    return {
      kind: 'network',
      title: 'Local port not allowed',
      detail: `This user may not listen on ${address} (ports below 1024 need privileges); choose a port from 1024.`,
      context,
    };
  }
  return {
    kind: 'network',
    title: 'Cannot listen locally',
    detail: `Listening on ${address} failed: ${error instanceof Error ? error.message : String(error)}`,
    context,
  };
}
