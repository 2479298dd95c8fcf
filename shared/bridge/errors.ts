// Errors a user can act on. Every failure that reaches the UI is one of these: a kind the UI can
// style and branch on, a one-line title, and the precise detail (often the server's own words).

export const ERROR_KINDS = [
  'kubeconfig', // the kubeconfig or one of its entries is unusable
  'credentials-rejected', // 401: the server did not accept who we said we are
  'forbidden', // 403 with a Status: RBAC or admission said no
  'protocol-refused', // 403 with an empty body: no offered subprotocol was accepted (server too old, gate off)
  'not-found', // 404: pod, container or resource does not exist
  'bad-request', // 400: e.g. container name required, no command, pod not scheduled
  'server-error', // 5xx or a Status the other kinds do not cover
  'tls', // certificate verification, hostname mismatch, expiry
  'network', // connection refused, DNS, timeout, reset
  'proxy', // proxy-url unreachable or refusing
  'exec-plugin', // a client.authentication.k8s.io exec credential plugin failed
  'auth-provider', // another credential source (OIDC, token file) failed
  'protocol', // the server sent something the protocol does not allow
  'connection-lost', // no pong within the keepalive window, or the link was cut
  'invalid-request', // a bridge request that does not match its schema, or names an unknown id
  'file', // a file of Porthole's own (a recording) could not be created, written, read or deleted
] as const;

export type ErrorKind = (typeof ERROR_KINDS)[number];

export interface UserError {
  readonly kind: ErrorKind;
  /** One line, no trailing period: "Exec denied by RBAC", "Certificate not trusted". */
  readonly title: string;
  /** The precise explanation, quoting the server where it said something. */
  readonly detail: string;
  /** The kubeconfig context the failure belongs to, when there is one. */
  readonly context?: string;
  /** The HTTP status of a failed handshake or request. */
  readonly httpStatus?: number;
}
