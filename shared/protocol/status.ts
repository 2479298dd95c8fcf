import { ProtocolError } from './protocol-error.ts';
import type { StatusFormat } from './subprotocols.ts';

// The end of an exec/attach session arrives on channel 3 (client-go remotecommand v4.go reads it):
//   v4, v5:     a metav1.Status JSON: Success, or Failure with reason NonZeroExitCode and the exit
//               code in details.causes[type=ExitCode].message (the cause's type serialises as
//               "reason"), or Failure with another reason and a message (e.g. InternalError, 500).
//   before v4:  plain text, and only on failure.

/** How a remote command ended. */
export type ExecOutcome =
  | { readonly kind: 'exit'; readonly code: number }
  | { readonly kind: 'error'; readonly reason: string; readonly message: string; readonly code?: number };

/** metav1.StatusReasonUnknown is the empty string; we name it. */
const UNKNOWN_REASON = 'Unknown';
const NON_ZERO_EXIT_CODE = 'NonZeroExitCode';
const EXIT_CODE_CAUSE = 'ExitCode';
const MAX_EXIT_CODE = 255;

// Not fatal: a stray invalid byte in a message becomes U+FFFD rather than hiding the whole error.
const text = new TextDecoder('utf-8');

/**
 * Parses the complete channel-3 payload (servers write it in one message; a caller that received
 * several channel-3 frames passes them concatenated). An empty payload is not a status: it is the
 * server's connection-established signal, which decodeChannelFrame reports as 'empty'; passing one
 * here throws ProtocolError('bad-status-json'), as does JSON that is not a metav1.Status.
 * A NonZeroExitCode status whose exit code is not a decimal number from 0 to 255 (client-go parses
 * it as uint8) throws ProtocolError('bad-exit-code').
 */
export function parseExecStatus(payload: Uint8Array, format: StatusFormat): ExecOutcome {
  if (payload.length === 0) {
    throw new ProtocolError('bad-status-json', 'the status channel carried an empty payload, which is not a status');
  }
  const body = text.decode(payload);
  if (format === 'plain-text') return { kind: 'error', reason: UNKNOWN_REASON, message: body };

  const status = parseJsonObject(body);
  if (status === null) {
    throw new ProtocolError('bad-status-json', `the status channel carried invalid JSON: ${quote(body)}`);
  }
  switch (status['status']) {
    case 'Success':
      return { kind: 'exit', code: 0 };
    case 'Failure':
      return status['reason'] === NON_ZERO_EXIT_CODE ? exitFromCauses(status, body) : failure(status);
    default:
      throw new ProtocolError(
        'bad-status-json',
        `the status channel carried a status that is neither Success nor Failure: ${quote(body)}`,
      );
  }
}

function exitFromCauses(status: JsonObject, body: string): ExecOutcome {
  const details = asObject(status['details']);
  const causes = details === null ? null : details['causes'];
  const exitCause = Array.isArray(causes)
    ? causes.map(asObject).find((cause) => cause !== null && cause['reason'] === EXIT_CODE_CAUSE)
    : undefined;
  if (exitCause === undefined || exitCause === null) {
    throw new ProtocolError(
      'bad-status-json',
      `a NonZeroExitCode status must carry an ExitCode cause in details.causes: ${quote(body)}`,
    );
  }
  const value = exitCause['message'];
  const code = typeof value === 'string' && /^[0-9]+$/.test(value) ? Number(value) : Number.NaN;
  if (!(code <= MAX_EXIT_CODE)) {
    throw new ProtocolError(
      'bad-exit-code',
      `the ExitCode cause must be a whole number from 0 to ${MAX_EXIT_CODE}, got ${JSON.stringify(value) ?? 'nothing'}`,
    );
  }
  return { kind: 'exit', code };
}

function failure(status: JsonObject): ExecOutcome {
  const code = status['code'];
  return {
    kind: 'error',
    reason: reasonOf(status),
    message: stringOr(status['message'], ''),
    ...(typeof code === 'number' && Number.isInteger(code) ? { code } : {}),
  };
}

/** A handshake failure's metav1.Status body, reduced to what a person needs to see. */
export interface HandshakeStatus {
  readonly reason: string;
  readonly message: string;
  /** The HTTP status code the Status states (normally equal to the response's). */
  readonly code?: number;
  readonly details?: StatusDetails;
}

export interface StatusDetails {
  readonly name?: string;
  readonly group?: string;
  readonly kind?: string;
  readonly uid?: string;
  readonly retryAfterSeconds?: number;
  readonly causes: readonly StatusCause[];
}

export interface StatusCause {
  readonly reason?: string;
  readonly message?: string;
  readonly field?: string;
}

/**
 * Parses the body of a failed upgrade (400 no stream or no command, 401, 403 RBAC, 404 pod not
 * found, ...), which the API server sends as a metav1.Status. Returns null when the body is empty
 * (the 403 for "no offered subprotocol accepted" has none) or is not a Status (a proxy's HTML page),
 * so the caller falls back to the HTTP status line. Never throws: this runs on error paths.
 * Fields of the wrong type are left out rather than trusted.
 */
export function parseHandshakeStatus(body: Uint8Array | string): HandshakeStatus | null {
  const source = typeof body === 'string' ? body : text.decode(body);
  const status = parseJsonObject(source);
  if (status === null) return null;
  const kind = status['kind'];
  const isStatus = kind === 'Status' || (kind === undefined && typeof status['status'] === 'string');
  if (!isStatus) return null;

  const code = status['code'];
  const details = asObject(status['details']);
  return {
    reason: reasonOf(status),
    message: stringOr(status['message'], ''),
    ...(typeof code === 'number' && Number.isInteger(code) ? { code } : {}),
    ...(details === null ? {} : { details: statusDetails(details) }),
  };
}

function statusDetails(details: JsonObject): StatusDetails {
  const causes = details['causes'];
  return {
    ...pickStrings(details, ['name', 'group', 'kind', 'uid']),
    ...(typeof details['retryAfterSeconds'] === 'number' ? { retryAfterSeconds: details['retryAfterSeconds'] } : {}),
    causes: Array.isArray(causes)
      ? causes
          .map(asObject)
          .flatMap((cause) => (cause === null ? [] : [pickStrings(cause, ['reason', 'message', 'field'])]))
      : [],
  };
}

type JsonObject = Readonly<Record<string, unknown>>;

/** The JSON object `source` holds, or null if it is not JSON or not an object. */
function parseJsonObject(source: string): JsonObject | null {
  let value: unknown;
  try {
    value = JSON.parse(source);
  } catch {
    return null;
  }
  return asObject(value);
}

function asObject(value: unknown): JsonObject | null {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as JsonObject) : null;
}

function reasonOf(status: JsonObject): string {
  return stringOr(status['reason'], '') || UNKNOWN_REASON;
}

function stringOr(value: unknown, fallback: string): string {
  return typeof value === 'string' ? value : fallback;
}

function pickStrings<K extends string>(source: JsonObject, keys: readonly K[]): Partial<Record<K, string>> {
  const picked: Partial<Record<K, string>> = {};
  for (const key of keys) {
    const value = source[key];
    if (typeof value === 'string') picked[key] = value;
  }
  return picked;
}

/** The body for an error message, cut short so a huge payload does not flood a log. */
function quote(body: string): string {
  const limit = 200;
  return JSON.stringify(body.length > limit ? `${body.slice(0, limit)}…` : body);
}
