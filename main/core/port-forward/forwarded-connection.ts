// One accepted local TCP connection, forwarded over a WebSocket of its own to one port of a pod
// (v4 port-forward: the server forwards exactly one TCP connection per port per socket).
//
//   local client ──TCP──► [this] ──WebSocket: channel 0 data──► kubelet ──► pod port
//                 ◄──────        ◄────────── channel 0 data, channel 1 error text
//
// Backpressure both ways, so neither side can make us hold unbounded memory:
//   - towards the pod: above `high` bytes buffered in the WebSocket we stop reading the local
//     socket (TCP then pushes back on the local client) until the buffer drains below `low`;
//   - towards the local client: when its socket does not take more (write() returns false) we stop
//     reading the WebSocket (TCP pushes back on the API server) until the socket drains.
// The local socket is accepted paused and only read once the WebSocket is open, so bytes the
// client sends first (an HTTP request) wait in the kernel instead of in our memory.
//
// Ends: the pod side closing (the WebSocket closes) ends the local socket gracefully, after all
// that arrived was written. The local client ending its side ends the WebSocket, after all it
// sent: v4 has no half-close, so the pod could never learn of the EOF, and waiting for the pod
// side instead would keep a WebSocket to the API server open for every connection a client
// dropped, forever where the pod waits for that EOF. (kubectl's SPDY transport can half-close; a
// client that shuts its write side and then waits for an answer is not served here.) Text on the
// error channel means forwarding failed: it is reported and the connection closed.
import type { Socket } from 'node:net';
import type WebSocket from 'ws';
import type { UserError } from '../../../shared/bridge/errors.ts';
import type { Watermarks } from '../../../shared/flow/flow-budget.ts';
import { PortForwardDemultiplexer, encodePortForwardData } from '../../../shared/protocol/port-forward.ts';
import { ProtocolError } from '../../../shared/protocol/protocol-error.ts';
import { acceptSubprotocol, SUBPROTOCOL_OFFER, type PortForwardProtocol } from '../../../shared/protocol/subprotocols.ts';
import { startKeepalive } from '../connection/keepalive.ts';
import type { ErrorContext } from '../errors/error-context.ts';
import { errorFromNetwork } from '../errors/network-errors.ts';

export type ConnectionEnd =
  /** Either side closed; nothing went wrong. */
  | { readonly kind: 'closed' }
  /** The WebSocket could not be opened (the server refused the upgrade, or could not be reached). */
  | { readonly kind: 'not-opened'; readonly error: UserError }
  /** The server said on the error channel that forwarding failed. */
  | { readonly kind: 'remote-error'; readonly text: string }
  /** The link broke or the server broke the protocol. */
  | { readonly kind: 'failed'; readonly error: UserError };

export interface ForwardedConnectionInit {
  /** Accepted with pauseOnConnect (not read yet) and allowHalfOpen (so the pod's last bytes still go out). */
  readonly local: Socket;
  readonly remotePort: number;
  /** Opens this connection's WebSocket to the pod's portforward endpoint, offering `protocols`. */
  readonly open: (protocols: readonly string[], signal: AbortSignal) => Promise<{ socket: WebSocket; protocol: string }>;
  /** Stop reading the local socket when the WebSocket holds more than `high` bytes unsent; read it again below `low`. */
  readonly watermarks: Watermarks;
  readonly keepalive: { readonly intervalMs: number; readonly timeoutMs: number };
  /** Names the context, user, server and pod in errors. */
  readonly errorContext: ErrorContext;
  /** Each piece of data that crossed, for the forward's traffic counts (and its HTTP guess). */
  readonly onBytes?: (direction: 'to-pod' | 'from-pod', data: Uint8Array) => void;
  /** Called once, when both sockets are done with. */
  readonly onEnd: (end: ConnectionEnd) => void;
}

const DATA_PORT_INDEX = 0;

export class ForwardedConnection {
  readonly #init: ForwardedConnectionInit;
  readonly #abortOpen = new AbortController();
  #socket: WebSocket | undefined;
  #localPaused = true;
  /** We asked the WebSocket to close and wait for the server's answer. */
  #closing = false;
  #ended = false;
  #remoteErrorText = '';
  #failure: UserError | undefined;
  #stopKeepalive: () => void = () => {};

