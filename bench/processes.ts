// Running the peers (kubectl, `script`) as child processes: time one to its exit, with output
// going straight to /dev/null, and quote a command line for `script -c`.
import { spawn, type ChildProcess } from 'node:child_process';
import { performance } from 'node:perf_hooks';

export class PeerCommandError extends Error {
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
    child.on('error', (error) => reject(new PeerCommandError(`${what}: ${error.message}`)));
    child.on('exit', (code, signal) => {
      if (code === 0) resolve();
      else reject(new PeerCommandError(`${what} exited with ${code ?? signal}: ${stderr.trim()}`));
    });
  });
}

/** Milliseconds from spawning `file args` to its exit, stdout to /dev/null. */
export async function timeCommand(file: string, args: readonly string[], env: NodeJS.ProcessEnv = process.env): Promise<number> {
  const started = performance.now();
  const child = spawn(file, args, { stdio: ['pipe', 'ignore', 'pipe'], env });
  await exited(child, shellLine([file, ...args]));
  return performance.now() - started;
}

/** kubectl's environment: the bench cluster's kubeconfig, and the WebSocket remote-command path. */
export function kubectlEnv(kubeconfigPath: string): NodeJS.ProcessEnv {
  return { ...process.env, KUBECONFIG: kubeconfigPath, KUBECTL_REMOTE_COMMAND_WEBSOCKETS: 'true' };
}
