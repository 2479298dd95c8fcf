// The renderer's side of the bridge, independent of the channel: it implements PortholeBridge by
// exchanging wire messages (wire.ts) over a link a transport provides: the web page's WebSocket
// (renderer/src/bridge/web-bridge.ts) or, in Electron, the window's MessagePort.
//
// A transport drives it with three calls: connected(link) when a channel opens, receive(message)
// for each message, disconnected(state) when the channel is gone. When a new channel opens after a
// loss, the client re-binds by itself: every session this window was bound to is attached again
// from the position it had reached (so output is neither lost nor repeated while main still keeps
// it), and every pod watch is started again (main's watch begins with a fresh snapshot).
//
// Its methods are the call table's (call-schemas.ts): each exposed call it does not write out
// below is a method that sends the call and answers main's result, defined on the prototype from
// the table. Written out are the calls that keep state here (binding, watches, acknowledgements)
// and the write, which splits large writes.
import { BridgeError } from './bridge-error.ts';
import type { BridgeConnection, PortholeBridge } from './bridge.ts';
import { EXPOSED_METHODS, isOneWay, routeOf, type BridgeCalls, type BridgeMethod, type CallArgs, type CallResult } from './call-schemas.ts';
import type { Unsubscribe } from './core-api.ts';
import type { UserError } from './errors.ts';
import { BRIDGE_WRITE_CHUNK_BYTES } from '../flow/flow-budget.ts';
import { outputAmount } from './output-amount.ts';
import type { ContextsEvent } from './contexts.ts';
import type { PodDetailsEvent } from './pod-details.ts';
import type { PodWatchEvent } from './resources.ts';
import type { SessionAttachment, SessionEvent, SessionId } from './sessions.ts';
import type { TransferEvent } from './transfers.ts';
import { MAX_CALL_ID, WIRE_VERSION, type ClientMessage, type ServerMessage, type WatchEvent } from './wire.ts';

export interface BridgeLink {
  send(message: ClientMessage): void;
  close(): void;
}

/** What the transport reports when its channel is gone. */
export type LinkLoss = Extract<BridgeConnection, { kind: 'reconnecting' | 'failed' }>;

interface PendingCall {
  readonly method: BridgeMethod;
  resolve(value: unknown): void;
  reject(error: BridgeError): void;
}

/** A session this window is bound to, and where its output stands. */
interface Binding {
  /** Position of the next unit of output: where a re-attach continues from. */
  position: number;
  receivedOnLink: number;
  acknowledgedOnLink: number;
  /**
   * Acknowledgements the renderer still owes for output that came over an earlier link or before
   * the latest attach. Main's accounting for that output ended with it, so they are not forwarded.
   */
  staleAcknowledgements: number;
}

/** A subscription to a stream of events main tags with the id of the call that started it. */
interface PodWatch {
  readonly method: WatchMethod;
  readonly args: readonly unknown[];
  readonly onEvent: (event: WatchEvent) => void;
  readonly onError: (error: UserError) => void;
  /** The id of the call that started it on the current link. */
  subscription: number | null;
}

/** The calls that start a watch; each is stopped by unwatchPods with the call's id. */
type WatchMethod = 'watchPods' | 'watchPodDetails' | 'watchContexts';
const WATCH_METHODS: ReadonlySet<BridgeMethod> = new Set<WatchMethod>(['watchPods', 'watchPodDetails', 'watchContexts']);

function versionError(version: number): UserError {
  return {
    kind: 'invalid-request',
    title: 'Porthole was updated',
    detail: `This page speaks bridge version ${WIRE_VERSION} but main speaks ${version}; reload the page.`,
  };
}

function notConnected(state: BridgeConnection): UserError {
  if (state.kind === 'reconnecting' || state.kind === 'failed') return state.error;
  return { kind: 'connection-lost', title: 'Not connected to Porthole', detail: 'The link to main is not open.' };
}

/** A listener that throws must not stop delivery to the others; the error still surfaces as unhandled. */
function deliver<T>(listener: (value: T) => void, value: T): void {
  try {
    listener(value);
  } catch (error) {
    void Promise.reject(error);
  }
}

// The exposed calls the class does not write out are defined on its prototype by the static block
// below; this declaration gives them their types (the TypeScript handbook's pattern for mixins).
// eslint-disable-next-line @typescript-eslint/no-unsafe-declaration-merging, @typescript-eslint/no-empty-object-type -- see above
export interface BridgeClient extends BridgeCalls {}

