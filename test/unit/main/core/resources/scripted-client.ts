// A ResourceClient whose requests the test answers one by one: the test awaits the next request,
// looks at its path and query, and answers with a JSON body, a stream it writes watch lines into,
// or an error. Nothing is answered unless the test says so, so every step is deterministic.
import { PassThrough } from 'node:stream';
import type { UserError } from '../../../../../shared/bridge/errors.ts';
import { CoreError } from '../../../../../main/core/errors/core-error.ts';
import type { HttpTarget, ResourceClient } from '../../../../../main/core/resources/resource-client.ts';

export class ScriptedRequest {
  readonly target: HttpTarget;
  readonly signal: AbortSignal;
  readonly #resolve: (body: PassThrough) => void;
  readonly #reject: (error: unknown) => void;

  constructor(target: HttpTarget, signal: AbortSignal, resolve: (body: PassThrough) => void, reject: (error: unknown) => void) {
    this.target = target;
    this.signal = signal;
    this.#resolve = resolve;
    this.#reject = reject;
  }

  get query(): URLSearchParams {
    return this.target.query;
  }

  get isWatch(): boolean {
    return this.query.get('watch') === 'true';
  }

  /** Answers 200 with `value` as the whole JSON body. */
  json(value: unknown): void {
    const body = new PassThrough();
    this.#resolve(body);
    body.end(JSON.stringify(value));
  }

  /** Answers 200 with a body the test writes to (and ends, or destroys). */
  stream(): WatchStream {
    const body = new PassThrough();
    this.#resolve(body);
    return new WatchStream(body);
  }

  /** Answers with a refusal, as openHttpStream reports one. */
  refuse(status: number, title = `refused with ${status}`): void {
    this.#reject(new CoreError({ kind: status === 410 ? 'server-error' : 'forbidden', title, detail: title, httpStatus: status }));
  }

  /** Fails as the network does. */
  fail(error: Error): void {
    this.#reject(error);
  }
}

export class WatchStream {
  readonly body: PassThrough;

  constructor(body: PassThrough) {
    this.body = body;
  }

  event(type: string, object: unknown): void {
    this.body.write(`${JSON.stringify({ type, object })}\n`);
  }

  raw(text: string | Uint8Array): void {
    this.body.write(text);
  }

  end(): void {
    this.body.end();
  }

  /** The connection breaks off, as an IncomingMessage whose socket was reset. */
  cut(): void {
    this.body.destroy(Object.assign(new Error('aborted'), { code: 'ECONNRESET' }));
  }
}

export class ScriptedClient implements ResourceClient {
  readonly context = 'scripted';
  readonly requests: ScriptedRequest[] = [];
  readonly #unclaimed: ScriptedRequest[] = [];
  readonly #waiters: ((request: ScriptedRequest) => void)[] = [];

  open(target: HttpTarget, signal: AbortSignal): Promise<PassThrough> {
    return new Promise((resolve, reject) => {
      if (signal.aborted) {
        reject(signal.reason);
        return;
      }
      signal.addEventListener('abort', () => reject(signal.reason), { once: true });
      const request = new ScriptedRequest(target, signal, resolve, reject);
      this.requests.push(request);
      const waiter = this.#waiters.shift();
      if (waiter === undefined) this.#unclaimed.push(request);
      else waiter(request);
    });
  }

  describe(error: unknown, resource: string): UserError {
    if (error instanceof CoreError) return error.userError;
    const message = error instanceof Error ? error.message : String(error);
    return { kind: 'network', title: 'Connection failed', detail: `${resource}: ${message}`, context: this.context };
  }

  /** The next request the code under test makes (already made, or yet to come). */
  next(): Promise<ScriptedRequest> {
    const waiting = this.#unclaimed.shift();
    if (waiting !== undefined) return Promise.resolve(waiting);
    return new Promise((resolve) => this.#waiters.push(resolve));
  }
}

/** A list page as the API server sends it. */
export function listPage(items: unknown[], resourceVersion: string, continueToken?: string): object {
  return {
    kind: 'List',
    apiVersion: 'v1',
    metadata: { resourceVersion, ...(continueToken === undefined ? {} : { continue: continueToken }) },
    items,
  };
}

/** Collects emitted values; `until` waits for one that matches, without any timing assumption. */
export class Recorder<T> {
  readonly all: T[] = [];
  readonly #waiters: { match: (value: T) => boolean; resolve: (value: T) => void }[] = [];

  readonly push = (value: T): void => {
    this.all.push(value);
    for (const waiter of [...this.#waiters]) {
      if (waiter.match(value)) {
        this.#waiters.splice(this.#waiters.indexOf(waiter), 1);
        waiter.resolve(value);
      }
    }
  };

  /** Resolves with the first value recorded at index `from` or later (already, or yet to come) that matches. */
  until<S extends T>(match: (value: T) => value is S, from?: number): Promise<S>;
  until(match: (value: T) => boolean, from?: number): Promise<T>;
  until(match: (value: T) => boolean, from = 0): Promise<T> {
    const earlier = this.all.slice(from).find(match);
    if (earlier !== undefined) return Promise.resolve(earlier);
    return new Promise((resolve) => this.#waiters.push({ match, resolve }));
  }
}
