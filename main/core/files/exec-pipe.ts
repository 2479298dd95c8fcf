// A command in a container as a pipe, for file transfers: no tty, stdout streamed to a consumer
// that may pause it, stderr kept (bounded) to explain a failure, stdin written with the socket's
// own backpressure. It uses the sessions' exec client (openWebSocket + RemoteCommandStream), not
// a second one; a transfer is no Session, as no window acknowledges its bytes.
import type WebSocket from 'ws';
import type { PodRef } from '../../../shared/bridge/sessions.ts';
import type { ExecOutcome } from '../../../shared/protocol/status.ts';
import { acceptSubprotocol } from '../../../shared/protocol/subprotocols.ts';
import type { ClusterConnection } from '../connection/cluster-connection.ts';
import { KEEPALIVE_DEFAULTS } from '../connection/keepalive.ts';
import { openWebSocket } from '../connection/open-websocket.ts';
import type { ErrorContext } from '../errors/error-context.ts';
import { podStreamTarget } from '../sessions/pod-target.ts';
import { RemoteCommandStream, type StreamEnd } from '../sessions/remote-command-stream.ts';

/** Stdin waits while the socket holds more than this unsent (the websocket buffer is "full"). */
export const STDIN_HIGH_WATER_BYTES = 4 * 1024 * 1024;
/** What of stderr is kept to explain a failure. */
const STDERR_KEPT_BYTES = 16 * 1024;

export interface ExecPipeOptions {
  readonly connection: ClusterConnection;
  readonly target: PodRef;
  readonly argv: readonly string[];
  readonly stdin: boolean;
  readonly onStdout: (bytes: Uint8Array) => void;
  readonly signal?: AbortSignal;
}

export interface ExecEnd {
  readonly end: StreamEnd;
  /** What the command wrote to stderr (its first 16 KiB). */
  readonly stderr: string;
}

export class ExecPipe {
  readonly errorContext: ErrorContext;
  /** Settles once, when the command ended or the connection did. */
  readonly ended: Promise<ExecEnd>;
  readonly #stream: RemoteCommandStream;
  readonly #socket: WebSocket;
  #stderr = '';
  #drainWaiters: (() => void)[] = [];
  #resolveEnd!: (end: ExecEnd) => void;
  #drainTimer: ReturnType<typeof setInterval> | null = null;

  private constructor(socket: WebSocket, stream: (pipe: ExecPipe, finish: (end: StreamEnd) => void) => RemoteCommandStream, errorContext: ErrorContext) {
    this.#socket = socket;
    this.errorContext = errorContext;
    this.ended = new Promise((resolve) => (this.#resolveEnd = resolve));
    this.#stream = stream(this, (end) => this.#finish(end));
  }

  /** Opens the exec; rejects with a CoreError (forbidden, not found, …) when the server refuses it. */
  static async open(options: ExecPipeOptions): Promise<ExecPipe> {
    const target = podStreamTarget('exec', options.target, { tty: false, stdin: options.stdin }, options.argv);
    const errorContext = options.connection.errorContext(target.resource, {
      namespace: options.target.namespace,
      name: options.target.pod,
      offeredProtocols: target.protocols,
    });
    const opened = await openWebSocket(options.connection, target, options.signal === undefined ? {} : { signal: options.signal });
    const protocol = acceptSubprotocol('remotecommand', target.protocols, opened.protocol);
    return new ExecPipe(
      opened.socket,
      (pipe, resolve) =>
        new RemoteCommandStream(
          opened.socket,
          protocol,
          {
            output: (channel, bytes) => (channel === 'stdout' ? options.onStdout(bytes) : pipe.#keepStderr(bytes)),
            end: resolve,
          },
          { keepalive: KEEPALIVE_DEFAULTS, errorContext, transport: opened.transport },
        ),
      errorContext,
    );
  }

  /** `ended`, the pipe closed if `signal` aborts first; then throws the abort's reason. */
  async endedUnlessAborted(signal: AbortSignal): Promise<ExecEnd> {
    const cancel = (): void => this.close();
    signal.addEventListener('abort', cancel, { once: true });
    if (signal.aborted) cancel();
    const end = await this.ended;
    signal.removeEventListener('abort', cancel);
    signal.throwIfAborted();
    return end;
  }

  /** Whether the protocol can half-close stdin (v5); without, the caller closes the pipe after its data. */
  get canCloseStdin(): boolean {
    return this.#stream.protocol.supportsClose;
  }

  /**
   * Sends the bytes of `frame` after its first byte (kept free for the channel) to stdin; `frame`
   * may be refilled at once. Resolves when the socket's buffer is below the high water mark again.
   */
  async writeFrame(frame: Uint8Array): Promise<void> {
    this.#stream.sendStdinFrame(frame);
    if (this.#socket.bufferedAmount <= STDIN_HIGH_WATER_BYTES) return;
    await new Promise<void>((resolve) => {
      this.#drainWaiters.push(resolve);
      // ws has no 'drain' event of its own; its buffer empties as the TCP socket writes.
      this.#drainTimer ??= setInterval(() => {
        if (this.#socket.bufferedAmount <= STDIN_HIGH_WATER_BYTES / 2) this.#wakeWriters();
      }, 5);
    });
  }

  /** Waits until every byte written has left for the server. */
  async flushed(): Promise<void> {
    while (this.#socket.bufferedAmount > 0 && this.#socket.readyState === this.#socket.OPEN) {
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
  }

  /** Half-closes stdin (v5). Answers false under older protocols, which cannot. */
  closeStdin(): boolean {
    return this.#stream.closeStdin();
  }

  pause(): void {
    this.#stream.pause();
  }

  resume(): void {
    this.#stream.resume();
  }

  /** Ends the exec from our side (cancel, a refused archive, the end of a v4 upload's data); `ended` says 'closed'. */
  close(): void {
    this.#stream.close();
    this.#finish({ kind: 'closed', code: 1000, reason: 'closed by Porthole' });
  }

  #finish(end: StreamEnd): void {
    this.#wakeWriters();
    this.#resolveEnd({ end, stderr: this.#stderr });
  }

  #keepStderr(bytes: Uint8Array): void {
    if (this.#stderr.length >= STDERR_KEPT_BYTES) return;
    this.#stderr += Buffer.from(bytes).toString('utf8');
    this.#stderr = this.#stderr.slice(0, STDERR_KEPT_BYTES);
  }

  #wakeWriters(): void {
    if (this.#drainTimer !== null) clearInterval(this.#drainTimer);
    this.#drainTimer = null;
    const waiters = this.#drainWaiters;
    this.#drainWaiters = [];
    for (const wake of waiters) wake();
  }
}

/** How the exec ended, for a transfer: null when the command exited 0. */
export function failureOf(end: ExecEnd): { readonly exitCode?: number; readonly message: string } | null {
  const { end: streamEnd, stderr } = end;
  if (streamEnd.kind === 'status') {
    const outcome: ExecOutcome = streamEnd.outcome;
    if (outcome.kind === 'exit') return outcome.code === 0 ? null : { exitCode: outcome.code, message: stderr.trim() };
    return { message: `${outcome.message} ${stderr}`.trim() };
  }
  if (streamEnd.kind === 'lost') return { message: streamEnd.error.detail };
  if (streamEnd.kind === 'closed') return { message: `the connection closed (code ${streamEnd.code}) before the command's exit status. ${stderr}`.trim() };
  if (streamEnd.kind === 'protocol-error') return { message: streamEnd.error.message };
  return { message: streamEnd.message };
}