// eslint-disable-next-line @typescript-eslint/no-unsafe-declaration-merging -- see above
export class BridgeClient implements PortholeBridge {
  static {
    for (const method of EXPOSED_METHODS) {
      if (Object.hasOwn(BridgeClient.prototype, method)) continue;
      Object.defineProperty(BridgeClient.prototype, method, {
        value(this: BridgeClient, ...args: unknown[]): Promise<unknown> {
          return this.#request(method, args).promise;
        },
        writable: true,
        configurable: true,
      });
    }
  }

  #state: BridgeConnection = { kind: 'connecting' };
  #link: BridgeLink | null = null;
  #nextId = 1;
  readonly #pending = new Map<number, PendingCall>();
  /** Calls made before the first link opened, sent when it does. */
  #queued: ClientMessage[] = [];
  readonly #bindings = new Map<SessionId, Binding>();
  readonly #watches = new Set<PodWatch>();
  readonly #watchBySubscription = new Map<number, PodWatch>();
  readonly #sessionListeners = new Set<(event: SessionEvent) => void>();
  readonly #transferListeners = new Set<(event: TransferEvent) => void>();
  readonly #connectionListeners = new Set<(state: BridgeConnection) => void>();

  get connection(): BridgeConnection {
    return this.#state;
  }

  // ---- transport side ----

  /** A channel opened; the client waits for main's hello before using it. */
  connected(link: BridgeLink): void {
    if (this.#state.kind === 'failed') {
      link.close();
      return;
    }
    this.#link = link;
  }

