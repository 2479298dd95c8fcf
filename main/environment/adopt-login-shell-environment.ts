// At start, before the kubeconfig is read: the login shell's environment merged into the app's
// (gui-launch-environment.ts), so KUBECONFIG from the profile is read and exec credential plugins
// are looked up in the user's PATH. Windows apps get the user's environment from the system, so
// there is nothing to read there.
import { environmentAdditions } from './gui-launch-environment.ts';
import { loginShell, readLoginShellEnvironment } from './login-shell-environment.ts';

/** Long enough for a heavy profile (oh-my-zsh, nvm, conda); short enough not to be noticed as a hang. */
export const LOGIN_SHELL_TIMEOUT_MS = 5_000;

/**
 * Starts reading at once (call it before the app is ready, so it overlaps Electron's own start);
 * the promise resolves once `env` has the additions, or with the reason it has none.
 */
export async function adoptLoginShellEnvironment(env: NodeJS.ProcessEnv, node: string, platform: NodeJS.Platform): Promise<string | null> {
  if (platform === 'win32') return null;
  const shell = loginShell(env);
  const result = await readLoginShellEnvironment({ shell, node, env, timeoutMs: LOGIN_SHELL_TIMEOUT_MS });
  if (!result.ok) return `Porthole could not read your login shell’s environment (${result.problem}); exec credential plugins are looked up in PATH ${env['PATH'] ?? '(empty)'}.`;
  Object.assign(env, environmentAdditions(env, result.env));
  return null;
}
