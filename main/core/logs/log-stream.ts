// One container's log, across as many connections as it takes: the one code path above the
// transports. It opens a connection, turns its bytes into lines (log-stream-parser.ts), and when
// the connection drops before the log ended it reconnects with backoff from the last line
// delivered, so the lines it hands on have no gap and no duplicate.
//
// Lifecycle, reported through the handlers:
//   status 'live' (each time a connection opens), 'resuming' (a connection dropped; attempt n is
//   scheduled), then exactly one end: 'ended' (the server finished the log, or limitBytes was
//   used up) or 'failed' (the first connection was refused, or an error that retrying cannot fix).
// After close() no handler is called.
//
// Which failures are retried: the first connection is never retried (a refusal then is almost
// always a mistake the user must see: wrong pod, RBAC, bad TLS). Once the log has been flowing, a
// refusal while resuming is retried unless it is permanent (pod or container gone, request
// refused as invalid, protocol broken): during an API server restart the server first refuses
// connections, then may answer 503 or even 401/403 until its caches are warm.
import type { ErrorKind, UserError } from '../../../shared/bridge/errors.ts';
import type { LogLine } from '../../../shared/bridge/sessions.ts';
import { CoreError } from '../errors/core-error.ts';
import { Backoff, type BackoffPolicy } from '../resources/backoff.ts';
import { describeLogSource, logPath, logQuery, type LogQueryOptions, type LogSource } from './log-request.ts';
import { LogStreamParser, type ParsedLines } from './log-stream-parser.ts';
import type { LogConnection, LogConnectionSink, LogTransport } from './log-transport.ts';

export type LogStreamStatus =
  | { readonly kind: 'live'; readonly protocol: string }
  | { readonly kind: 'resuming'; readonly attempt: number; readonly error: UserError };

export type LogStreamEnd = { readonly kind: 'ended' } | { readonly kind: 'failed'; readonly error: UserError };

export interface LogStreamHandlers {
  /** New lines, in log order, with each line's flow-control weight and their sum. */
  lines(lines: LogLine[], weights: number[], bytes: number): void;
  status(status: LogStreamStatus): void;
  end(end: LogStreamEnd): void;
}

export interface LogStreamOptions extends LogQueryOptions {
  /** The kubeconfig context, for error messages. */
  readonly context: string;
  readonly limitBytes?: number;
  readonly maxLineBytes?: number;
  readonly backoff?: BackoffPolicy;
  /** Consecutive failed resume attempts before giving up; unlimited by default. */
  readonly maxResumeAttempts?: number;
  /** Randomness for the backoff jitter, [0, 1). */
  readonly random?: () => number;
}

/**
 * Resume delays: quicker than a watch's (a person is looking at this log), capped lower so a
 * restarted API server is noticed within seconds.
 */
export const LOG_RESUME_BACKOFF: BackoffPolicy = { initialMs: 250, maxMs: 10_000, factor: 2, jitter: 0.5 };

/** Errors no retry can fix. */
const PERMANENT: ReadonlySet<ErrorKind> = new Set([
  'not-found',
  'bad-request',
  'invalid-request',
  'protocol',
  'protocol-refused',
  'kubeconfig',
]);

export class LogStream {
  readonly #transport: LogTransport;
  readonly #source: LogSource;
  readonly #options: LogStreamOptions;
  readonly #handlers: LogStreamHandlers;
  readonly #parser: LogStreamParser;
  readonly #resource: string;
  readonly #backoff: Backoff;

  /** Incremented per connection, so late events of a replaced connection are ignored. */
  #generation = 0;
  #connection: LogConnection | null = null;
  #opening: AbortController | null = null;
  #retryTimer: ReturnType<typeof setTimeout> | null = null;
  /** Consecutive resume attempts without a new line delivered. */
  #attempt = 0;
  #started = false;
  #paused = false;
  /** Ended, failed or closed: nothing more happens. */
  #over = false;