  receive(message: ServerMessage): void {
    switch (message.t) {
      case 'hello':
        this.#hello(message.version);
        return;
      case 'result':
        this.#settle(message.id, (call) => call.resolve(message.value));
        return;
      case 'error':
        this.#settle(message.id, (call) => call.reject(new BridgeError(message.error)));
        return;
      case 'fault':
        // Main could not read something this client sent: a bug on this side, made visible.
        void Promise.reject(new BridgeError(message.error));
        return;
      case 'event':
        this.#sessionEvent(message.event);
        return;
      case 'pods': {
        const watch = this.#watchBySubscription.get(message.sub);
        if (watch !== undefined) deliver(watch.onEvent, message.event);
        return;
      }
      case 'transfer':
        for (const listener of this.#transferListeners) deliver(listener, message.event);
        return;
    }
  }

  disconnected(loss: LinkLoss): void {
    if (this.#state.kind === 'failed') return;
    // Only the first report of a loss releases what the link held; later ones (each failed
    // reconnect attempt) just update the state.
    const wasLive = this.#state.kind === 'open' || this.#state.kind === 'connecting';
    this.#link = null;
    for (const [id, call] of this.#pending) {
      this.#pending.delete(id);
      if (!WATCH_METHODS.has(call.method)) call.reject(new BridgeError(loss.error));
    }
    this.#queued = [];
    if (wasLive) this.#releaseLink(loss);
    this.#setState(loss);
  }

  // ---- PortholeBridge ----

  watchPods(
    context: string,
    namespace: string,
    onEvent: (event: PodWatchEvent) => void,
    onError: (error: UserError) => void,
  ): Unsubscribe {
    return this.#subscribe('watchPods', [context, namespace], onEvent as (event: WatchEvent) => void, onError);
  }

  watchPodDetails(
    context: string,
    namespace: string,
    pod: string,
    onEvent: (event: PodDetailsEvent) => void,
    onError: (error: UserError) => void,
  ): Unsubscribe {
    return this.#subscribe('watchPodDetails', [context, namespace, pod], onEvent as (event: WatchEvent) => void, onError);
  }

  watchContexts(onEvent: (event: ContextsEvent) => void, onError: (error: UserError) => void): Unsubscribe {
    return this.#subscribe('watchContexts', [], onEvent as (event: WatchEvent) => void, onError);
  }

  #subscribe(method: WatchMethod, args: readonly unknown[], onEvent: (event: WatchEvent) => void, onError: (error: UserError) => void): Unsubscribe {
    const watch: PodWatch = { method, args, onEvent, onError, subscription: null };
    this.#watches.add(watch);
    if (this.#state.kind === 'open' || this.#state.kind === 'connecting') this.#startWatch(watch);
    return () => {
      if (!this.#watches.delete(watch) || watch.subscription === null) return;
      const subscription = watch.subscription;
      this.#watchBySubscription.delete(subscription);
      watch.subscription = null;
      // Best effort: if the link is down, main already let go of the watch with the link.
      this.#call('unwatchPods', [subscription]).catch(() => undefined);
    };
  }

  async detachSession(id: SessionId): Promise<void> {
    this.#bindings.delete(id);
    await this.#call('detachSession', [id]);
  }

  async write(id: SessionId, data: Uint8Array): Promise<void> {
    const calls: Promise<unknown>[] = [];
    for (let offset = 0; offset < data.length || offset === 0; offset += BRIDGE_WRITE_CHUNK_BYTES) {
      calls.push(this.#call('write', [id, data.subarray(offset, offset + BRIDGE_WRITE_CHUNK_BYTES)]));
    }
    await Promise.all(calls);
  }

  async acknowledge(id: SessionId, amount: number): Promise<void> {
    const binding = this.#bindings.get(id);
    let forward = amount;
    if (binding !== undefined && Number.isSafeInteger(amount) && amount >= 0) {
      const stale = Math.min(binding.staleAcknowledgements, amount);
      binding.staleAcknowledgements -= stale;
      forward -= stale;
      if (forward === 0) return;
      binding.acknowledgedOnLink += forward;
    }
    await this.#call('acknowledge', [id, forward]);
  }

  onSessionEvent(listener: (event: SessionEvent) => void): Unsubscribe {
    this.#sessionListeners.add(listener);
    return () => {
      this.#sessionListeners.delete(listener);
    };
  }

  onTransferEvent(listener: (event: TransferEvent) => void): Unsubscribe {
    this.#transferListeners.add(listener);
    return () => {
      this.#transferListeners.delete(listener);
    };
  }

  onConnection(listener: (state: BridgeConnection) => void): Unsubscribe {
    this.#connectionListeners.add(listener);
    deliver(listener, this.#state);
    return () => {
      this.#connectionListeners.delete(listener);
    };
  }

  // ---- internals ----

  /** Main answers each call with the result type the table gives it. */
  #call<M extends BridgeMethod>(method: M, args: CallArgs<M>): Promise<CallResult<M>> {
    return this.#request(method, args).promise as Promise<CallResult<M>>;
  }

  /** Sends (or, before the first link, queues) a call; the id is returned for watches to key on. */
  #request(method: BridgeMethod, args: readonly unknown[]): { id: number; promise: Promise<unknown> } {
    const state = this.#state;
    if (state.kind === 'reconnecting' || state.kind === 'failed') {
      return { id: -1, promise: Promise.reject(new BridgeError(notConnected(state))) };
    }
    // An absent optional argument is left out: JSON would turn a trailing undefined into null.
    let length = args.length;
    while (length > 0 && args[length - 1] === undefined) length -= 1;
    const message: ClientMessage = { t: 'call', id: this.#allocateId(), method, args: args.slice(0, length) };
    const promise = new Promise((resolve, reject) => {
      this.#pending.set(message.id, { method, resolve, reject });
      if (state.kind === 'connecting') this.#queued.push(message);
      else this.#send(message);
      // Main never answers a one-way call: it is done once sent (or queued for the link), unless sending failed.
      if (isOneWay(method)) this.#settle(message.id, (call) => call.resolve(undefined));
    });
    return { id: message.id, promise };
  }

  #allocateId(): number {
    const id = this.#nextId;
    this.#nextId = id >= MAX_CALL_ID ? 1 : id + 1;
    return id;
  }

  #send(message: ClientMessage): void {
    try {
      if (this.#link === null) throw new BridgeError(notConnected(this.#state));
      this.#link.send(message);
    } catch (error) {
      const failed =
        error instanceof BridgeError
          ? error
          : new BridgeError({ kind: 'invalid-request', title: 'Message not sent', detail: `${message.method}: ${String(error)}` });
      this.#settle(message.id, (call) => call.reject(failed));
    }
  }

  #settle(id: number, settle: (call: PendingCall) => void): void {
    const call = this.#pending.get(id);
    if (call === undefined) return;
    this.#pending.delete(id);
    if (WATCH_METHODS.has(call.method)) {
      this.#watchSettled(id, call.method, settle);
      return;
    }
    if (routeOf(call.method) === 'open' || call.method === 'attachSession') {
      // On the wire, opens answer with the attachment: the window is bound before the replay arrives.
      settle({
        method: call.method,
        reject: call.reject,
        resolve: (value) => {
          const attachment = value as SessionAttachment;
          this.#bind(attachment);
          call.resolve(call.method === 'attachSession' ? attachment : attachment.info);
        },
      });
      return;
    }
    settle(call);
  }

  #watchSettled(id: number, method: BridgeMethod, settle: (call: PendingCall) => void): void {
    settle({
      method,
      resolve: () => undefined,
      reject: (error) => {
        const watch = this.#watchBySubscription.get(id);
        if (watch === undefined) return;
        this.#watchBySubscription.delete(id);
        this.#watches.delete(watch);
        watch.subscription = null;
        deliver(watch.onError, error.userError);
      },
    });
  }

  #startWatch(watch: PodWatch): void {
    const { id, promise } = this.#request(watch.method, watch.args);
    // Its answer settles through #watchSettled; a refusal reaches the watch's onError there.
    promise.catch(() => undefined);
    if (id < 0) return;
    watch.subscription = id;
    this.#watchBySubscription.set(id, watch);
  }

