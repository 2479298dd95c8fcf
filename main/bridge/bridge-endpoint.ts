// Main's side of the bridge for ONE client (a window, a web page's connection), independent of the
// host: the host hands it every incoming frame (`receive`) and gives it a `send` for outgoing ones,
// and calls `close` when the client goes away. Everything else happens here:
//
// - every frame is decoded and every call checked against its schema BEFORE anything else; a
//   refusal is an 'invalid-request' answer and nothing reaches the core;
// - valid calls go where the call table (call-schemas.ts) routes them: to the CoreApi, checked
//   against the sessions this client is bound to where the table says so, or to a handler of the
//   endpoint's own (BridgeHandlers); failures answer with their UserError, never a stack;
// - the client is bound to the sessions it opened or attached (through the SessionHub): their
//   events come to it batched (session-outbox.ts), its acknowledgements pace the sessions;
// - its pod watches are kept by the id of the call that started them;
// - on close, its watches stop and its bindings are released; the sessions keep running in main.
import type { AppInfo } from '../../shared/bridge/app-info.ts';
import {
  isOneWay,
  validateCall,
  type CallAnswer,
  type CallArgs,
  type CoreCalls,
  type RoutedMethod,
  type ValidCall,
  type WireAnswer,
} from '../../shared/bridge/call-schemas.ts';
import { invalidRequest } from '../../shared/bridge/bridge-error.ts';
import type { CoreApi, Unsubscribe } from '../../shared/bridge/core-api.ts';
import type { UserError } from '../../shared/bridge/errors.ts';
import type { SessionEvent, SessionId, SessionInfo } from '../../shared/bridge/sessions.ts';
import { WIRE_VERSION, WireError, type ClientMessage, type ServerMessage, type WatchEvent, type WireCodec } from '../../shared/bridge/wire.ts';
import type { SessionHub, SessionSink } from './session-hub.ts';
import type { BatchingOptions } from '../../shared/flow/flow-budget.ts';
import { SessionOutbox } from './session-outbox.ts';
import { isExpectedFailure, userErrorOf } from './user-error-of.ts';

/** Pod watches one client may hold at once: a renderer that leaks them must not exhaust main. */
export const MAX_WATCHES_PER_CLIENT = 256;

/** Marks a call whose answer the handler already sent (to order it before the replay that follows). */
const ANSWERED: unique symbol = Symbol('answered');

export interface EndpointChannel<Frame> {
  readonly codec: WireCodec<Frame>;
  /** Sends one frame to the client; may throw if the channel just closed (the endpoint logs it). */
  send(frame: Frame): void;
  /** Web host: the secret the page may reconnect with, sent in the hello. */
  readonly sessionSecret?: string;
}

export interface EndpointContext {
  readonly core: CoreApi;
  readonly hub: SessionHub;
  readonly appInfo: AppInfo;
  readonly batching: BatchingOptions;
  readonly log: (message: string, error?: unknown) => void;
  readonly onClose: () => void;
}

/** The endpoint's own handler of every call the table routes to 'bridge': a missing one fails to compile. */
type BridgeHandlers = {
  readonly [M in RoutedMethod<'bridge'>]: (args: CallArgs<M>, callId: number) => WireAnswer<M> | Promise<WireAnswer<M>> | typeof ANSWERED;
};

function isThenable(value: unknown): value is PromiseLike<unknown> {
  return typeof value === 'object' && value !== null && typeof (value as { then?: unknown }).then === 'function';
}

