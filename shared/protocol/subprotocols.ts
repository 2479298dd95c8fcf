import { ProtocolError } from './protocol-error.ts';

/**
 * WebSocket subprotocol names (`Sec-WebSocket-Protocol`) of the Kubernetes streaming endpoints.
 * Note that v4.channel.k8s.io names both the v4 exec/attach protocol and the v4 port-forward
 * protocol: what it means depends on the endpoint, hence the `operation` argument below.
 */
export const SUBPROTOCOL = {
  /** exec/attach v5 (adds the close signal). Binary only; served by the API server (1.30+). */
  v5: 'v5.channel.k8s.io',
  /** exec/attach v4 (metav1.Status on channel 3), port-forward v4. */
  v4: 'v4.channel.k8s.io',
  v4Base64: 'v4.base64.channel.k8s.io',
  /** exec/attach before v4: plain-text errors on channel 3, no exit code. */
  v1: 'channel.k8s.io',
  v1Base64: 'base64.channel.k8s.io',
  /** logs: each message is raw bytes of the log stream. */
  logBinary: 'binary.k8s.io',
  /** logs: each message is base64 text of the log stream. */
  logBase64: 'base64.binary.k8s.io',
} as const;

export type Subprotocol = (typeof SUBPROTOCOL)[keyof typeof SUBPROTOCOL];

/** The streaming endpoints: exec and attach share the "remote command" protocols. */
export type StreamOperation = 'remotecommand' | 'portforward' | 'log';

/**
 * What the client offers, newest first, in one handshake. Only binary protocols: they need no
 * base64 step; the base64 ones are still understood (see describeSubprotocol) should a proxy pick
 * one. The exec/attach list always includes a pre-v4 fallback because offering nothing makes the
 * kubelet answer with an empty Sec-WebSocket-Protocol header, which `ws` rejects.
 */
export const SUBPROTOCOL_OFFER: Readonly<Record<StreamOperation, readonly Subprotocol[]>> = {
  remotecommand: [SUBPROTOCOL.v5, SUBPROTOCOL.v4, SUBPROTOCOL.v1],
  // The kubelet does not accept bare channel.k8s.io for port-forward; v4 is the only version.
  portforward: [SUBPROTOCOL.v4],
  log: [SUBPROTOCOL.logBinary],
};

export type FrameEncoding = 'binary' | 'base64';

/** How channel frames are written and which signals exist; what the frame codec needs to know. */
export interface ChannelFraming {
  readonly encoding: FrameEncoding;
  /** Whether `[255, channel]` half-close frames exist (v5 only). */
  readonly supportsClose: boolean;
}

/** What a remote-command (exec/attach) protocol can say; sessions ask these, never the version. */
export interface RemoteCommandCapabilities extends ChannelFraming {
  readonly version: 1 | 4 | 5;
  /** Channel 3 carries a metav1.Status JSON (v4, v5) or a plain-text error (before v4). */
  readonly statusFormat: StatusFormat;
  /**
   * Channel 3 reports every end, success included (v4, v5): a close without a status is a lost
   * connection. Before v4 it speaks only on failure, so a plain close is a clean end.
   */
  readonly statusOnSuccess: boolean;
}

export interface RemoteCommandProtocol extends RemoteCommandCapabilities {
  readonly operation: 'remotecommand';
  readonly name: Subprotocol;
}

export interface PortForwardProtocol extends ChannelFraming {
  readonly operation: 'portforward';
  readonly name: Subprotocol;
  readonly version: 4;
  readonly supportsClose: false;
}

export interface LogProtocol {
  readonly operation: 'log';
  readonly name: Subprotocol;
  /** Log messages carry no channel byte: each is a piece of the log (or base64 of one). */
  readonly encoding: FrameEncoding;
}

export type StatusFormat = 'metav1-status' | 'plain-text';

export type NegotiatedProtocol = RemoteCommandProtocol | PortForwardProtocol | LogProtocol;

/** Describes `name` as used on the `operation` endpoint, or returns null if it is not one of its protocols. */
export function describeSubprotocol(operation: 'remotecommand', name: string): RemoteCommandProtocol | null;
export function describeSubprotocol(operation: 'portforward', name: string): PortForwardProtocol | null;
export function describeSubprotocol(operation: 'log', name: string): LogProtocol | null;
export function describeSubprotocol(operation: StreamOperation, name: string): NegotiatedProtocol | null;
export function describeSubprotocol(operation: StreamOperation, name: string): NegotiatedProtocol | null {
  switch (operation) {
    case 'remotecommand':
      return describeRemoteCommand(name);
    case 'portforward':
      return describePortForward(name);
    case 'log':
      return describeLog(name);
  }
}