  constructor(init: ForwardedConnectionInit) {
    this.#init = init;
    const { local } = init;
    this.peer = `${local.remoteAddress ?? '?'}:${local.remotePort ?? '?'}`;
    local.on('error', () => {
      // A reset from the local client: 'close' follows and ends the connection.
    });
    local.on('end', () => this.#localEnded());
    local.on('close', () => this.#localEnded());
  }

  /** "127.0.0.1:54321": the local client, for messages (kept: a closed socket forgets it). */
  readonly peer: string;

  /** Bytes waiting in the WebSocket for the pod, and in the local socket for the client. */
  get buffered(): { toPod: number; toLocal: number; localPaused: boolean; socketPaused: boolean } {
    return {
      toPod: this.#socket?.bufferedAmount ?? 0,
      toLocal: this.#init.local.writableLength,
      localPaused: this.#localPaused,
      socketPaused: this.#socket?.isPaused ?? false,
    };
  }

  async start(): Promise<void> {
    let opened: { socket: WebSocket; protocol: string };
    try {
      opened = await this.#init.open(SUBPROTOCOL_OFFER.portforward, this.#abortOpen.signal);
    } catch (error) {
      if (this.#ended) return;
      this.#init.local.destroy();
      this.#end({ kind: 'not-opened', error: asUserError(error, this.#init.errorContext) });
      return;
    }
    const { socket } = opened;
    if (this.#ended) {
      socket.terminate();
      return;
    }
    this.#socket = socket;
    let protocol: PortForwardProtocol;
    let demultiplexer: PortForwardDemultiplexer;
    try {
      protocol = acceptSubprotocol('portforward', SUBPROTOCOL_OFFER.portforward, opened.protocol);
      demultiplexer = new PortForwardDemultiplexer([this.#init.remotePort], protocol);
    } catch (error) {
      this.#failure = asUserError(error, this.#init.errorContext);
      socket.terminate();
      this.#init.local.destroy();
      this.#end({ kind: 'failed', error: this.#failure });
      return;
    }
    this.#wire(socket, protocol, demultiplexer);
  }

  /** Closes both sides now (the session stops). Reports nothing. */
  close(): void {
    if (this.#ended) return;
    this.#ended = true;
    this.#abortOpen.abort();
    this.#stopKeepalive();
    this.#socket?.terminate();
    this.#init.local.destroy();
  }

  #wire(socket: WebSocket, protocol: PortForwardProtocol, demultiplexer: PortForwardDemultiplexer): void {
    const { local, watermarks } = this.#init;

    socket.on('message', (data: Buffer | ArrayBuffer | Buffer[]) => {
      if (this.#ended || this.#failure !== undefined) return;
      try {
        const event = demultiplexer.receive(toBytes(data));
        if (event === null) return;
        if (event.kind === 'error') {
          this.#remoteErrorText += event.text;
          // Forwarding failed: the local client gets no more data; the socket closes and the
          // text (possibly split over frames) is reported whole on 'close'.
          local.destroy();
          this.#closeSocket(socket);
          return;
        }
        this.#init.onBytes?.('from-pod', event.data);
        if (!local.write(event.data) && !socket.isPaused && !this.#closing) {
          socket.pause();
          local.once('drain', () => socket.resume());
        }
      } catch (error) {
        this.#failure = asUserError(error, this.#init.errorContext);
        local.destroy();
        socket.terminate();
      }
    });
    socket.on('error', (error) => {
      this.#failure ??= asUserError(error, this.#init.errorContext);
    });
    socket.on('close', () => {
      this.#stopKeepalive();
      try {
        for (const event of demultiplexer.end()) if (event.kind === 'error') this.#remoteErrorText += event.text;
      } catch (error) {
        this.#failure ??= asUserError(error, this.#init.errorContext);
      }
      // The pod side is done: let the local client read what is still queued, then FIN.
      if (this.#failure === undefined && this.#remoteErrorText === '') local.end();
      else local.destroy();
      this.#end(this.#outcome());
    });

    local.on('data', (chunk: Buffer) => {
      if (socket.readyState !== socket.OPEN) return;
      this.#init.onBytes?.('to-pod', chunk);
      socket.send(encodePortForwardData(protocol, DATA_PORT_INDEX, chunk), () => {
        if (this.#localPaused && !this.#ended && socket.bufferedAmount < watermarks.low) this.#resumeLocal();
      });
      if (!this.#localPaused && socket.bufferedAmount > watermarks.high) {
        this.#localPaused = true;
        local.pause();
      }
    });
    this.#stopKeepalive = startKeepalive(
      socket,
      { ...this.#init.keepalive, context: this.#init.errorContext.context },
      (error) => {
        this.#failure ??= error;
        socket.terminate();
      },
    );
    // Only now may bytes flow: the client's first ones (waiting in the kernel since the accept),
    // and the server's. The socket comes paused from the handshake, because `ws` emits the frames
    // that came with the 101 answer (here: the port prefixes) before an awaiting caller could
    // attach its listeners.
    this.#resumeLocal();
    socket.resume();
  }

  #resumeLocal(): void {
    this.#localPaused = false;
    this.#init.local.resume();
  }

  #localEnded(): void {
    if (this.#ended) return;
    if (this.#socket === undefined) {
      // Still opening: the client gave up; nothing to forward any more.
      this.#abortOpen.abort();
      this.#init.local.destroy();
      this.#end({ kind: 'closed' });
      return;
    }
    // Closing the WebSocket is the only way v4 has to end the forwarded connection. The close
    // frame goes out after the data frames already queued.
    this.#closeSocket(this.#socket);
  }

  #closeSocket(socket: WebSocket): void {
    if (socket.readyState !== socket.OPEN) return;
    this.#closing = true;
    // The server's close reply must be read: a socket paused for backpressure would leave `ws`
    // waiting 30 s for it. What arrives until then is bounded by what was in flight.
    if (socket.isPaused) socket.resume();
    socket.close();
  }

  #outcome(): ConnectionEnd {
    if (this.#remoteErrorText !== '') return { kind: 'remote-error', text: this.#remoteErrorText.trim() };
    if (this.#failure !== undefined) return { kind: 'failed', error: this.#failure };
    return { kind: 'closed' };
  }

  #end(end: ConnectionEnd): void {
    if (this.#ended) return;
    this.#ended = true;
    this.#stopKeepalive();
    this.#init.onEnd(end);
  }
}

function toBytes(data: Buffer | ArrayBuffer | Buffer[]): Uint8Array {
  if (Array.isArray(data)) return Buffer.concat(data);
  return data instanceof ArrayBuffer ? new Uint8Array(data) : data;
}

function asUserError(error: unknown, ctx: ErrorContext): UserError {
  if (error instanceof ProtocolError) {
    return {
      kind: 'protocol',
      title: 'Port-forward protocol error',
      detail: `During ${ctx.resource} the server broke the v4 port-forward protocol: ${error.message}`,
      context: ctx.context,
    };
  }
  // A CoreError (a refused upgrade) keeps its own error.
  return errorFromNetwork(error, ctx);
}
