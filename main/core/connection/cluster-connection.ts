// One kubeconfig context, ready to open requests: who we are, where the server is, and fresh
// TLS/agent/auth options per request. Sessions (exec, logs, port-forward, watches) take one of
// these and never see the kubeconfig itself.
import type https from 'node:https';
import type { ErrorContext } from '../errors/error-context.ts';

/** https.RequestOptions as client-node's applyToHTTPSOptions fills them, headers flattened. */
export type ConnectionRequestOptions = https.RequestOptions & { headers: Record<string, string> };

export interface ClusterConnection {
  /** The kubeconfig context name. */
  readonly context: string;
  /** The kubeconfig user entry name (never a credential). */
  readonly user: string;
  /** The API server URL (no trailing slash in its path). */
  readonly server: URL;
  /**
   * Fresh TLS/agent/auth options for one request (exec-plugin tokens cached until expiry, then
   * refreshed). Rejects with a CoreError: 'exec-plugin', 'auth-provider' or 'kubeconfig'.
   */
  requestOptions(): Promise<ConnectionRequestOptions>;
  errorContext(resource: string, extra?: Partial<ErrorContext>): ErrorContext;
}
