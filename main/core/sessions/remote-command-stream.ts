// One exec/attach WebSocket after a successful handshake: decodes the server's frames into
// output and one end, frames what we send, and stops reading while the consumer is behind.
//
// Reading stops through `socket.pause()`, which pauses the TCP socket so the kernel's receive
// window closes and the server has to wait. `ws` still parses what it had already read (up to one
// socket chunk) and emits those messages; they wait in a queue here, in order with the close,
// so nothing is delivered while paused and nothing is reordered.
//
// The end is reported exactly once, as one of:
//   status           channel 3 carried the outcome (exit code, or the server's failure);
//   closed           the socket closed without a status;
//   protocol-error   a frame broke the channel protocol (the socket is then dropped);
//   bad-frame        the bytes were not even valid WebSocket frames;
//   lost             no pong within the keepalive window, or the socket failed underneath.
// After the status the socket is closed from our side, as client-go does: the server has
// nothing more to say and some servers wait for the client to go.
//
// The frames sent in one tick leave in ONE write to the connection. A command that ends at once
// (a shell that does not exist, to begin with) can have its status and the server's close in our
// kernel before we send the size and the typed-ahead input: the API server closes the connection
// right after its close frame, so our first write draws a TCP reset, a second write fails, and
// Node destroys the socket on that failure, discarding the status it had not read yet. The
// session would report a lost connection instead of the outcome, and a shell probe would lose the
// keystrokes it holds. With one write per tick, the socket reads that status before we write
// again, unless a write from another callback gets in first (a keystroke arriving in that very
// instant), which narrows the window from a whole burst to that instant.
//
// A binary frame sent is never kept by reference: `ws` treats a Buffer or view as read-only and, as
// a client must mask, writes the masked copy into a buffer of its own within `send` (compression,
// the only thing that defers the copy, is never negotiated: openWebSocket refuses perMessageDeflate).
import type { Socket } from 'node:net';
import type WebSocket from 'ws';
import type { UserError } from '../../../shared/bridge/errors.ts';
import type { OutputChannel } from '../../../shared/bridge/sessions.ts';
import { CHANNEL, REMOTE_COMMAND_SERVER_CHANNELS } from '../../../shared/protocol/channels.ts';
import {
  decodeChannelFrame,
  encodeClose,
  encodeResize,
  encodeStdin,
  encodeStdinInPlace,
  type IncomingMessage,
  type OutgoingMessage,
  type TerminalSize,
} from '../../../shared/protocol/channel-frame.ts';
import { ProtocolError } from '../../../shared/protocol/protocol-error.ts';
import { parseExecStatus, type ExecOutcome } from '../../../shared/protocol/status.ts';
import type { RemoteCommandProtocol } from '../../../shared/protocol/subprotocols.ts';
import { startKeepalive, type KeepaliveOptions } from '../connection/keepalive.ts';
import type { ErrorContext } from '../errors/error-context.ts';
import { errorFromNetwork } from '../errors/network-errors.ts';

export type StreamEnd =
  | { readonly kind: 'status'; readonly outcome: ExecOutcome }
  | { readonly kind: 'closed'; readonly code: number; readonly reason: string }
  | { readonly kind: 'protocol-error'; readonly error: ProtocolError }
  | { readonly kind: 'bad-frame'; readonly message: string }
  | { readonly kind: 'lost'; readonly error: UserError };

export interface StreamHandlers {
  output(channel: OutputChannel, bytes: Uint8Array): void;
  end(end: StreamEnd): void;
}

export interface RemoteCommandStreamOptions {
  readonly keepalive: Omit<KeepaliveOptions, 'context'>;
  /** Names the context, server and pod in a network error. */
  readonly errorContext: ErrorContext;
  /** The connection under the socket (openWebSocket's `transport`), to send a tick's frames in one write. */
  readonly transport: Pick<Socket, 'cork' | 'uncork'>;
}

type Queued =
  | { readonly kind: 'message'; readonly message: IncomingMessage }
  | { readonly kind: 'close'; readonly code: number; readonly reason: string };

const NORMAL_CLOSURE = 1000;
/** RFC 6455: "no close frame was received". */
const ABNORMAL_CLOSURE = 1006;

