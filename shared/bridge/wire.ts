// The bridge's wire protocol: the messages a client (a window, a web page) and main exchange over
// ONE ordered channel per client (an Electron MessagePort, the web host's WebSocket). One channel
// matters: an answer and the events that follow it must arrive in the order main sent them.
//
// Client to main: calls, answered by exactly one result or error with the same id, except the
// one-way calls (write, acknowledge: call-schemas.ts), which main never answers.
// Main to client: a hello first, then results, errors, session events (of the sessions this client
// is bound to) and pod-watch events (tagged with the id of the watchPods call that started them).
//
// How messages become frames is a WireCodec's job: structured clone (cloneCodec, below: the
// messages themselves, bytes as Uint8Array) for MessagePorts, or text + binary frames for
// WebSockets (web-codec.ts). Both validate what they decode: main does not trust the client.
import type { UserError } from './errors.ts';
import type { ContextsEvent } from './contexts.ts';
import type { PodDetailsEvent } from './pod-details.ts';
import type { PodWatchEvent } from './resources.ts';
import { anything, array, integer, objectOf, oneOf, optional, SchemaError, string, variant, type Schema } from './schema.ts';
import type { SessionEvent } from './sessions.ts';
import type { TransferEvent } from './transfers.ts';

/** Bumped on any incompatible change; a page from another version is told to reload. */
export const WIRE_VERSION = 1;
export const MAX_CALL_ID = 0xffff_ffff;
const MAX_ARGS = 8;

export interface CallMessage {
  readonly t: 'call';
  readonly id: number;
  readonly method: string;
  /** Checked against the method's schema (call-schemas.ts) by the receiver, not here. */
  readonly args: readonly unknown[];
}

export type ClientMessage = CallMessage;

export interface HelloMessage {
  readonly t: 'hello';
  readonly version: number;
  /** Web host only: the secret a page presents to reconnect, given in exchange for its one-time token. */
  readonly sessionSecret?: string;
}
export interface ResultMessage {
  readonly t: 'result';
  readonly id: number;
  readonly value?: unknown;
}
export interface ErrorMessage {
  readonly t: 'error';
  readonly id: number;
  readonly error: UserError;
}
/** Main could not read a message as a call at all, so there is no id to answer. */
export interface FaultMessage {
  readonly t: 'fault';
  readonly error: UserError;
}
export interface EventMessage {
  readonly t: 'event';
  readonly event: SessionEvent;
}
/** What a watch delivers: pods of a namespace, one pod's details, or the kubeconfig's contexts. */
export type WatchEvent = PodWatchEvent | PodDetailsEvent | ContextsEvent;

export interface PodsMessage {
  readonly t: 'pods';
  /** The id of the call that started the watch (watchPods, watchPodDetails, watchContexts). */
  readonly sub: number;
  readonly event: WatchEvent;
}

/** A transfer's progress or end: every client hears of every transfer (the transfers drawer lists them all). */
export interface TransferMessage {
  readonly t: 'transfer';
  readonly event: TransferEvent;
}

export type ServerMessage = HelloMessage | ResultMessage | ErrorMessage | FaultMessage | EventMessage | PodsMessage | TransferMessage;

/** A frame that is not a well-formed message. `callId` is set when the frame still named a call. */
export class WireError extends Error {
  readonly callId: number | undefined;

  constructor(message: string, callId?: number) {
    super(message);
    this.name = 'WireError';
    this.callId = callId;
  }
}

export interface WireCodec<Frame> {
  encodeClient(message: ClientMessage): Frame;
  /** Throws WireError. */
  decodeClient(frame: Frame): ClientMessage;
  encodeServer(message: ServerMessage): Frame;
  /** Throws WireError. */
  decodeServer(frame: Frame): ServerMessage;
}

const callId = integer(0, MAX_CALL_ID);

const callMessage = objectOf<CallMessage>({
  t: oneOf('call'),
  id: callId,
  method: string({ min: 1, max: 64, pattern: /^[A-Za-z]+$/, expected: 'a method name' }),
  args: array(anything, { max: MAX_ARGS }),
});

/** The id of something that looks like a call, so even a malformed one can be answered. */
function peekCallId(value: unknown): number | undefined {
  if (typeof value !== 'object' || value === null || !Object.hasOwn(value, 'id')) return undefined;
  const id: unknown = (value as { id: unknown }).id;
  return typeof id === 'number' && Number.isInteger(id) && id >= 0 && id <= MAX_CALL_ID ? id : undefined;
}

function parseWith<T>(schema: Schema<T>, value: unknown, what: string, id?: number): T {
  try {
    return schema(value, what);
  } catch (error) {
    if (error instanceof SchemaError) throw new WireError(`Malformed ${error.path}: ${error.problem}`, id);
    throw error;
  }
}

export function parseClientMessage(value: unknown): ClientMessage {
  return parseWith(callMessage, value, 'message', peekCallId(value));
}

// Main is trusted by the renderer, so its messages get an envelope check (so a broken frame is a
// clear error, not a crash deep in the UI), while their payloads are taken as main typed them.
const trusted = anything as Schema<never>;
const serverMessage = variant<ServerMessage>('t', {
  hello: objectOf<HelloMessage>({ t: oneOf('hello'), version: integer(0, MAX_CALL_ID), sessionSecret: optional(string({ max: 256 })) }),
  result: objectOf<ResultMessage>({ t: oneOf('result'), id: callId, value: optional(anything) }),
  error: objectOf<ErrorMessage>({ t: oneOf('error'), id: callId, error: trusted }),
  fault: objectOf<FaultMessage>({ t: oneOf('fault'), error: trusted }),
  event: objectOf<EventMessage>({ t: oneOf('event'), event: trusted }),
  pods: objectOf<PodsMessage>({ t: oneOf('pods'), sub: callId, event: trusted }),
  transfer: objectOf<TransferMessage>({ t: oneOf('transfer'), event: trusted }),
});

export function parseServerMessage(value: unknown): ServerMessage {
  return parseWith(serverMessage, value, 'message');
}

/** For MessagePorts: structured clone carries the messages (and their Uint8Arrays) as they are. */
export const cloneCodec: WireCodec<unknown> = {
  encodeClient: (message) => message,
  decodeClient: parseClientMessage,
  encodeServer: (message) => message,
  decodeServer: parseServerMessage,
};
