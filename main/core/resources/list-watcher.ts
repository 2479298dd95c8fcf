// Keeps a local view of one collection current, as client-go's reflector does: list (paginated),
// then watch from the list's resourceVersion, following every event's resourceVersion.
//   - The watch broke off (network, server error, no end in sight): report the health, wait with
//     backoff, and watch again from the last resourceVersion seen. Nothing is missed, nothing is
//     repeated, no re-list needed.
//   - 410 Gone (the resourceVersion was compacted away, on the watch's first response or as an
//     ERROR event): list again and hand over a fresh complete set.
//   - The server ended the watch cleanly (its timeoutSeconds ran out): watch again at once.
// The list is written over openHttpStream rather than client-node's informer so that each of these
// cases is ours to handle, report and test.
import { setTimeout as sleep } from 'node:timers/promises';
import type { UserError } from '../../../shared/bridge/errors.ts';
import type { WatchHealth } from '../../../shared/bridge/resources.ts';
import { WATCH_LINE_MAX_BYTES } from '../../../shared/flow/flow-budget.ts';
import { CoreError } from '../errors/core-error.ts';
import { Backoff } from './backoff.ts';
import { LineSplitter, LineTooLongError } from './line-splitter.ts';
import { listAll } from './paginated-list.ts';
import type { ResourceClient } from './resource-client.ts';
import { GONE, parseWatchEvent, type ChangeType } from './watch-event.ts';

export interface ListWatchOptions<T> {
  readonly client: ResourceClient;
  /** The collection, e.g. /api/v1/namespaces/shop/pods. */
  readonly path: string;
  /** Selectors, applied to the list and the watch alike. */
  readonly query?: URLSearchParams;
  /** The collection in words, for errors: "pods in namespace shop". */
  readonly resource: string;
  /** Checks and converts one object; throws a CoreError for an object it cannot use. */
  readonly decode: (object: unknown) => T;
  readonly pageSize?: number;
  /** How long the server keeps one watch open before ending it (client-go: 5 to 10 minutes). */
  readonly watchTimeoutSeconds?: number;
  /**
   * A watch still open this long after its timeoutSeconds is taken for dead (a link that died
   * without a reset): it is dropped and reopened.
   */
  readonly stallGraceMs?: number;
  readonly backoff?: Backoff;
}

export interface ListWatchHandlers<T> {
  /** The complete current set: after the first list, and after every re-list. */
  reset(items: readonly T[]): void;
  /** One change, in the order the server sent them. */
  change(type: ChangeType, item: T): void;
  /** Every change of health, and every new error while retrying. */
  health(health: WatchHealth, error?: UserError): void;
}

export const DEFAULT_WATCH_TIMEOUT_SECONDS = 300;
export const DEFAULT_STALL_GRACE_MS = 30_000;

type WatchOutcome = { readonly kind: 'ended' | 'gone'; readonly sawEvent: boolean };

export class ListWatcher<T> {
  readonly #options: ListWatchOptions<T>;
  readonly #handlers: ListWatchHandlers<T>;
  readonly #backoff: Backoff;
  readonly #stop = new AbortController();
  #running: Promise<void> | undefined;
  #health: WatchHealth = 'connecting';
  #healthError: UserError | undefined;
  #hasSnapshot = false;

  constructor(options: ListWatchOptions<T>, handlers: ListWatchHandlers<T>) {
    this.#options = options;
    this.#handlers = handlers;
    this.#backoff = options.backoff ?? new Backoff();
  }

  /** Starts listing and watching; reports 'connecting' first. Calling it again does nothing. */
  start(): void {
    if (this.#running !== undefined || this.#stop.signal.aborted) return;
    this.#handlers.health('connecting');
    this.#running = this.#run();
  }

  /** Stops for good: aborts the request in flight; no handler is called after this returns. */
  stop(): Promise<void> {
    this.#stop.abort();
    return this.#running ?? Promise.resolve();
  }

  get #stopped(): boolean {
    return this.#stop.signal.aborted;
  }

