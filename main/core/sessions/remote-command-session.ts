// Exec and attach sessions: the same machinery over one WebSocket at a time (several in a row
// while a default shell is probed). It owns what outlives a socket: the state, flow control, the
// terminal size, and input typed before a process is known to run.
//
// Shell probe (shell-probe.ts: how "not found" looks, and the ShellProbe that decides): candidates
// are tried in order, each on a NEW socket, so a failed probe is a finished socket of its own and
// nothing shared with any other session is touched. Input is forwarded to the open candidate at
// once and the probe holds a copy; when the runtime says the executable does not exist, the next
// candidate gets the copy replayed, so no keystroke typed meanwhile is lost.
import { NO_SHELL_TITLE } from '../../../shared/bridge/debug.ts';
import type { UserError } from '../../../shared/bridge/errors.ts';
import type { OutputChannel, SessionId, SessionState, TerminalSize } from '../../../shared/bridge/sessions.ts';
import type { Watermarks } from '../../../shared/flow/flow-budget.ts';
import { MAX_TERMINAL_DIMENSION } from '../../../shared/protocol/channel-frame.ts';
import { ProtocolError } from '../../../shared/protocol/protocol-error.ts';
import type { ExecOutcome } from '../../../shared/protocol/status.ts';
import { acceptSubprotocol } from '../../../shared/protocol/subprotocols.ts';
import type { ClusterConnection } from '../connection/cluster-connection.ts';
import { KEEPALIVE_DEFAULTS } from '../connection/keepalive.ts';
import {
  openWebSocket,
  type OpenedWebSocket,
  type OpenWebSocketOptions,
  type WebSocketTarget,
} from '../connection/open-websocket.ts';
import { CoreError } from '../errors/core-error.ts';
import type { ErrorContext } from '../errors/error-context.ts';
import { errorFromNetwork } from '../errors/network-errors.ts';
import { RemoteCommandStream, type StreamEnd } from './remote-command-stream.ts';
import { Session, type SessionSink } from './session.ts';
import { ShellProbe } from './shell-probe.ts';

export type OpenSocket = (
  conn: ClusterConnection,
  target: WebSocketTarget,
  options?: OpenWebSocketOptions,
) => Promise<OpenedWebSocket>;

/** What every exec/attach session needs besides its request; the facade supplies it. */
export interface RemoteCommandSettings {
  readonly id: SessionId;
  readonly emit: SessionSink;
  readonly connection: ClusterConnection;
  readonly flow?: Partial<Watermarks>;
  readonly keepalive?: { readonly intervalMs: number; readonly timeoutMs: number };
  readonly heldInputLimit?: number;
  readonly handshakeTimeoutMs?: number;
  /** openWebSocket unless a test substitutes it. */
  readonly openSocket?: OpenSocket;
}

export interface Candidate {
  /** Names the candidate in messages: the shell, or the command. */
  readonly label: string;
  readonly target: WebSocketTarget;
}

export interface RemoteCommandSessionInit extends RemoteCommandSettings {
  readonly kind: 'exec' | 'attach';
  readonly title: string;
  /** Tried in order while the runtime answers "executable not found" (shell probe); else one. */
  readonly candidates: readonly [Candidate, ...Candidate[]];
  readonly probe: boolean;
  readonly namespace: string;
  readonly pod: string;
  readonly tty: boolean;
  readonly stdin: boolean;
  readonly size?: TerminalSize;
}

/** Where output stands: what the consumer holds unacknowledged, and what waits in our queue. */
export interface Backlog {
  readonly unacknowledged: number;
  readonly queuedBytes: number;
  readonly paused: boolean;
}

export class RemoteCommandSession extends Session {
  readonly #init: RemoteCommandSessionInit;
  readonly #openSocket: OpenSocket;
  readonly #probe: ShellProbe;
  readonly #abort = new AbortController();
  #started: Promise<void> | undefined;
  #stream: RemoteCommandStream | undefined;
  #size: TerminalSize | undefined;
  #stdinClosed = false;
  #closeNoticeSent = false;