const V5 = { version: 5, supportsClose: true, statusFormat: 'metav1-status', statusOnSuccess: true } as const;
const V4 = { version: 4, supportsClose: false, statusFormat: 'metav1-status', statusOnSuccess: true } as const;
const V1 = { version: 1, supportsClose: false, statusFormat: 'plain-text', statusOnSuccess: false } as const;

/** Each exec/attach subprotocol and what it can say. */
export const REMOTE_COMMAND_CAPABILITIES: Readonly<Partial<Record<string, RemoteCommandCapabilities>>> = {
  [SUBPROTOCOL.v5]: { ...V5, encoding: 'binary' },
  [SUBPROTOCOL.v4]: { ...V4, encoding: 'binary' },
  [SUBPROTOCOL.v4Base64]: { ...V4, encoding: 'base64' },
  [SUBPROTOCOL.v1]: { ...V1, encoding: 'binary' },
  [SUBPROTOCOL.v1Base64]: { ...V1, encoding: 'base64' },
};

function describeRemoteCommand(name: string): RemoteCommandProtocol | null {
  const capabilities = Object.hasOwn(REMOTE_COMMAND_CAPABILITIES, name) ? REMOTE_COMMAND_CAPABILITIES[name] : undefined;
  return capabilities === undefined ? null : { operation: 'remotecommand', name: name as Subprotocol, ...capabilities };
}

function describePortForward(name: string): PortForwardProtocol | null {
  const base = { operation: 'portforward', version: 4, supportsClose: false } as const;
  switch (name) {
    case SUBPROTOCOL.v4:
      return { ...base, name, encoding: 'binary' };
    case SUBPROTOCOL.v4Base64:
      return { ...base, name, encoding: 'base64' };
    default:
      return null;
  }
}

function describeLog(name: string): LogProtocol | null {
  switch (name) {
    case SUBPROTOCOL.logBinary:
      return { operation: 'log', name, encoding: 'binary' };
    case SUBPROTOCOL.logBase64:
      return { operation: 'log', name, encoding: 'base64' };
    default:
      return null;
  }
}

/**
 * Checks the subprotocol the server chose against what was offered and describes it.
 * `chosen` is the handshake response's Sec-WebSocket-Protocol ('' or null/undefined when absent).
 * Throws ProtocolError('no-subprotocol') when the server chose none (client-go would silently fall
 * back to channel.k8s.io; we always offer, so an empty answer means something in between dropped
 * the header) and ProtocolError('subprotocol-not-offered') when it chose one we did not offer.
 */
export function acceptSubprotocol(
  operation: 'remotecommand',
  offered: readonly string[],
  chosen: string | null | undefined,
): RemoteCommandProtocol;
export function acceptSubprotocol(
  operation: 'portforward',
  offered: readonly string[],
  chosen: string | null | undefined,
): PortForwardProtocol;
export function acceptSubprotocol(
  operation: 'log',
  offered: readonly string[],
  chosen: string | null | undefined,
): LogProtocol;
export function acceptSubprotocol(
  operation: StreamOperation,
  offered: readonly string[],
  chosen: string | null | undefined,
): NegotiatedProtocol;
export function acceptSubprotocol(
  operation: StreamOperation,
  offered: readonly string[],
  chosen: string | null | undefined,
): NegotiatedProtocol {
  const offer = offered.join(', ');
  if (chosen === null || chosen === undefined || chosen === '') {
    throw new ProtocolError(
      'no-subprotocol',
      `the server accepted the ${operation} upgrade without choosing a subprotocol; offered: ${offer}`,
    );
  }
  if (!offered.includes(chosen)) {
    throw new ProtocolError(
      'subprotocol-not-offered',
      `the server chose subprotocol "${chosen}" for ${operation}, which the client did not offer; offered: ${offer}`,
    );
  }
  const described = describeSubprotocol(operation, chosen);
  if (described === null) {
    // The offer itself was wrong: a name that is not a protocol of this endpoint.
    throw new ProtocolError(
      'subprotocol-not-offered',
      `the server chose subprotocol "${chosen}", which is not a ${operation} protocol this codec speaks`,
    );
  }
  return described;
}
