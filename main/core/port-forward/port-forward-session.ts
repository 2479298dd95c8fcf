// A port-forward session: a TCP listener on 127.0.0.1 (the requested port, or one the kernel
// picks) whose every accepted connection is forwarded to a pod's port over a WebSocket of its own
// (see forwarded-connection.ts). The pod is one the target names: the pod itself, or a ready pod
// behind a Service, a workload or a label selector, followed through the shared pod watch
// (pod-follower.ts). When that pod goes, the forward moves to another by itself and says so
// ("now via web-7f9c-x2"): connections to the old pod end, new ones go to the new pod.
//
// State, honestly: connecting while the listener binds, the target is resolved and the first pod
// is probed (a port-forward WebSocket the server must accept); live only then. A failure before
// that (the port is taken, an unusable context, no such pod or Service, RBAC, no ready pod) is
// the state at once, with its reason, and the port is released. While live, a forward whose every
// pod went away is 'resuming' (no green: connections are refused) until a pod serves again.
// A connection that merely fails (the pod's port refused it, the link broke) is reported as a
// notice and the forward's last error; only that connection ends.
import { createServer, type Server, type Socket } from 'node:net';
import { portForwardRequest } from '../../../shared/bridge/call-schemas.ts';
import type { UserError } from '../../../shared/bridge/errors.ts';
import { SchemaError } from '../../../shared/bridge/schema.ts';
import type { ForwardStatus, PortForwardRequest, SessionId, SessionInfo } from '../../../shared/bridge/sessions.ts';
import { PORT_FORWARD_WATERMARKS, type Watermarks } from '../../../shared/flow/flow-budget.ts';
import { SUBPROTOCOL, SUBPROTOCOL_OFFER } from '../../../shared/protocol/subprotocols.ts';
import type { ClusterConnection } from '../connection/cluster-connection.ts';
import { KEEPALIVE_DEFAULTS } from '../connection/keepalive.ts';
import { openWebSocket, type OpenedWebSocket } from '../connection/open-websocket.ts';
import { CoreError } from '../errors/core-error.ts';
import type { ErrorContext } from '../errors/error-context.ts';
import { errorFromNetwork } from '../errors/network-errors.ts';
import { resourceClientFor } from '../resources/resource-client.ts';
import { Session, type SessionSink } from '../sessions/session.ts';
import { ForwardedConnection, type ConnectionEnd } from './forwarded-connection.ts';
import { resolveTarget } from './forward-target.ts';
import { localPortOwner } from './local-port-owner.ts';
import { PodFollower, type FollowEvent, type WatchPods } from './pod-follower.ts';
import { answersHttp, looksLikeHttp, portNameOnPod } from './target-port.ts';

export const LOOPBACK = '127.0.0.1';

/** Traffic updates go out at most this often (connection and pod changes at once). */
const STATUS_INTERVAL_MS = 500;

export interface PortForwardSessionInit {
  readonly id: SessionId;
  readonly emit: SessionSink;
  readonly connection: ClusterConnection;
  readonly request: PortForwardRequest;
  /** The shared pod watch (PodWatchHub.watch). */
  readonly watchPods: WatchPods;
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

/** For a target with several pods, the pod of one connection vanishing is the watch's news, not the end. */
const MOVABLE_KINDS: ReadonlySet<UserError['kind']> = new Set(['not-found', 'bad-request']);

const SHORT_KINDS = { pod: '', service: 'svc/', deployment: 'deploy/', statefulset: 'sts/', daemonset: 'ds/' } as const;

/** "web-1:8080", "svc/web:80", "deploy/web:8080", "app=web:8080". */
export function forwardTitle(request: PortForwardRequest): string {
  const { target } = request;
  const name = target.kind === 'selector' ? target.selector : `${SHORT_KINDS[target.kind]}${target.name}`;
  return `${name}:${request.remotePort}`;
}

interface CurrentPod {
  readonly name: string;
  readonly port: number;
}

export class PortForwardSession extends Session {
  readonly #init: PortForwardSessionInit;
  readonly #errorContext: ErrorContext;
  /** Each connection, with the pod it goes to. */
  readonly #connections = new Map<ForwardedConnection, string>();
  readonly #abort = new AbortController();
  #server: Server | undefined;
  #localAddress: string | undefined;
  #follower: PodFollower | undefined;
  #current: CurrentPod | undefined;
  #probing = false;
  #resumeAttempts = 0;
  #portName: string | undefined;
  #status: Omit<ForwardStatus, 'pod' | 'podPort' | 'openConnections'> = { totalConnections: 0, bytesToPod: 0, bytesFromPod: 0, http: false };
  #statusTimer: NodeJS.Timeout | undefined;
  #settled: () => void = () => {};