  constructor(init: RemoteCommandSessionInit) {
    super({ id: init.id, kind: init.kind, title: init.title, emit: init.emit, context: init.connection.context, watermarks: init.flow });
    this.#init = init;
    this.#openSocket = init.openSocket ?? openWebSocket;
    this.#probe = new ShellProbe({
      candidates: init.candidates.length,
      probing: init.probe,
      tty: init.tty,
      heldInputLimit: init.heldInputLimit,
      deliver: (channel, bytes) => this.deliver({ kind: 'output', id: this.id, channel, bytes }, bytes.length),
    });
    if (init.size !== undefined) this.#size = checkedSize(init.size, this.#errorContext(init.candidates[0]));
  }

  get backlog(): Backlog {
    return {
      unacknowledged: this.unacknowledged,
      queuedBytes: this.#stream?.queuedBytes ?? 0,
      paused: this.outputPaused,
    };
  }

  /** The shell or command currently tried (the one running, once confirmed). */
  get candidate(): string {
    return this.#candidate().label;
  }

  /**
   * Connects; resolves once the session is live or has ended (failures become the state, the
   * promise never rejects). Calling it again returns the same promise.
   */
  start(): Promise<void> {
    this.#started ??= this.#connect();
    return this.#started;
  }

  write(bytes: Uint8Array): void {
    this.#requireStdin('write to');
    if (this.ended) return;
    if (this.#stdinClosed) {
      throw this.#invalid('Input already closed', `The input of ${this.title} was closed; nothing more can be sent.`);
    }
    if (!this.#probe.hold(bytes)) {
      if (this.#stream === undefined) {
        throw this.#invalid(
          'Too much input before the session started',
          `More than ${this.#probe.heldInputLimit} bytes were written to ${this.title} before it connected.`,
        );
      }
      this.#probe.confirm();
    }
    if (this.#stream !== undefined) this.#sendStdin(this.#stream, bytes);
  }

  resize(size: TerminalSize): void {
    this.#size = checkedSize(size, this.#errorContext(this.#candidate()));
    if (!this.#init.tty || this.ended) return;
    this.#stream?.sendResize({ Width: size.cols, Height: size.rows });
  }

  /**
   * Half-closes stdin (v5); under older protocols emits a notice that only closing the session
   * ends input, and input stays open. Before the socket is open the close waits with held input.
   */
  closeStdin(): void {
    this.#requireStdin('close the input of');
    if (this.ended || this.#stdinClosed) return;
    this.#stdinClosed = true;
    this.#probe.holdClose();
    if (this.#stream !== undefined) this.#sendClose(this.#stream);
  }

  protected override pauseOutput(): void {
    this.#stream?.pause();
  }

  protected override resumeOutput(): void {
    this.#stream?.resume();
  }

  close(): void {
    if (this.ended) return;
    this.#abort.abort(new Error('session closed'));
    this.#stream?.close();
    this.#stream = undefined;
    this.transition({ kind: 'closed' });
  }

  #candidate(): Candidate {
    const candidates = this.#init.candidates;
    return candidates[this.#probe.candidateIndex] ?? candidates[0];
  }

  async #connect(): Promise<void> {
    const candidate = this.#candidate();
    const ctx = this.#errorContext(candidate);
    let opened: OpenedWebSocket;
    try {
      opened = await this.#openSocket(this.#init.connection, candidate.target, {
        signal: this.#abort.signal,
        ...(this.#init.handshakeTimeoutMs === undefined ? {} : { handshakeTimeoutMs: this.#init.handshakeTimeoutMs }),
      });
    } catch (error) {
      // An abort is our own close(), which already set the state.
      if (!this.ended) this.#end({ kind: 'failed', error: errorFromNetwork(error, ctx) });
      return;
    }
    if (this.ended) {
      opened.socket.terminate();
      return;
    }
    let stream: RemoteCommandStream;
    try {
      const protocol = acceptSubprotocol('remotecommand', candidate.target.protocols, opened.protocol);
      stream = new RemoteCommandStream(
        opened.socket,
        protocol,
        {
          output: (channel, bytes) => this.#onOutput(stream, channel, bytes),
          end: (end) => this.#onEnd(stream, end),
        },
        { keepalive: this.#init.keepalive ?? KEEPALIVE_DEFAULTS, errorContext: ctx, transport: opened.transport },
      );
    } catch (error) {
      opened.socket.terminate();
      this.#end({ kind: 'failed', error: error instanceof ProtocolError ? protocolError(error, ctx) : errorFromNetwork(error, ctx) });
      return;
    }
    this.#stream = stream;
    if (this.outputPaused) stream.pause();
    // The size before any keystroke, so a shell lays out its first prompt for the real terminal.
    if (this.#init.tty && this.#size !== undefined) {
      stream.sendResize({ Width: this.#size.cols, Height: this.#size.rows });
    }
    this.#probe.opened((held) => {
      for (const chunk of held.chunks) this.#sendStdin(stream, chunk);
      if (held.stdinClosed) this.#sendClose(stream);
    });
    // Last: a listener may write from inside this event, and that input must not be replayed twice.
    if (this.state.kind === 'connecting') this.transition({ kind: 'live', protocol: stream.protocol.name });
  }

  #onOutput(stream: RemoteCommandStream, channel: OutputChannel, bytes: Uint8Array): void {
    if (stream === this.#stream) this.#probe.output(channel, bytes);
  }

  #sendStdin(stream: RemoteCommandStream, bytes: Uint8Array): void {
    this.#probe.sent(bytes);
    stream.sendStdin(bytes);
  }

  #onEnd(stream: RemoteCommandStream, end: StreamEnd): void {
    if (stream !== this.#stream) return;
    this.#stream = undefined;
    const verdict = this.#probe.ended(end.kind === 'status' ? end.outcome : undefined);
    if (verdict.kind === 'retry') {
      void this.#connect();
      return;
    }
    if (verdict.kind === 'give-up') {
      this.#end({ kind: 'failed', error: this.#noShellError(verdict.outcome) });
      return;
    }
    const ctx = this.#errorContext(this.#candidate());
    switch (end.kind) {
      case 'status':
        this.#end(this.#stateForOutcome(end.outcome, ctx));
        return;
      case 'closed':
        // Without a status on success (before v4) a plain close is a clean end.
        this.#end(
          stream.protocol.statusOnSuccess
            ? { kind: 'connection-lost', error: closedWithoutStatus(end, ctx, this.#init.kind) }
            : { kind: 'ended' },
        );
        return;
      case 'protocol-error':
        this.#end({ kind: 'failed', error: protocolError(end.error, ctx) });
        return;
      case 'bad-frame':
        this.#end({
          kind: 'failed',
          error: {
            kind: 'protocol',
            title: 'Malformed WebSocket frame',
            detail: `The server (or a proxy in between) sent bytes that are not a valid WebSocket frame during ${ctx.resource}: ${end.message}`,
            context: ctx.context,
          },
        });
        return;
      case 'lost':
        this.#end({ kind: 'connection-lost', error: end.error });
        return;
    }
  }

  #stateForOutcome(
    outcome: ExecOutcome,
    ctx: ErrorContext,
  ): SessionState {
    if (outcome.kind === 'exit') {
      // Attach reports Success when the container's process ends, without its exit code.
      if (this.#init.kind === 'attach' && outcome.code === 0) return { kind: 'ended' };
      return { kind: 'exited', exitCode: outcome.code };
    }
    const what = this.#init.kind === 'exec' ? 'Exec' : 'Attach';
    return {
      kind: 'failed',
      error: {
        kind: 'server-error',
        title: `${what} failed (${outcome.reason})`,
        detail: `The server ended ${ctx.resource} with: ${outcome.message || '(no message)'}`,
        context: ctx.context,
        ...(outcome.code === undefined ? {} : { httpStatus: outcome.code }),
      },
    };
  }

  #noShellError(outcome: ExecOutcome): UserError {
    const tried = this.#init.candidates.map((candidate) => candidate.label).join(', ');
    const said = outcome.kind === 'error' ? outcome.message : `exit code ${outcome.code}`;
    return {
      kind: 'not-found',
      title: NO_SHELL_TITLE,
      detail:
        `Tried ${tried} in pod ${this.#init.pod} (namespace ${this.#init.namespace}); the container has none of them. ` +
        `The last answer was: ${said}`,
      context: this.#init.connection.context,
    };
  }

  #end(state: SessionState): void {
    this.#stream?.close();
    this.#stream = undefined;
    this.transition(state);
  }

  #sendClose(stream: RemoteCommandStream): void {
    if (stream.closeStdin()) return;
    this.#stdinClosed = false;
    if (this.#closeNoticeSent) return;
    this.#closeNoticeSent = true;
    this.emit({
      kind: 'notice',
      id: this.id,
      message:
        `The server speaks ${stream.protocol.name}, which cannot signal end of input to the process; ` +
        'close the session to end its input (that also ends its output and loses the exit code).',
    });
  }

  #requireStdin(action: string): void {
    if (!this.#init.stdin) {
      throw this.#invalid('No input stream', `Cannot ${action} ${this.title}: it was opened without stdin.`);
    }
  }

  #invalid(title: string, detail: string): CoreError {
    return new CoreError({ kind: 'invalid-request', title, detail, context: this.#init.connection.context });
  }

  #errorContext(candidate: Candidate): ErrorContext {
    return this.#init.connection.errorContext(candidate.target.resource, {
      namespace: this.#init.namespace,
      name: this.#init.pod,
      offeredProtocols: candidate.target.protocols,
    });
  }
}

