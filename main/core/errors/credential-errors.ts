// Failures while obtaining credentials, before any request is sent: an exec credential plugin
// that cannot run or says nothing useful, another auth provider (OIDC, token file) failing, or
// a kubeconfig entry that cannot be used as written.
import type { UserError } from '../../../shared/bridge/errors.ts';
import { quoteExternal } from './describe.ts';

export type ExecPluginFailure =
  /** `searchedPath`: the PATH a bare command name was looked up in (a GUI launch's is short). */
  | { readonly kind: 'missing'; readonly command: string; readonly searchedPath: string; readonly installHint?: string }
  | { readonly kind: 'not-executable'; readonly command: string; readonly code: string }
  | {
      readonly kind: 'exit';
      readonly command: string;
      readonly exitCode: number | null;
      readonly signal: string | null;
      readonly stderr: string;
    }
  /** `problem` is our own wording: the plugin's stdout may hold a token and is never quoted. */
  | { readonly kind: 'bad-output'; readonly command: string; readonly problem: string }
  | { readonly kind: 'timeout'; readonly command: string; readonly timeoutMs: number };

export function execPluginError(failure: ExecPluginFailure, context: string, user: string): UserError {
  const who = `the exec credential plugin "${failure.command}" of user "${user}" (context "${context}")`;
  const base = { kind: 'exec-plugin', context } as const;
  switch (failure.kind) {
    case 'missing': {
      const hint = failure.installHint === undefined ? '' : ` ${quoteExternal(failure.installHint)}`;
      return { ...base, title: 'Credential plugin not found', detail: `Cannot run ${who}: ${notFound(failure.command, failure.searchedPath)}.${hint}` };
    }
    case 'not-executable':
      return {
        ...base,
        title: 'Credential plugin not executable',
        detail: `Cannot run ${who} (${failure.code}); check its path and permissions.`,
      };
    case 'exit': {
      const how =
        failure.exitCode === null ? `was killed by ${failure.signal ?? 'a signal'}` : `exited with code ${failure.exitCode}`;
      const stderr = quoteExternal(failure.stderr);
      return {
        ...base,
        title: 'Credential plugin failed',
        detail: `${capitalise(who)} ${how}${stderr === '' ? ' and printed nothing on stderr' : `: ${stderr}`}`,
      };
    }
    case 'bad-output':
      return { ...base, title: 'Credential plugin output unusable', detail: `${capitalise(who)} ${failure.problem}` };
    case 'timeout':
      return {
        ...base,
        title: 'Credential plugin timed out',
        detail: `${capitalise(who)} did not finish within ${failure.timeoutMs / 1000} s and was stopped.`,
      };
  }
}

/** Another credential source (OIDC refresh, token file via auth-provider, …) failed. */
export function authProviderError(provider: string, context: string, user: string, reason: string): UserError {
  return {
    kind: 'auth-provider',
    title: 'Credentials unavailable',
    detail: `Getting credentials for user "${user}" (context "${context}") from ${provider} failed: ${quoteExternal(reason)}`,
    context,
  };
}

/** A kubeconfig entry that cannot be used; `field` is the kubeconfig's own key. */
export function kubeconfigError(context: string, where: string, problem: string): UserError {
  return {
    kind: 'kubeconfig',
    title: 'Kubeconfig entry unusable',
    detail: `Context "${context}": ${where} ${problem}`,
    context,
  };
}

/** A path is not searched for; a bare name is, and which directories were searched is the clue. */
function notFound(command: string, searchedPath: string): string {
  if (/[/\\]/.test(command)) return 'no such file';
  return searchedPath === '' ? 'no such command, and PATH is empty' : `no such command in PATH (${searchedPath})`;
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