  async #run(): Promise<void> {
    let resourceVersion: string | undefined;
    while (!this.#stopped) {
      let phase: 'list' | 'watch' = 'list';
      try {
        if (resourceVersion === undefined) {
          resourceVersion = await this.#list();
          if (resourceVersion === undefined) return;
        }
        phase = 'watch';
        const outcome = await this.#watch(resourceVersion, (next) => (resourceVersion = next));
        if (outcome.kind === 'gone') resourceVersion = undefined;
        // A watch that ends (or is declared gone) without a single event, right after it opened,
        // would otherwise loop as fast as the server answers.
        if (!outcome.sawEvent) await sleep(this.#backoff.next(), undefined, { signal: this.#stop.signal });
      } catch (error) {
        if (this.#stopped) return;
        if (isGone(error)) {
          // A 410 answer (an expired continue token, a compacted resourceVersion) is no outage: list
          // again, after a pause that grows should the fresh list be gone again at once.
          resourceVersion = undefined;
        } else {
          const resource = `${phase} of ${this.#options.resource}`;
          this.#setHealth(this.#hasSnapshot ? 'reconnecting' : 'connecting', this.#options.client.describe(error, resource));
        }
        try {
          await sleep(this.#backoff.next(), undefined, { signal: this.#stop.signal });
        } catch {
          return;
        }
      }
    }
  }

  /** Lists everything and hands it over; returns the resourceVersion to watch from (undefined once stopped). */
  async #list(): Promise<string | undefined> {
    const { client, path, query, resource, decode, pageSize } = this.#options;
    const listed = await listAll(client, {
      path,
      resource,
      decode,
      signal: this.#stop.signal,
      ...(query === undefined ? {} : { query }),
      ...(pageSize === undefined ? {} : { pageSize }),
    });
    if (this.#stopped) return undefined;
    this.#hasSnapshot = true;
    this.#handlers.reset(listed.items);
    return listed.resourceVersion;
  }

  async #watch(resourceVersion: string, advance: (resourceVersion: string) => void): Promise<WatchOutcome> {
    const { client, path, resource, decode } = this.#options;
    const timeoutSeconds = this.#options.watchTimeoutSeconds ?? DEFAULT_WATCH_TIMEOUT_SECONDS;
    const query = new URLSearchParams(this.#options.query);
    query.set('watch', 'true');
    query.set('resourceVersion', resourceVersion);
    query.set('allowWatchBookmarks', 'true');
    query.set('timeoutSeconds', String(timeoutSeconds));

    const attempt = new AbortController();
    const abortAttempt = (): void => attempt.abort(this.#stop.signal.reason);
    this.#stop.signal.addEventListener('abort', abortAttempt, { once: true });
    // Stopped while the list was handed over (a handler that unsubscribes at once): the listener
    // above will never fire, and the watch request would wait forever.
    if (this.#stop.signal.aborted) abortAttempt();
    const stallMs = timeoutSeconds * 1000 + (this.#options.stallGraceMs ?? DEFAULT_STALL_GRACE_MS);
    const stallTimer = setTimeout(() => attempt.abort(stalled(client.context, resource, stallMs)), stallMs);
    try {
      const body = await client.open({ path, query, resource: `watch of ${resource}` }, attempt.signal);
      const destroyBody = (): void => {
        body.destroy();
      };
      attempt.signal.addEventListener('abort', destroyBody, { once: true });
      if (attempt.signal.aborted) destroyBody();
      this.#setHealth('live');

      const lines = new LineSplitter(WATCH_LINE_MAX_BYTES);
      let sawEvent = false;
      try {
        for await (const chunk of body as AsyncIterable<Uint8Array>) {
          for (const line of lines.push(chunk)) {
            if (attempt.signal.aborted) break;
            const event = parseWatchEvent(line, `watch of ${resource}`);
            if (event.type === 'ERROR') {
              destroyBody();
              if (event.code === GONE) return { kind: 'gone', sawEvent };
              throw watchEndedByServer(client.context, resource, event);
            }
            if (event.type !== 'BOOKMARK') this.#handlers.change(event.type, decode(event.object));
            advance(event.resourceVersion);
            sawEvent = true;
            this.#backoff.reset();
          }
        }
      } catch (error) {
        // Our own abort (stop, stall) surfaces as whatever the stream threw; say why instead.
        throw attempt.signal.aborted ? attempt.signal.reason : asStreamError(error, client.context, resource);
      }
      if (attempt.signal.aborted) throw attempt.signal.reason;
      if (lines.pendingBytes > 0) throw cutMidEvent(client.context, resource, lines.pendingBytes);
      return { kind: 'ended', sawEvent };
    } finally {
      clearTimeout(stallTimer);
      this.#stop.signal.removeEventListener('abort', abortAttempt);
    }
  }

  #setHealth(health: WatchHealth, error?: UserError): void {
    if (this.#stopped) return;
    if (health === this.#health && error === undefined && this.#healthError === undefined) return;
    this.#health = health;
    this.#healthError = error;
    if (error === undefined) this.#handlers.health(health);
    else this.#handlers.health(health, error);
  }
}

function isGone(error: unknown): boolean {
  return error instanceof CoreError && error.userError.httpStatus === GONE;
}

function stalled(context: string, resource: string, ms: number): CoreError {
  return new CoreError({
    kind: 'connection-lost',
    title: 'Watch stalled',
    context,
    detail: `The watch of ${resource} stayed open ${Math.round(ms / 1000)} s, past the time the server was asked to end it; ` +
      'the connection is taken for dead and reopened.',
  });
}

function watchEndedByServer(
  context: string,
  resource: string,
  event: { readonly code?: number; readonly reason: string; readonly message: string },
): CoreError {
  const code = event.code === undefined ? '' : ` ${event.code}`;
  return new CoreError({
    kind: 'server-error',
    title: 'Watch ended by the server',
    context,
    ...(event.code === undefined ? {} : { httpStatus: event.code }),
    detail: `The server ended the watch of ${resource} with an error${code} ${event.reason || 'Unknown'}: ` +
      `${JSON.stringify(event.message)}`,
  });
}

function cutMidEvent(context: string, resource: string, pendingBytes: number): CoreError {
  return new CoreError({
    kind: 'connection-lost',
    title: 'Watch cut off',
    context,
    detail: `The watch of ${resource} ended in the middle of an event (${pendingBytes} bytes of it had arrived).`,
  });
}

/** The line splitter's own failures are protocol errors; anything else is the stream's (network). */
function asStreamError(error: unknown, context: string, resource: string): unknown {
  if (error instanceof LineTooLongError) {
    return new CoreError({ kind: 'protocol', title: 'Watch event too large', context, detail: `${error.message} in the watch of ${resource}` });
  }
  if (error instanceof TypeError && /encoded data was not valid/i.test(error.message)) {
    return new CoreError({ kind: 'protocol', title: 'Watch event not UTF-8', context, detail: `The watch of ${resource} sent bytes that are not UTF-8.` });
  }
  return error;
}