  #bind(attachment: SessionAttachment): void {
    const id = attachment.info.id;
    const previous = this.#bindings.get(id);
    const owed = previous === undefined ? 0 : previous.staleAcknowledgements + previous.receivedOnLink - previous.acknowledgedOnLink;
    this.#bindings.set(id, {
      position: attachment.replayFrom,
      receivedOnLink: 0,
      acknowledgedOnLink: 0,
      staleAcknowledgements: Math.max(0, owed),
    });
  }

  #sessionEvent(event: SessionEvent): void {
    const binding = this.#bindings.get(event.id);
    if (binding !== undefined) {
      const amount = outputAmount(event);
      binding.position += amount;
      binding.receivedOnLink += amount;
    }
    if (event.kind === 'state' && event.state.kind === 'closed') this.#bindings.delete(event.id);
    for (const listener of this.#sessionListeners) deliver(listener, event);
  }

  #hello(version: number): void {
    if (version !== WIRE_VERSION) {
      const error = versionError(version);
      this.#link?.close();
      this.disconnected({ kind: 'failed', error });
      return;
    }
    const first = this.#state.kind === 'connecting';
    this.#state = { kind: 'open' };
    if (first) {
      const queued = this.#queued;
      this.#queued = [];
      for (const message of queued) this.#send(message);
    } else {
      this.#rebind();
    }
    this.#setState({ kind: 'open' });
  }

  /** After a new link opened: attach every bound session again where it stood, restart every watch. */
  #rebind(): void {
    for (const [id, binding] of this.#bindings) {
      this.#call('attachSession', [id, binding.position]).catch((error: unknown) => {
        if (!(error instanceof BridgeError) || error.userError.kind === 'connection-lost') return;
        // Main no longer has the session (closed meanwhile): the tab must not wait for it forever.
        this.#bindings.delete(id);
        this.#sessionEvent({ kind: 'state', id, state: { kind: 'failed', error: error.userError } });
      });
    }
    for (const watch of this.#watches) this.#startWatch(watch);
  }

  /** The link is gone: output still owed an acknowledgement is settled, watches hear of it. */
  #releaseLink(loss: LinkLoss): void {
    for (const binding of this.#bindings.values()) {
      binding.staleAcknowledgements += binding.receivedOnLink - binding.acknowledgedOnLink;
      binding.receivedOnLink = 0;
      binding.acknowledgedOnLink = 0;
    }
    this.#watchBySubscription.clear();
    for (const watch of [...this.#watches]) {
      watch.subscription = null;
      if (loss.kind === 'reconnecting') {
        // A contexts watch has no health: main sends the current contexts when it starts again.
        if (watch.method !== 'watchContexts') deliver(watch.onEvent, { kind: 'health', health: 'reconnecting', error: loss.error });
      } else {
        this.#watches.delete(watch);
        deliver(watch.onError, loss.error);
      }
    }
  }

  #setState(state: BridgeConnection): void {
    this.#state = state;
    for (const listener of this.#connectionListeners) deliver(listener, state);
  }
}
