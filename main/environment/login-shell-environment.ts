// The environment of the user's login shell, read once at start. An app started from Finder, the
// Dock or a desktop launcher inherits launchd's or the session's minimal environment, not what the
// user's shell profile sets: PATH lacks /opt/homebrew/bin and ~/.local/bin (where exec credential
// plugins such as aws, gke-gcloud-auth-plugin and kubelogin live) and KUBECONFIG is unset.
//
// How it is read, as VS Code does (src/vs/platform/shell/node/shellEnv.ts): the login shell runs
// interactively (-i -l -c, so .zprofile, .zshrc, .bash_profile and .bashrc all run) a Node
// (Electron's own binary with ELECTRON_RUN_AS_NODE=1) that prints its environment as JSON between
// two random markers; whatever the profile prints around them is ignored, and JSON keeps values
// with newlines whole. The program and its script reach the shell as environment variables, so
// nothing is quoted for a particular shell's syntax (sh, bash, zsh, fish and tcsh all expand
// "$NAME"). Our own reader rather than the shell-env package (4.0.3, checked with npm view): it
// is ESM-only and brings execa 5 with its nine dependencies, default-shell and strip-ansi into the
// process that holds the credentials, for some sixty lines that need their own tests anyway; and
// it reads `env` output line by line, so a value holding a newline breaks it.
//
// A profile can hang (a prompt waiting for input, a slow network mount): the shell gets no stdin,
// and after `timeoutMs` its whole process group is killed and the app goes on without it.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { isAbsolute } from 'node:path';
import { userInfo } from 'node:os';

export interface LoginShellOptions {
  /** The user's login shell (an absolute path). */
  readonly shell: string;
  /** A Node that runs `-e script`: process.execPath, which in Electron needs ELECTRON_RUN_AS_NODE. */
  readonly node: string;
  /** The environment the shell starts from (the app's own). */
  readonly env: NodeJS.ProcessEnv;
  readonly timeoutMs: number;
}

export type LoginShellEnvironment =
  | { readonly ok: true; readonly env: Readonly<Record<string, string>> }
  | { readonly ok: false; readonly problem: string };

/** $SHELL when it is a path, else the account's shell, else /bin/sh. */
export function loginShell(env: NodeJS.ProcessEnv): string {
  const fromEnv = env['SHELL'];
  if (fromEnv !== undefined && isAbsolute(fromEnv)) return fromEnv;
  const account = userInfo().shell;
  return account !== null && account !== '' ? account : '/bin/sh';
}

/** Set only for the shell's child; never part of what is read back. */
const HELPER_VARIABLES = ['ELECTRON_RUN_AS_NODE', 'ELECTRON_NO_ATTACH_CONSOLE', 'PORTHOLE_ENV_NODE', 'PORTHOLE_ENV_SCRIPT'] as const;

/** Never resolves with an error; a shell that fails or hangs gives `ok: false` with the reason. */
export function readLoginShellEnvironment(options: LoginShellOptions): Promise<LoginShellEnvironment> {
  const marker = randomBytes(12).toString('hex');
  const script = `process.stdout.write(${JSON.stringify(marker)} + JSON.stringify(process.env) + ${JSON.stringify(marker)})`;
  return new Promise((resolve) => {
    const child = spawn(options.shell, ['-i', '-l', '-c', '"$PORTHOLE_ENV_NODE" -e "$PORTHOLE_ENV_SCRIPT"'], {
      env: { ...options.env, ELECTRON_RUN_AS_NODE: '1', ELECTRON_NO_ATTACH_CONSOLE: '1', PORTHOLE_ENV_NODE: options.node, PORTHOLE_ENV_SCRIPT: script },
      stdio: ['ignore', 'pipe', 'ignore'],
      // Its own process group, so a timeout kills whatever the profile started too.
      detached: true,
    });
    const chunks: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => chunks.push(chunk));
    const timer = setTimeout(() => {
      finish({ ok: false, problem: `${options.shell} gave no environment within ${options.timeoutMs / 1000} s` });
      killGroup(child.pid);
    }, options.timeoutMs);
    let settled = false;
    function finish(result: LoginShellEnvironment): void {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve(result);
    }
    child.on('error', (error) => finish({ ok: false, problem: `${options.shell} could not be started (${error.message})` }));
    child.on('close', (code, signal) => {
      const env = parseBetweenMarkers(Buffer.concat(chunks).toString('utf8'), marker);
      if (env !== null) finish({ ok: true, env });
      else finish({ ok: false, problem: `${options.shell} printed no environment (${signal === null ? `exit code ${code}` : `killed by ${signal}`})` });
    });
  });
}

function killGroup(pid: number | undefined): void {
  if (pid === undefined) return;
  try {
    process.kill(-pid, 'SIGKILL');
  } catch {
    // Already gone.
  }
}

function parseBetweenMarkers(output: string, marker: string): Record<string, string> | null {
  const start = output.indexOf(marker);
  const end = output.lastIndexOf(marker);
  if (start === -1 || end <= start) return null;
  let parsed: unknown;
  try {
    parsed = JSON.parse(output.slice(start + marker.length, end));
  } catch {
    return null;
  }
  if (typeof parsed !== 'object' || parsed === null) return null;
  const env: Record<string, string> = {};
  for (const [name, value] of Object.entries(parsed)) {
    if (typeof value === 'string' && !(HELPER_VARIABLES as readonly string[]).includes(name)) env[name] = value;
  }
  return env;
}