  /** Throws a CoreError of kind 'invalid-request' for a request that names no valid target or port. */
  constructor(init: PortForwardSessionInit) {
    const request = checkRequest(init.request);
    super({ id: init.id, kind: 'port-forward', title: forwardTitle(request), emit: init.emit, context: request.context });
    this.#init = { ...init, request };
    const { target } = request;
    this.#errorContext = init.connection.errorContext(`port-forward to ${describeTarget(request)} port ${request.remotePort}`, {
      namespace: request.namespace,
      ...(target.kind === 'pod' ? { name: target.name } : {}),
    });
  }

  /** "127.0.0.1:PORT" once listening. */
  get localAddress(): string | undefined {
    return this.#localAddress;
  }

  /** Connections being forwarded right now. */
  get connections(): readonly ForwardedConnection[] {
    return [...this.#connections.keys()];
  }

  override info(): SessionInfo {
    const info = { ...super.info(), forward: this.#statusNow(), forwardRequest: this.#init.request };
    return this.#localAddress === undefined ? info : { ...info, localAddress: this.#localAddress };
  }

  /** Binds the listener and finds and probes the first pod; resolves once live or failed (the failure is the state). */
  async start(): Promise<void> {
    const settled = new Promise<void>((resolve) => (this.#settled = resolve));
    if (!(await this.#listen())) return;
    const { request } = this.#init;
    let target;
    try {
      target = await resolveTarget(resourceClientFor(this.#init.connection), request, this.#abort.signal);
    } catch (error) {
      this.#fail(error instanceof CoreError ? error.userError : errorFromNetwork(error, this.#errorContext));
      return;
    }
    if (this.ended) return;
    this.#portName = target.portName;
    this.#follower = new PodFollower(
      this.#init.watchPods,
      { context: request.context, namespace: request.namespace },
      target,
      describeTarget(request),
      (event) => this.#followed(event),
    );
    await settled;
  }

  close(): void {
    this.#shutdown();
    this.transition({ kind: 'closed' });
  }

  async #listen(): Promise<boolean> {
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
      const owner = (error as { code?: unknown }).code === 'EADDRINUSE' ? await localPortOwner(port) : undefined;
      this.transition({ kind: 'failed', error: listenError(error, port, this.#errorContext.context, owner) });
      return false;
    }
    if (this.ended) {
      this.#shutdown();
      return false;
    }
    server.on('error', (error) => this.#fail({ kind: 'network', title: 'Local listener failed', detail: error.message, context: this.#errorContext.context }));
    const address = server.address();
    this.#localAddress = address !== null && typeof address === 'object' ? `${LOOPBACK}:${address.port}` : undefined;
    return true;
  }

  #followed(event: FollowEvent): void {
    if (this.ended) return;
    const live = this.state.kind !== 'connecting';
    switch (event.kind) {
      case 'failed':
        if (!live) this.#fail(event.error);
        return;
      case 'none':
        this.#current = undefined;
        this.#status = { ...this.#status, lastError: event.reason };
        if (!live) {
          this.#fail({ kind: 'not-found', title: 'No pod to forward to', detail: event.reason, context: this.#errorContext.context });
          return;
        }
        this.#endConnections(() => true);
        this.transition({ kind: 'resuming', attempt: ++this.#resumeAttempts, error: { kind: 'not-found', title: 'No pod to forward to', detail: event.reason, context: this.#errorContext.context } });
        this.#emitStatus();
        return;
      case 'pod': {
        const previous = this.#current;
        this.#current = { name: event.pod.name, port: event.port };
        this.#status = { ...this.#status, http: this.#status.http || looksLikeHttp(event.port, this.#portName ?? portNameOnPod(event.port, event.pod)) };
        if (!live) {
          if (!this.#probing) void this.#probe();
          return;
        }
        this.#endConnections((pod) => pod !== event.pod.name);
        if (previous?.name !== event.pod.name) this.emit({ kind: 'notice', id: this.id, message: `Now via ${event.pod.name}` });
        if (this.state.kind === 'resuming') this.transition({ kind: 'live', protocol: SUBPROTOCOL.v4 });
        this.#emitStatus();
        return;
      }
    }
  }

  /** Opens one port-forward WebSocket to the chosen pod: the server accepting it makes the forward live. */
  async #probe(): Promise<void> {
    const current = this.#current;
    if (current === undefined) return;
    this.#probing = true;
    try {
      const { socket } = await this.#openTo(current, SUBPROTOCOL_OFFER.portforward, this.#abort.signal);
      socket.terminate();
    } catch (error) {
      this.#probing = false;
      if (!this.ended) this.#fail(error instanceof CoreError ? error.userError : errorFromNetwork(error, this.#errorContext));
      return;
    }
    this.#probing = false;
    if (this.ended) return;
    if (this.#current === undefined) {
      this.#fail({ kind: 'not-found', title: 'No pod to forward to', detail: this.#status.lastError ?? 'The pod went away.', context: this.#errorContext.context });
      return;
    }
    this.transition({ kind: 'live', protocol: SUBPROTOCOL.v4 });
    this.#settled();
    this.#emitStatus();
  }

  #openTo(pod: CurrentPod, protocols: readonly string[], signal: AbortSignal): Promise<OpenedWebSocket> {
    const { connection, request } = this.#init;
    const path = `/api/v1/namespaces/${encodeURIComponent(request.namespace)}/pods/${encodeURIComponent(pod.name)}/portforward`;
    return openWebSocket(
      connection,
      { path, query: new URLSearchParams({ ports: String(pod.port) }), protocols, resource: `port-forward to pod ${pod.name} port ${pod.port}` },
      { signal, ...(this.#init.handshakeTimeoutMs === undefined ? {} : { handshakeTimeoutMs: this.#init.handshakeTimeoutMs }) },
    );
  }

  #accept(local: Socket): void {
    const pod = this.#current;
    if (this.ended || this.state.kind !== 'live' || pod === undefined) {
      // Not live: refusing at once tells the client more than a connection that hangs.
      local.destroy();
      return;
    }
    let answered = false;
    const forwarded: ForwardedConnection = new ForwardedConnection({
      local,
      remotePort: pod.port,
      open: (protocols, signal) => this.#openTo(pod, protocols, signal),
      watermarks: this.#init.watermarks ?? PORT_FORWARD_WATERMARKS,
      keepalive: this.#init.keepalive ?? KEEPALIVE_DEFAULTS,
      errorContext: this.#errorContext,
      onBytes: (direction, data) => {
        if (direction === 'to-pod') this.#status = { ...this.#status, bytesToPod: this.#status.bytesToPod + data.length };
        else {
          this.#status = { ...this.#status, bytesFromPod: this.#status.bytesFromPod + data.length, http: this.#status.http || (!answered && answersHttp(data)) };
          answered = true;
        }
        this.#scheduleStatus();
      },
      onEnd: (end) => this.#connectionEnded(forwarded, pod, end),
    });
    this.#connections.set(forwarded, pod.name);
    this.#status = { ...this.#status, totalConnections: this.#status.totalConnections + 1 };
    this.#emitStatus();
    void forwarded.start();
  }

  #connectionEnded(forwarded: ForwardedConnection, pod: CurrentPod, end: ConnectionEnd): void {
    this.#connections.delete(forwarded);
    const target = `${pod.name}:${pod.port}`;
    const problem = connectionProblem(forwarded.peer, target, end);
    if (problem !== undefined) {
      const movable = this.#init.request.target.kind !== 'pod' && end.kind === 'not-opened' && MOVABLE_KINDS.has(end.error.kind);
      if (end.kind === 'not-opened' && SESSION_FATAL_KINDS.has(end.error.kind) && !movable) {
        this.#fail(end.error);
        return;
      }
      this.#status = { ...this.#status, lastError: problem };
      this.emit({ kind: 'notice', id: this.id, message: problem });
    }
    this.#emitStatus();
  }

  /** Ends the connections whose pod `which` names (they were going to a pod that is no longer used). */
  #endConnections(which: (pod: string) => boolean): void {
    for (const [forwarded, pod] of this.#connections) {
      if (!which(pod)) continue;
      this.#connections.delete(forwarded);
      forwarded.close();
    }
  }

  #statusNow(): ForwardStatus {
    return {
      ...this.#status,
      openConnections: this.#connections.size,
      ...(this.#current === undefined ? {} : { pod: this.#current.name, podPort: this.#current.port }),
    };
  }

  #scheduleStatus(): void {
    if (this.#statusTimer !== undefined) return;
    this.#statusTimer = setTimeout(() => this.#emitStatus(), STATUS_INTERVAL_MS);
    this.#statusTimer.unref();
  }

  #emitStatus(): void {
    clearTimeout(this.#statusTimer);
    this.#statusTimer = undefined;
    if (this.ended) return;
    this.emit({ kind: 'forward', id: this.id, status: this.#statusNow() });
  }

  #fail(error: UserError): void {
    this.#shutdown();
    this.transition({ kind: 'failed', error });
  }

  /** Stops listening, following and every connection. */
  #shutdown(): void {
    this.#abort.abort();
    this.#follower?.stop();
    clearTimeout(this.#statusTimer);
    this.#server?.close();
    for (const forwarded of this.#connections.keys()) forwarded.close();
    this.#connections.clear();
    this.#settled();
  }
}

function describeTarget(request: PortForwardRequest): string {
  const { target } = request;
  if (target.kind === 'selector') return `pods with ${target.selector}`;
  return target.kind === 'service' ? `Service ${target.name}` : `${target.kind} ${target.name}`;
}

function connectionProblem(peer: string, target: string, end: ConnectionEnd): string | undefined {
  switch (end.kind) {
    case 'closed':
      return undefined;
    case 'remote-error':
      return `Forwarding ${peer} to ${target} failed; the server said: ${end.text}`;
    case 'not-opened':
      return `Connection ${peer} to ${target} not opened: ${end.error.title}. ${end.error.detail}`;
    case 'failed':
      return `Connection ${peer} to ${target} failed: ${end.error.title}. ${end.error.detail}`;
  }
}

/** The request as the bridge's schema checks it, or a CoreError of kind 'invalid-request' saying what is wrong. */
function checkRequest(request: PortForwardRequest): PortForwardRequest {
  try {
    return portForwardRequest(request, 'request');
  } catch (error) {
    if (!(error instanceof SchemaError)) throw error;
    const context = (request as { context?: unknown } | null)?.context;
    throw new CoreError({
      kind: 'invalid-request',
      title: 'Invalid port-forward request',
      detail: `The port-forward ${error.message}.`,
      ...(typeof context === 'string' ? { context } : {}),
    });
  }
}

function listenError(error: unknown, port: number, context: string, owner: string | undefined): UserError {
  const code = (error as { code?: unknown } | null)?.code;
  const address = `${LOOPBACK}:${port}`;
  if (code === 'EADDRINUSE') {
    return {
      kind: 'network',
      title: `Local port ${port} in use`,
      detail: `${address} is already in use by ${owner ?? 'another program'}; choose another local port, or none for any free one.`,
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
