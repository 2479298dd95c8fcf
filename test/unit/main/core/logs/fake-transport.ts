// An in-memory LogTransport the test drives: each open() is recorded with its query, and the
// test decides whether it opens or is refused, what bytes it sends, and how it ends.
import type { UserError } from '../../../../../shared/bridge/errors.ts';
import { CoreError } from '../../../../../main/core/errors/core-error.ts';
import type {
  LogConnection,
  LogConnectionSink,
  LogConnectionTarget,
  LogTransport,
} from '../../../../../main/core/logs/log-transport.ts';
import { bytesOf } from '../../../../support/bytes.ts';

export class FakeConnection {
  readonly target: LogConnectionTarget;
  readonly #sink: LogConnectionSink;
  readonly signal: AbortSignal;
  #resolve: (connection: LogConnection) => void = () => {};
  #reject: (error: unknown) => void = () => {};
  readonly opened: Promise<LogConnection>;
  paused = false;
  closed = false;
  /** pause()/resume() calls, in order. */
  readonly flowCalls: ('pause' | 'resume')[] = [];

  constructor(target: LogConnectionTarget, sink: LogConnectionSink, signal: AbortSignal) {
    this.target = target;
    this.#sink = sink;
    this.signal = signal;
    this.opened = new Promise((resolve, reject) => {
      this.#resolve = resolve;
      this.#reject = reject;
    });
  }

  query(name: string): string | null {
    return this.target.query.get(name);
  }

  /** The server accepts: the transport resolves. */
  accept(protocol = 'fake'): void {
    this.#resolve({
      protocol,
      pause: () => {
        this.paused = true;
        this.flowCalls.push('pause');
      },
      resume: () => {
        this.paused = false;
        this.flowCalls.push('resume');
      },
      close: () => {
        this.closed = true;
      },
    });
  }

  refuse(error: UserError): void {
    this.#reject(new CoreError(error));
  }

  send(text: string | Uint8Array): void {
    this.#sink.data(typeof text === 'string' ? bytesOf(text) : text);
  }

  end(): void {
    this.#sink.end();
  }

  drop(error: UserError = LOST): void {
    this.#sink.error(error);
  }
}

export const LOST: UserError = { kind: 'connection-lost', title: 'Log stream cut', detail: 'cut by the test' };

export class FakeTransport {
  readonly connections: FakeConnection[] = [];
  readonly transport: LogTransport = (target, sink, signal) => {
    const connection = new FakeConnection(target, sink, signal);
    this.connections.push(connection);
    return connection.opened;
  };

  /** The connection opened most recently; fails the test if there is none. */
  get last(): FakeConnection {
    const connection = this.connections.at(-1);
    if (connection === undefined) throw new Error('no connection was opened');
    return connection;
  }
}

/** Lets pending promise callbacks run. */
export async function settle(): Promise<void> {
  for (let i = 0; i < 5; i++) await Promise.resolve();
}
