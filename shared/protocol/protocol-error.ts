/**
 * What went wrong, as a closed set so callers can branch on it (and tests can assert it) without
 * parsing messages.
 */
export type ProtocolErrorCode =
  /** A frame names a channel the negotiated protocol does not use, or an encoder was asked for one. */
  | 'unknown-channel'
  /** A frame is shorter than its header (a close frame without its channel byte). */
  | 'truncated-frame'
  /** A v5 close frame that is not exactly `[255, channel]`. */
  | 'bad-close-frame'
  /** A close was requested under a protocol without the close signal (anything but v5). */
  | 'close-not-supported'
  /** A text message under a binary protocol. */
  | 'wrong-message-type'
  /** Base64 with a character outside the alphabet, a length not a multiple of 4, or bad padding. */
  | 'bad-base64'
  /** The status channel carried something that is not a usable metav1.Status (or is empty). */
  | 'bad-status-json'
  /** A NonZeroExitCode status whose ExitCode cause is not a decimal number from 0 to 255. */
  | 'bad-exit-code'
  /** A terminal size that is not a whole number from 1 to 65535. */
  | 'bad-resize'
  /** A port number that is not a whole number from 1 to 65535, or no port at all. */
  | 'bad-port'
  /** A port-forward channel ended before its 2-byte port prefix was complete. */
  | 'bad-port-prefix'
  /** The port prefix the server sent is not the port requested on that channel. */
  | 'port-mismatch'
  /** The server accepted a subprotocol the client did not offer. */
  | 'subprotocol-not-offered'
  /** The server accepted the upgrade without choosing any of the offered subprotocols. */
  | 'no-subprotocol';

/**
 * The only error type the protocol codec throws. Every malformed input ends here, with a code to
 * branch on and a message that says what was expected and what arrived.
 */
export class ProtocolError extends Error {
  readonly code: ProtocolErrorCode;

  constructor(code: ProtocolErrorCode, message: string) {
    super(message);
    this.name = 'ProtocolError';
    this.code = code;
  }
}
