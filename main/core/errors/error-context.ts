// What a failed request was about, so an error message can name the context, the user, the server
// and the object instead of a bare status code. Never holds credential material.
export interface ErrorContext {
  /** The kubeconfig context name. */
  context: string;
  /** The kubeconfig user entry name (a name, never a token). */
  user: string;
  /** The API server URL. */
  server: string;
  /** What was asked for, in words: "exec in pod web-0", "logs of pod web-0". */
  resource: string;
  namespace?: string;
  /** The object name (pod), when there is one. */
  name?: string;
  /** The WebSocket subprotocols offered in the handshake, newest first. */
  offeredProtocols?: readonly string[];
  /** The kubeconfig's proxy-url with any user:password removed, when the cluster uses one. */
  proxy?: string;
}