  constructor(transport: LogTransport, source: LogSource, options: LogStreamOptions, handlers: LogStreamHandlers) {
    this.#transport = transport;
    this.#source = source;
    this.#options = options;
    this.#handlers = handlers;
    this.#parser = new LogStreamParser({
      ...(options.maxLineBytes === undefined ? {} : { maxLineBytes: options.maxLineBytes }),
      ...(options.limitBytes === undefined ? {} : { limitBytes: options.limitBytes }),
    });
    this.#resource = describeLogSource(source, options.previous);
    this.#backoff = new Backoff(options.backoff ?? LOG_RESUME_BACKOFF, options.random);
  }

  /** Opens the first connection. */
  start(): void {
    if (this.#started || this.#over) return;
    this.#started = true;
    this.#connect(false);
  }

  /** Flow control: stop reading the socket until resume(). */
  pause(): void {
    this.#paused = true;
    this.#connection?.pause();
  }

  resume(): void {
    this.#paused = false;
    this.#connection?.resume();
  }

  /** Stops everything; no handler is called afterwards. */
  close(): void {
    if (this.#over) return;
    this.#over = true;
    this.#teardown();
  }

  #connect(resuming: boolean): void {
    const generation = ++this.#generation;
    const sinceTime = resuming ? this.#parser.resumeSinceTime() : null;
    // Without a position (no line delivered yet) a resume repeats the original request.
    this.#parser.beginConnection(sinceTime !== null);
    const opening = new AbortController();
    this.#opening = opening;
    const target = {
      path: logPath(this.#source),
      query: logQuery(this.#source, this.#options, sinceTime),
      resource: this.#resource,
      namespace: this.#source.namespace,
      pod: this.#source.pod,
    };
    this.#transport(target, this.#sink(generation), opening.signal).then(
      (connection) => {
        if (this.#over || generation !== this.#generation) {
          connection.close();
          return;
        }
        this.#opening = null;
        this.#connection = connection;
        if (this.#paused) connection.pause();
        this.#handlers.status({ kind: 'live', protocol: connection.protocol });
      },
      (error: unknown) => {
        if (this.#over || generation !== this.#generation) return;
        this.#opening = null;
        const userError = this.#userError(error);
        if (resuming) this.#retryOrFail(userError);
        else this.#finish({ kind: 'failed', error: userError });
      },
    );
  }

  #sink(generation: number): LogConnectionSink {
    const current = (): boolean => !this.#over && generation === this.#generation;
    return {
      data: (chunk) => {
        if (!current()) return;
        const parsed = this.#parser.push(chunk);
        this.#deliver(parsed);
        if (parsed.limitReached) this.#finish({ kind: 'ended' });
      },
      end: () => {
        if (!current()) return;
        const parsed = this.#parser.end();
        this.#deliver(parsed);
        this.#finish({ kind: 'ended' });
      },
      error: (error) => {
        if (!current()) return;
        this.#parser.drop();
        this.#connection = null;
        this.#retryOrFail(error);
      },
    };
  }

  #deliver({ lines, weights, bytes }: ParsedLines): void {
    if (lines.length === 0) return;
    this.#attempt = 0;
    this.#backoff.reset();
    this.#handlers.lines(lines, weights, bytes);
  }

  #retryOrFail(error: UserError): void {
    const maxAttempts = this.#options.maxResumeAttempts ?? Number.POSITIVE_INFINITY;
    if (PERMANENT.has(error.kind) || this.#attempt >= maxAttempts) {
      this.#finish({ kind: 'failed', error });
      return;
    }
    this.#attempt += 1;
    const attempt = this.#attempt;
    this.#handlers.status({ kind: 'resuming', attempt, error });
    // The status handler may have closed the stream.
    if (this.#over) return;
    const delay = this.#backoff.next();
    this.#retryTimer = setTimeout(() => {
      this.#retryTimer = null;
      this.#connect(true);
    }, delay);
  }

  #finish(end: LogStreamEnd): void {
    if (this.#over) return;
    this.#over = true;
    this.#teardown();
    this.#handlers.end(end);
  }

  #teardown(): void {
    this.#generation += 1;
    if (this.#retryTimer !== null) clearTimeout(this.#retryTimer);
    this.#retryTimer = null;
    this.#opening?.abort();
    this.#opening = null;
    this.#connection?.close();
    this.#connection = null;
  }

  #userError(error: unknown): UserError {
    if (error instanceof CoreError) return error.userError;
    return {
      kind: 'network',
      title: 'Log connection failed',
      detail: `Opening ${this.#resource} failed: ${error instanceof Error ? error.message : String(error)}`,
      context: this.#options.context,
    };
  }
}