export class RemoteCommandStream {
  readonly protocol: RemoteCommandProtocol;
  readonly #socket: WebSocket;
  readonly #handlers: StreamHandlers;
  readonly #errorContext: ErrorContext;
  readonly #stopKeepalive: () => void;
  readonly #transport: Pick<Socket, 'cork' | 'uncork'>;
  #corked = false;
  #queue: Queued[] = [];
  #queuedBytes = 0;
  #paused = false;
  #draining = false;
  #finished = false;
  #statusChunks: Uint8Array[] = [];
  #socketError: unknown = undefined;

  constructor(
    socket: WebSocket,
    protocol: RemoteCommandProtocol,
    handlers: StreamHandlers,
    options: RemoteCommandStreamOptions,
  ) {
    this.#socket = socket;
    this.protocol = protocol;
    this.#handlers = handlers;
    this.#errorContext = options.errorContext;
    this.#transport = options.transport;
    socket.on('message', (data, isBinary) => this.#receive({ kind: 'message', message: incoming(data, isBinary) }));
    socket.on('close', (code, reason) => this.#receive({ kind: 'close', code, reason: reason.toString('utf8') }));
    // 'close' always follows; the error is what it will report.
    socket.on('error', (error) => {
      this.#socketError ??= error;
    });
    this.#stopKeepalive = startKeepalive(
      socket,
      { ...options.keepalive, context: options.errorContext.context },
      (error) => {
        this.#finish({ kind: 'lost', error });
        socket.terminate();
      },
    );
    // The socket must come paused from the handshake: `ws` emits the frames that arrived with the
    // 101 answer before an awaiting caller can attach listeners, and those frames (a fast
    // command's output and status) would be lost. Reading starts now that the listeners exist.
    socket.resume();
    // A socket that closed before it was handed over would never say so; report that close
    // once the caller holds this stream (it cannot handle an end from inside the constructor).
    if (socket.readyState === socket.CLOSED) {
      queueMicrotask(() => this.#receive({ kind: 'close', code: ABNORMAL_CLOSURE, reason: 'closed before the session took the socket' }));
    }
  }

  /** Bytes of received messages waiting for a resume (what `ws` parsed after the pause). */
  get queuedBytes(): number {
    return this.#queuedBytes;
  }

  sendStdin(bytes: Uint8Array): void {
    this.#send(encodeStdin(this.protocol, bytes));
  }

  /**
   * Sends the stdin bytes of `frame` after its first byte, which takes the channel (no copy of the
   * payload). `ws` copies a client frame while masking it, before `send` returns (see the top), so
   * `frame` may be filled again at once.
   */
  sendStdinFrame(frame: Uint8Array): void {
    this.#send(encodeStdinInPlace(this.protocol, frame));
  }

  /** Throws ProtocolError('bad-resize') for a size the server cannot take. */
  sendResize(size: TerminalSize): void {
    this.#send(encodeResize(this.protocol, size));
  }

  /** Half-closes stdin (v5). Returns false, sending nothing, when the protocol has no close signal. */
  closeStdin(): boolean {
    if (!this.protocol.supportsClose) return false;
    this.#send(encodeClose(this.protocol, CHANNEL.stdin));
    return true;
  }

  /** Stops reading the socket; what `ws` still parses waits in the queue. */
  pause(): void {
    if (this.#paused) return;
    this.#paused = true;
    this.#socket.pause();
  }

  resume(): void {
    if (!this.#paused) return;
    this.#paused = false;
    this.#drain();
    // The queue may have paused us again (the consumer fell behind once more).
    if (!this.#paused) this.#socket.resume();
  }

  /** Ends the stream from our side without reporting an end. */
  close(): void {
    if (this.#finished) return;
    this.#finished = true;
    this.#stopKeepalive();
    this.#clearQueue();
    // A paused socket would never read the server's close reply; ws would wait 30 s for it.
    this.#socket.resume();
    this.#socket.close(NORMAL_CLOSURE);
  }

  #clearQueue(): void {
    this.#queue = [];
    this.#queuedBytes = 0;
  }

  #send(message: OutgoingMessage): void {
    if (this.#finished) return;
    this.#writeOncePerTick();
    // After a close from the other side ws drops sends (with no callback, no throw): the end
    // handling reports what matters.
    this.#socket.send(message);
  }

  /** Holds this tick's frames back and writes them together once it ends (see the top). */
  #writeOncePerTick(): void {
    if (this.#corked) return;
    this.#corked = true;
    this.#transport.cork();
    process.nextTick(() => {
      this.#corked = false;
      this.#transport.uncork();
    });
  }

  #receive(item: Queued): void {
    if (this.#finished) return;
    if (this.#paused || this.#draining || this.#queue.length > 0) {
      this.#queue.push(item);
      if (item.kind === 'message') this.#queuedBytes += item.message.length;
      return;
    }
    this.#process(item);
  }

  #drain(): void {
    if (this.#draining) return;
    this.#draining = true;
    try {
      while (!this.#paused && !this.#finished && this.#queue.length > 0) {
        const item = this.#queue.shift();
        if (item === undefined) break;
        if (item.kind === 'message') this.#queuedBytes -= item.message.length;
        this.#process(item);
      }
    } finally {
      this.#draining = false;
    }
  }

  #process(item: Queued): void {
    if (item.kind === 'close') {
      this.#processClose(item.code, item.reason);
      return;
    }
    try {
      this.#processMessage(item.message);
    } catch (error) {
      if (!(error instanceof ProtocolError)) throw error;
      this.#finish({ kind: 'protocol-error', error });
      this.#socket.terminate();
    }
  }

  #processMessage(message: IncomingMessage): void {
    const frame = decodeChannelFrame(message, this.protocol, REMOTE_COMMAND_SERVER_CHANNELS);
    // Empty frames carry nothing; a server's half-close of its own stdout/stderr changes nothing
    // for us, the status or the socket's close still ends the stream.
    if (frame.kind !== 'data') return;
    switch (frame.channel) {
      case CHANNEL.stdout:
        this.#handlers.output('stdout', frame.payload);
        return;
      case CHANNEL.stderr:
        this.#handlers.output('stderr', frame.payload);
        return;
      case CHANNEL.status:
        this.#statusChunks.push(frame.payload);
        this.#tryStatus();
        return;
    }
  }

  /**
   * Servers write the status in one message; should one arrive in pieces, a piece that does not
   * parse yet waits for the rest (or for the close, which then decides).
   */
  #tryStatus(): void {
    let outcome: ExecOutcome;
    try {
      outcome = parseExecStatus(concat(this.#statusChunks), this.protocol.statusFormat);
    } catch (error) {
      if (error instanceof ProtocolError && error.code === 'bad-status-json') return;
      throw error;
    }
    this.#finish({ kind: 'status', outcome });
    this.#socket.close(NORMAL_CLOSURE);
  }

  #processClose(code: number, reason: string): void {
    if (this.#statusChunks.length > 0) {
      try {
        this.#finish({ kind: 'status', outcome: parseExecStatus(concat(this.#statusChunks), this.protocol.statusFormat) });
      } catch (error) {
        if (!(error instanceof ProtocolError)) throw error;
        this.#finish({ kind: 'protocol-error', error });
      }
      return;
    }
    if (isFramingError(this.#socketError)) {
      this.#finish({ kind: 'bad-frame', message: this.#socketError.message });
      return;
    }
    if (this.#socketError !== undefined) {
      this.#finish({ kind: 'lost', error: errorFromNetwork(this.#socketError, this.#errorContext) });
      return;
    }
    this.#finish({ kind: 'closed', code, reason });
  }

  #finish(end: StreamEnd): void {
    if (this.#finished) return;
    this.#finished = true;
    this.#stopKeepalive();
    this.#clearQueue();
    this.#handlers.end(end);
  }
}

/** `ws` names its own framing errors (invalid opcode, bad length, …) with WS_ERR_* codes. */
function isFramingError(error: unknown): error is Error {
  if (!(error instanceof Error)) return false;
  const code: unknown = (error as Error & { code?: unknown }).code;
  return typeof code === 'string' && code.startsWith('WS_ERR_');
}

const text = new TextDecoder('utf-8');

/** A `ws` message as the codec takes it: text messages as strings, so a binary protocol can refuse them. */
function incoming(data: WebSocket.RawData, isBinary: boolean): IncomingMessage {
  const bytes = Array.isArray(data) ? Buffer.concat(data) : data instanceof ArrayBuffer ? new Uint8Array(data) : data;
  return isBinary ? bytes : text.decode(bytes);
}

function concat(chunks: readonly Uint8Array[]): Uint8Array {
  if (chunks.length === 1 && chunks[0] !== undefined) return chunks[0];
  return Buffer.concat(chunks);
}
