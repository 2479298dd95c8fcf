// What the app's own environment takes from the login shell's (login-shell-environment.ts). A
// variable the app already has keeps its value: started from a terminal, the app has what that
// terminal exported (a KUBECONFIG set for this session must win over the profile's). A variable
// only the shell has is added (KUBECONFIG, AWS_PROFILE, GOOGLE_APPLICATION_CREDENTIALS, … which
// exec credential plugins read). PATH is the exception: the shell's entries the app's PATH lacks
// are appended after the app's own, so a plugin in /opt/homebrew/bin or ~/.local/bin is found.
import { delimiter } from 'node:path';

/** Variables that describe the shell process itself, not the user's setup. */
const SHELL_OWN = new Set(['_', 'SHLVL', 'PWD', 'OLDPWD']);

/** The variables to set in the app's environment; an empty object when there is nothing to add. */
export function environmentAdditions(current: NodeJS.ProcessEnv, shell: Readonly<Record<string, string>>): Record<string, string> {
  const additions: Record<string, string> = {};
  for (const [name, value] of Object.entries(shell)) {
    if (SHELL_OWN.has(name) || name === 'PATH') continue;
    if (current[name] === undefined) additions[name] = value;
  }
  const path = mergedPath(current['PATH'], shell['PATH']);
  if (path !== undefined && path !== current['PATH']) additions['PATH'] = path;
  return additions;
}

function mergedPath(own: string | undefined, shell: string | undefined): string | undefined {
  if (shell === undefined) return own;
  const entries = (own ?? '').split(delimiter).filter((entry) => entry !== '');
  const added = shell.split(delimiter).filter((entry) => entry !== '' && !entries.includes(entry));
  return added.length === 0 ? own : [...entries, ...new Set(added)].join(delimiter);
}
