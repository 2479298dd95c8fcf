// Watches over client-node's exec credential plugin runs. client-node (2.0.1, exec_auth.js)
// spawns the plugin and waits for it to close, with no timeout: a plugin that hangs (waiting
// for a browser login, a dead network) hangs every request forever. It also reports failures as
// bare Errors (stderr as the message, or JSON.parse's SyntaxError, whose message quotes stdout,
// i.e. possibly the token). The guard therefore replaces the authenticator's spawn function with
// one that records each run, so a failure can be explained from facts (spawn error, exit code)
// and a hanging plugin can be killed. Everything else — caching until expirationTimestamp,
// parsing the ExecCredential, applying token or client certificate — stays client-node's.
import { spawn, type ChildProcess, type SpawnOptions } from 'node:child_process';
import type { KubeConfig } from '@kubernetes/client-node';
import { ExecAuth } from '@kubernetes/client-node/dist/exec_auth.js';

export interface PluginRun {
  readonly command: string;
  /** The PATH the command was looked up in (the plugin's own environment's). */
  readonly searchedPath: string;
  spawnError?: NodeJS.ErrnoException;
  exit?: { readonly code: number | null; readonly signal: NodeJS.Signals | null };
  killedAfterTimeout: boolean;
  readonly child: ChildProcess;
}

export class ExecPluginGuard {
  #runs: PluginRun[] = [];
  readonly #execInfo: string;

  constructor(kubeConfig: KubeConfig, apiVersion: string) {
    // client-go tells the plugin which ExecCredential version it speaks and that it may not
    // prompt; several plugins refuse to run without KUBERNETES_EXEC_INFO. client-node does not
    // set it, so the spawn wrapper adds it.
    this.#execInfo = JSON.stringify({ apiVersion, kind: 'ExecCredential', spec: { interactive: false } });
    const execAuth = findExecAuth(kubeConfig);
    (execAuth as unknown as { execFn: typeof spawn }).execFn = ((command: string, args: readonly string[], options: SpawnOptions) =>
      this.#spawn(command, args ?? [], options)) as typeof spawn;
  }

  /** Forgets earlier runs; call before each credential request, which is serialised. */
  reset(): void {
    this.#runs = [];
  }

  /** The run started since the last reset, if any (client-node starts at most one per request). */
  get lastRun(): PluginRun | undefined {
    return this.#runs.at(-1);
  }

  /** Kills any run still going; returns whether there was one. */
  killRunning(): boolean {
    let killed = false;
    for (const run of this.#runs) {
      if (run.exit === undefined && run.spawnError === undefined) {
        run.killedAfterTimeout = true;
        run.child.kill('SIGKILL');
        killed = true;
      }
    }
    return killed;
  }

  #spawn(command: string, args: readonly string[], options: SpawnOptions): ChildProcess {
    const env: NodeJS.ProcessEnv = { ...(options.env ?? process.env), KUBERNETES_EXEC_INFO: this.#execInfo };
    // stdin 'ignore': a GUI has no terminal to give the plugin, and a plugin waiting for input
    // must see EOF rather than wait forever.
    const child = spawn(command, args, { ...options, env, stdio: ['ignore', 'pipe', 'pipe'] });
    const run: PluginRun = { command, searchedPath: env['PATH'] ?? env['Path'] ?? '', child, killedAfterTimeout: false };
    child.on('error', (error: NodeJS.ErrnoException) => {
      run.spawnError = error;
    });
    child.on('exit', (code, signal) => {
      run.exit = { code, signal };
    });
    this.#runs.push(run);
    return child;
  }
}

function findExecAuth(kubeConfig: KubeConfig): ExecAuth {
  // KubeConfig keeps its authenticators in a private field; 2.0.1 is pinned in package.json and
  // the unit tests for hanging and failing plugins fail if this stops finding it.
  const authenticators = (kubeConfig as unknown as { authenticators?: unknown[] }).authenticators ?? [];
  const execAuth = authenticators.find((candidate): candidate is ExecAuth => candidate instanceof ExecAuth);
  if (execAuth === undefined) throw new Error('client-node KubeConfig has no ExecAuth authenticator (internals changed?)');
  return execAuth;
}