function checkedSize(size: TerminalSize, ctx: ErrorContext): TerminalSize {
  const ok = (value: unknown): boolean =>
    typeof value === 'number' && Number.isInteger(value) && value >= 1 && value <= MAX_TERMINAL_DIMENSION;
  if (!ok(size.cols) || !ok(size.rows)) {
    throw new CoreError({
      kind: 'invalid-request',
      title: 'Invalid terminal size',
      detail: `A terminal size needs whole numbers of columns and rows from 1 to ${MAX_TERMINAL_DIMENSION}, got ${String(size.cols)} x ${String(size.rows)}.`,
      context: ctx.context,
    });
  }
  return { cols: size.cols, rows: size.rows };
}

function closedWithoutStatus(end: { code: number; reason: string }, ctx: ErrorContext, kind: 'exec' | 'attach'): UserError {
  const reason = end.reason === '' ? '' : `: ${end.reason}`;
  return {
    kind: 'connection-lost',
    title: 'Connection lost',
    detail:
      `The connection for ${ctx.resource} closed (WebSocket code ${end.code}${reason}) before the server sent the ` +
      `${kind === 'exec' ? "command's exit status; the command may still be running" : "attach's end status"}.`,
    context: ctx.context,
  };
}

function protocolError(error: ProtocolError, ctx: ErrorContext): UserError {
  return {
    kind: 'protocol',
    title: 'Protocol violation',
    detail: `The server broke the streaming protocol during ${ctx.resource} (${error.code}): ${error.message}`,
    context: ctx.context,
  };
}
