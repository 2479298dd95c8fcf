// A shell that needs something made before it can connect: a debug container added to a pod, or a
// node-shell pod created. The session exists (and its tab shows) from the first moment: while the
// preparation runs, its progress is written into the terminal as dim lines ("Adding debug
// container…", "Pulling image…"), kept in the tab's screen like any output; then the shell session
// it prepared takes over under the same id, and this one forwards the user's input to it and
// mirrors its state. A refusal becomes the session's failed state, in the words of
// debug-refusals.ts. `cleanUp` runs once the session ends, however it ends (the node shell deletes
// its pod there).
import type { SessionId, TerminalSize } from '../../../shared/bridge/sessions.ts';
import { CoreError } from '../errors/core-error.ts';
import { errorFromNetwork } from '../errors/network-errors.ts';
import type { ClusterConnection } from '../connection/cluster-connection.ts';
import type { RemoteCommandSession } from '../sessions/remote-command-session.ts';
import { Session, type SessionSink } from '../sessions/session.ts';

/** Makes what the shell needs, then the shell's session (not started), which emits through `emit`. */
export type PrepareShell = (
  progress: (text: string) => void,
  signal: AbortSignal,
) => Promise<(emit: SessionSink, size: TerminalSize | undefined) => RemoteCommandSession>;

export interface PreparedShellInit {
  readonly id: SessionId;
  readonly title: string;
  readonly emit: SessionSink;
  readonly connection: ClusterConnection;
  /** What is being prepared, in words, for an unexpected failure: "adding a debug container". */
  readonly doing: string;
  readonly prepare: PrepareShell;
  readonly size?: TerminalSize;
  readonly cleanUp?: () => void;
}

/** Typed before the shell exists; more is refused, as the shell probe refuses a flood before it runs. */
const MAX_EARLY_INPUT = 64 * 1024;
const encoder = new TextEncoder();

export class PreparedShellSession extends Session {
  readonly #init: PreparedShellInit;
  readonly #sink: SessionSink;
  readonly #abort = new AbortController();
  #shell: RemoteCommandSession | undefined;
  #size: TerminalSize | undefined;
  #earlyInput: Uint8Array[] = [];
  #earlyBytes = 0;
  #stdinClosed = false;
  #cleanedUp = false;

  constructor(init: PreparedShellInit) {
    super({ id: init.id, kind: 'exec', title: init.title, emit: init.emit, context: init.connection.context });
    this.#init = init;
    this.#sink = init.emit;
    this.#size = init.size;
  }

  /** Starts preparing and answers at once: the tab shows the progress while it runs. */
  start(): Promise<void> {
    void this.#run();
    return Promise.resolve();
  }

  write(bytes: Uint8Array): void {
    if (this.ended) return;
    if (this.#shell !== undefined) {
      this.#shell.write(bytes);
      return;
    }
    if (this.#earlyBytes + bytes.length > MAX_EARLY_INPUT) {
      throw new CoreError({
        kind: 'invalid-request',
        title: 'Too much input before the shell started',
        detail: `More than ${MAX_EARLY_INPUT} bytes were typed into ${this.title} while it was being prepared.`,
        context: this.#init.connection.context,
      });
    }
    this.#earlyInput.push(bytes.slice());
    this.#earlyBytes += bytes.length;
  }

  resize(size: TerminalSize): void {
    this.#size = size;
    this.#shell?.resize(size);
  }

  closeStdin(): void {
    if (this.#shell !== undefined) this.#shell.closeStdin();
    else this.#stdinClosed = true;
  }

  /** The progress lines are this session's output; everything after them is the shell's. */
  override acknowledge(amount: number): void {
    const own = Math.min(amount, this.unacknowledged);
    if (own > 0) super.acknowledge(own);
    if (amount > own) this.#shell?.acknowledge(amount - own);
  }

  close(): void {
    if (this.ended) return;
    this.#abort.abort(new Error('session closed'));
    if (this.#shell === undefined) this.transition({ kind: 'closed' });
    else this.#shell.close();
    this.#ended();
  }

  async #run(): Promise<void> {
    let create: Awaited<ReturnType<PrepareShell>>;
    try {
      create = await this.#init.prepare((text) => this.#progress(text), this.#abort.signal);
    } catch (error) {
      if (this.ended) return;
      this.transition({ kind: 'failed', error: errorFromNetwork(error, this.#init.connection.errorContext(this.#init.doing)) });
      this.#ended();
      return;
    }
    if (this.ended) return;
    const shell = create((event) => this.#fromShell(event), this.#size);
    this.#shell = shell;
    for (const bytes of this.#earlyInput) shell.write(bytes);
    this.#earlyInput = [];
    if (this.#stdinClosed) shell.closeStdin();
    await shell.start();
  }

  #fromShell(event: Parameters<SessionSink>[0]): void {
    if (event.kind !== 'state') {
      if (!this.ended) this.#sink(event);
      return;
    }
    if (event.state.kind === 'connecting') return;
    this.transition(event.state);
    if (this.ended) this.#ended();
  }

  #progress(text: string): void {
    const bytes = encoder.encode(`\x1b[2m${text}\x1b[0m\r\n`);
    this.deliver({ kind: 'output', id: this.id, channel: 'stdout', bytes }, bytes.length);
  }

  #ended(): void {
    if (this.#cleanedUp) return;
    this.#cleanedUp = true;
    this.#init.cleanUp?.();
  }
}