export class BridgeEndpoint<Frame> implements SessionSink {
  readonly #channel: EndpointChannel<Frame>;
  readonly #context: EndpointContext;
  readonly #outbox: SessionOutbox;
  readonly #watches = new Map<number, Unsubscribe>();
  readonly #stopTransferEvents: Unsubscribe;
  #closed = false;
  /** The calls the table routes to 'bridge', served here rather than by the core. */
  readonly #handlers: BridgeHandlers = {
    appInfo: () => this.#context.appInfo,
    watchPods: ([context, namespace], callId) => this.#watch(callId, 'watchPods', (emit) => this.#context.core.watchPods(context, namespace, emit)),
    watchPodDetails: ([context, namespace, pod], callId) =>
      this.#watch(callId, 'watchPodDetails', (emit) => this.#context.core.watchPodDetails(context, namespace, pod, emit)),
    watchContexts: (_args, callId) => this.#watch(callId, 'watchContexts', (emit) => this.#context.core.watchContexts(emit)),
    unwatchPods: ([subscription]) => this.#unwatch(subscription),
    attachSession: ([id, from], callId) => {
      this.#outbox.discard(id);
      return this.#bind(callId, this.#context.hub.attach(this, id, from));
    },
    detachSession: ([id]) => {
      this.#context.hub.requireBound(this, id, 'detachSession');
      this.#outbox.discard(id);
      this.#context.hub.detach(this, id);
    },
    acknowledge: ([id, amount]) => {
      this.#context.hub.acknowledge(this, id, amount);
    },
  };


  constructor(channel: EndpointChannel<Frame>, context: EndpointContext) {
    this.#channel = channel;
    this.#context = context;
    this.#outbox = new SessionOutbox((message) => this.#send(message), context.batching);
    const hello: ServerMessage =
      channel.sessionSecret === undefined
        ? { t: 'hello', version: WIRE_VERSION }
        : { t: 'hello', version: WIRE_VERSION, sessionSecret: channel.sessionSecret };
    this.#send(hello);
    this.#stopTransferEvents = context.core.onTransferEvent((event) => this.#send({ t: 'transfer', event }));
  }

  get closed(): boolean {
    return this.#closed;
  }

  /** One frame from the client. Never throws: whatever is wrong is answered or logged. */
  receive(frame: Frame): void {
    if (this.#closed) return;
    let message: ClientMessage;
    try {
      message = this.#channel.codec.decodeClient(frame);
    } catch (error) {
      this.#malformed(error);
      return;
    }
    this.#handle(message);
  }

  /** The client went away: stop its watches, release its sessions (which keep running in main). */
  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#outbox.close();
    this.#stopTransferEvents();
    for (const [subscription, unsubscribe] of this.#watches) this.#stopWatch(subscription, unsubscribe);
    this.#watches.clear();
    this.#context.hub.detachAll(this);
    this.#context.onClose();
  }

  /** SessionSink: an event of a session this client is bound to. */
  deliver(event: SessionEvent): void {
    this.#outbox.event(event);
  }

  #handle(message: ClientMessage): void {
    // A one-way call (write, acknowledge) is never answered: the client did not wait; its failure is logged.
    const oneWay = isOneWay(message.method);
    const answer = (value: unknown): void => {
      if (!oneWay) this.#answer(message.id, value);
    };
    const fail = (error: unknown): void => (oneWay ? this.#logRefusal(message.method, error) : this.#fail(message.id, message.method, error));
    let outcome: unknown;
    try {
      outcome = this.#dispatch(validateCall(message.method, message.args), message.id);
    } catch (error) {
      fail(error);
      return;
    }
    if (isThenable(outcome)) outcome.then(answer, fail);
    else answer(outcome);
  }

  #dispatch(call: ValidCall, callId: number): unknown {
    const { hub } = this.#context;
    switch (call.route) {
      case 'bridge':
        return this.#serve(call, callId);
      case 'core':
        return this.#forward(call);
      case 'open':
        return this.#open(callId, this.#forward(call));
      case 'bound-session': {
        hub.requireBound(this, call.args[0], call.method);
        const answer = this.#forward(call);
        // The session's kept screen follows its size (the core took it, so the pty has it).
        if (call.method === 'resize') hub.resized(...call.args);
        return answer;
      }
      case 'known-session':
        hub.requireKnown(call.args[0], call.method);
        return this.#forward(call);
    }
  }

  #serve<M extends RoutedMethod<'bridge'>>(call: ValidCall<M>, callId: number): unknown {
    return this.#handlers[call.method](call.args, callId);
  }

  /** The core's method of the call's name, with the call's arguments. */
  #forward<M extends keyof CoreCalls>(call: ValidCall<M>): CallAnswer<M> {
    const core: CoreCalls = this.#context.core;
    return core[call.method](...call.args);
  }

  /** Answers the attachment first, then queues the replay: the client binds before output arrives. */
  #bind(callId: number, result: ReturnType<SessionHub['attach']>): typeof ANSWERED {
    this.#answer(callId, result.attachment);
    for (const event of result.replay) this.#outbox.event(event);
    return ANSWERED;
  }

  async #open(callId: number, opening: Promise<SessionInfo>): Promise<typeof ANSWERED> {
    const info = await opening;
    if (this.#closed) {
      // Its requester is gone and never learned the id: nobody could ever find this session.
      this.#closeOrphan(info.id);
      return ANSWERED;
    }
    return this.#bind(callId, this.#context.hub.attach(this, info.id, undefined, info));
  }

  #closeOrphan(id: SessionId): void {
    try {
      this.#context.core.close(id);
    } catch (error) {
      this.#context.log(`closing session ${id}, opened for a client that went away, failed`, error);
    }
  }

  #watch(subscription: number, method: string, start: (emit: (event: WatchEvent) => void) => Unsubscribe): null {
    if (this.#watches.has(subscription)) {
      throw invalidRequest(`Invalid ${method} request`, `${method}: subscription ${subscription} is already in use by this window`);
    }
    if (this.#watches.size >= MAX_WATCHES_PER_CLIENT) {
      throw invalidRequest('Too many watches', `${method}: this window already has ${MAX_WATCHES_PER_CLIENT} watches; stop one first`);
    }
    // Registered before the core is asked, because the core may deliver its snapshot at once.
    this.#watches.set(subscription, () => undefined);
    try {
      const unsubscribe = start((event) => {
        if (!this.#closed && this.#watches.has(subscription)) this.#send({ t: 'pods', sub: subscription, event });
      });
      this.#watches.set(subscription, unsubscribe);
    } catch (error) {
      this.#watches.delete(subscription);
      throw error;
    }
    return null;
  }

  #unwatch(subscription: number): undefined {
    const unsubscribe = this.#watches.get(subscription);
    if (unsubscribe === undefined) {
      throw invalidRequest('Invalid unwatchPods request', `unwatchPods: this window has no pod watch ${subscription}`);
    }
    this.#watches.delete(subscription);
    this.#stopWatch(subscription, unsubscribe);
    return undefined;
  }

  #stopWatch(subscription: number, unsubscribe: Unsubscribe): void {
    try {
      unsubscribe();
    } catch (error) {
      this.#context.log(`stopping pod watch ${subscription} failed`, error);
    }
  }

  #answer(callId: number, value: unknown): void {
    if (value === ANSWERED) return;
    this.#send(value === undefined ? { t: 'result', id: callId } : { t: 'result', id: callId, value });
  }

  /** A one-way call failed: nobody waits for an answer, so main's log says what and why. */
  #logRefusal(method: string, error: unknown): void {
    if (!isExpectedFailure(error)) {
      this.#context.log(`bridge call ${method} failed unexpectedly`, error);
      return;
    }
    const { title, detail } = error.userError;
    this.#context.log(`bridge call ${method} refused (not answered: it is one-way): ${title}: ${detail}`);
  }

  #fail(callId: number, method: string, error: unknown): void {
    if (!isExpectedFailure(error)) this.#context.log(`bridge call ${method} failed unexpectedly`, error);
    this.#send({ t: 'error', id: callId, error: userErrorOf(error, method) });
  }

  #malformed(error: unknown): void {
    if (!(error instanceof WireError)) {
      this.#context.log('decoding a client frame failed unexpectedly', error);
      this.#send({ t: 'fault', error: userErrorOf(error, 'a bridge message') });
      return;
    }
    const userError: UserError = { kind: 'invalid-request', title: 'Malformed bridge message', detail: error.message };
    this.#send(error.callId === undefined ? { t: 'fault', error: userError } : { t: 'error', id: error.callId, error: userError });
  }

  #send(message: ServerMessage): void {
    if (this.#closed) return;
    try {
      this.#channel.send(this.#channel.codec.encodeServer(message));
    } catch (error) {
      this.#context.log(`sending a ${message.t} message to a client failed`, error);
    }
  }
}
