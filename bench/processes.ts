// Running the peers (kubectl, `script`) as child processes: time one to its exit, with output
// going straight to /dev/null, and quote a command line for `script -c`.
import { spawn, type ChildProcess } from 'node:child_process';
import { performance } from 'node:perf_hooks';

/** A child process that exited non-zero (or could not start), with the end of its stderr. */
export class CommandError extends Error {
  override readonly name: string = 'CommandError';
}

/**
 * A peer (kubectl, `script`) that failed a timed run. sideBySide records the round as failed and
 * goes on, instead of ending the benchmark: a peer's own bug (kubectl cp, kubernetes/kubernetes#60140)
 * is a finding about the peer, not a reason to lose every other figure of the run.
 */
export class PeerCommandError extends CommandError {
  override readonly name = 'PeerCommandError';
}

/** Single-quotes each word for sh. */
export function shellLine(words: readonly string[]): string {
  return words.map((word) => (/^[\w@%+=:,./-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`)).join(' ');
}

/** Waits for the child to exit; a non-zero exit is an error carrying the end of its stderr. */
export function exited(child: ChildProcess, what: string): Promise<void> {
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString('utf8')).slice(-2000);
  });
  return new Promise((resolve, reject) => {
    child.on('error', (error) => reject(new CommandError(`${what}: ${error.message}`)));
    child.on('exit', (code, signal) => {
      if (code === 0) resolve();
      else reject(new CommandError(`${what} exited with ${code ?? signal}: ${stderr.trim()}`));
    });
  });
}

/** exited() for a peer's timed run: its failure is a PeerCommandError. */
export async function peerExited(child: ChildProcess, what: string): Promise<void> {
  try {
    await exited(child, what);
  } catch (error) {
    throw new PeerCommandError((error as Error).message);
  }
}

/** Milliseconds from spawning the peer `file args` to its exit, stdout to /dev/null. */
export async function timeCommand(file: string, args: readonly string[], env: NodeJS.ProcessEnv = process.env): Promise<number> {
  const started = performance.now();
  await peerExited(spawn(file, args, { stdio: ['pipe', 'ignore', 'pipe'], env }), shellLine([file, ...args]));
  return performance.now() - started;
}

/** kubectl's environment: the bench cluster's kubeconfig, and the WebSocket remote-command path. */
export function kubectlEnv(kubeconfigPath: string): NodeJS.ProcessEnv {
  return { ...process.env, KUBECONFIG: kubeconfigPath, KUBECTL_REMOTE_COMMAND_WEBSOCKETS: 'true' };
}
