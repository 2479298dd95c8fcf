// An interactive `kubectl exec -it … -- sh` as a user's terminal would run it: kubectl allocates a
// tty only when its stdin is a terminal, so `script` gives it one, driven here through pipes. Its
// output is read and dropped (a terminal emulator reads it at least). A flood is typed with Enter
// and timed until as many output bytes came back, as Porthole's terminal is timed.
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { performance } from 'node:perf_hooks';
import { firstContainer, type BenchContext } from './context.ts';
import { kubectlEnv, shellLine } from './processes.ts';

const READY_MARK = 'ready-42';
const READY_TIMEOUT_MS = 30_000;

export class KubectlShellError extends Error {
  override readonly name = 'KubectlShellError';
}

export class KubectlShell {
  readonly #child: ChildProcessWithoutNullStreams;
  #onOutput: (bytes: Buffer) => void = () => undefined;
  #stderr = '';

  private constructor(child: ChildProcessWithoutNullStreams) {
    this.#child = child;
    child.stdout.on('data', (bytes: Buffer) => this.#onOutput(bytes));
    child.stderr.on('data', (bytes: Buffer) => (this.#stderr = (this.#stderr + bytes.toString('utf8')).slice(-2000)));
  }

  /** Starts the shell in the context's single seed pod and waits until it answered an echo. */
  static async open(context: BenchContext): Promise<KubectlShell> {
    const pod = context.cluster.pods.single;
    const args = ['kubectl', 'exec', '-it', '-n', pod.namespace, pod.name, '-c', firstContainer(pod), '--', 'sh'];
    const child = spawn('script', ['-qfc', shellLine(args), '/dev/null'], { stdio: ['pipe', 'pipe', 'pipe'], env: kubectlEnv(context.cluster.kubeconfigPath) });
    const shell = new KubectlShell(child);
    let seen = '';
    await shell.#until(READY_TIMEOUT_MS, `no "${READY_MARK}" from kubectl exec -it`, (bytes, done) => {
      seen = (seen + bytes.toString('latin1')).slice(-256);
      if (seen.includes(READY_MARK)) done();
    }, () => child.stdin.write('echo ready-$((40+2))\r'));
    return shell;
  }

  /** Types `command` and Enter; resolves with the ms until `bytes` output bytes came back. */
  async flood(command: string, bytes: number, timeoutMs: number): Promise<number> {
    let counted = 0;
    let started = 0;
    await this.#until(timeoutMs, `kubectl exec -it did not send ${bytes} bytes`, (chunk, done) => {
      counted += chunk.length;
      if (counted >= bytes) done();
    }, () => {
      started = performance.now();
      this.#child.stdin.write(command + '\r');
    });
    return performance.now() - started;
  }

  close(): void {
    this.#child.kill('SIGTERM');
  }

  /** Feeds output to `watch` from `start` on, until it calls done; fails on exit or after `timeoutMs`. */
  #until(timeoutMs: number, what: string, watch: (bytes: Buffer, done: () => void) => void, start: () => void): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      const finish = (error?: Error): void => {
        clearTimeout(timer);
        this.#child.off('exit', exited);
        this.#onOutput = () => undefined;
        if (error === undefined) resolve();
        else reject(error);
      };
      const timer = setTimeout(() => finish(new KubectlShellError(`${what} within ${timeoutMs} ms: ${this.#stderr.trim()}`)), timeoutMs);
      const exited = (code: number | null): void => finish(new KubectlShellError(`${what}: it exited with ${code}: ${this.#stderr.trim()}`));
      this.#child.on('exit', exited);
      this.#onOutput = (bytes) => watch(bytes, () => finish());
      start();
    });
  }
}
