// What the UI may know about a kubeconfig context. Deliberately no credential material: names,
// the server URL and the *kind* of authentication only.
import type { UserError } from './errors.ts';

export type AuthKind =
  | 'client-certificate'
  | 'token'
  | 'token-file'
  | 'basic'
  | 'exec-plugin'
  | 'auth-provider'
  | 'none';

export interface ContextSummary {
  readonly name: string;
  readonly cluster: string;
  readonly server: string;
  readonly user: string;
  readonly namespace: string;
  readonly authKind: AuthKind;
  readonly isCurrent: boolean;
  /** Set when the context cannot be used as written (missing cluster, unreadable file, …). */
  readonly problem?: UserError;
}
