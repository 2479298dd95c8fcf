// What the UI may know about a kubeconfig context, and about a file that has no usable context to
// carry its problem. Deliberately no credential material: names, file paths, the server URL and
// the *kind* of authentication only.
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
  /** Set when the context works but is risky as written: credentials sent in clear to a host that is not loopback. */
  readonly warning?: UserError;
}

/**
 * A kubeconfig file with a problem of its own, not of one context: it is not YAML, not a mapping,
 * cannot be read, or sets a current-context no file defines. The contexts an unusable file holds
 * are missing from the list of contexts; this is how the UI says why.
 */
export interface KubeconfigFileProblem {
  /** The file's path, as it stands on the $KUBECONFIG list (or ~/.kube/config). */
  readonly file: string;
  /** Kind 'kubeconfig'; the detail names the file and says what is wrong with it. */
  readonly problem: UserError;
}

/** What a contexts watch delivers each time the kubeconfig files changed what the UI can see. */
export interface ContextsEvent {
  readonly kind: 'contexts';
  readonly contexts: readonly ContextSummary[];
  readonly problems: readonly KubeconfigFileProblem[];
}
