// The Kubernetes streaming protocol codec: pure functions over Uint8Array and string, no I/O.
export { ProtocolError, type ProtocolErrorCode } from './protocol-error.ts';
export {
  SUBPROTOCOL,
  SUBPROTOCOL_OFFER,
  acceptSubprotocol,
  describeSubprotocol,
  type ChannelFraming,
  type FrameEncoding,
  type LogProtocol,
  type NegotiatedProtocol,
  type PortForwardProtocol,
  type RemoteCommandProtocol,
  type StatusFormat,
  type StreamOperation,
  type Subprotocol,
} from './subprotocols.ts';
export {
  CHANNEL,
  REMOTE_COMMAND_CLIENT_CHANNELS,
  REMOTE_COMMAND_SERVER_CHANNELS,
  type RemoteCommandChannel,
} from './channels.ts';
export {
  MAX_BASE64_CHANNEL,
  MAX_BINARY_CHANNEL,
  MAX_TERMINAL_DIMENSION,
  decodeChannelFrame,
  encodeChannelFrame,
  encodeClose,
  encodeResize,
  encodeStdin,
  encodeStdinInPlace,
  type DecodedFrame,
  type IncomingMessage,
  type OutgoingMessage,
  type TerminalSize,
} from './channel-frame.ts';
export {
  parseExecStatus,
  parseHandshakeStatus,
  type ExecOutcome,
  type HandshakeStatus,
  type StatusCause,
  type StatusDetails,
} from './status.ts';
export {
  PortForwardDemultiplexer,
  encodePortForwardData,
  maxPortsPerSocket,
  portForwardDataChannel,
  portForwardErrorChannel,
  type PortForwardEvent,
} from './port-forward.ts';
export { decodeLogMessage, type DecodedLogMessage } from './log-frame.ts';
export { Utf8StreamDecoder } from './utf8-stream.ts';
export { decodeBase64, encodeBase64 } from './base64.ts';
