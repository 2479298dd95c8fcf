// Runs the machine's kubectl against the test cluster, for tests that check the cluster with a
// client nobody here wrote. Never rejects on a non-zero exit: the caller asserts on the result.
import { execFile } from 'node:child_process';

export type KubectlResult = { code: number; stdout: string; stderr: string };

export function kubectl(kubeconfigPath: string, args: string[], options: { input?: string; timeoutMs?: number } = {}): Promise<KubectlResult> {
  return new Promise((resolve, reject) => {
    const child = execFile(
      'kubectl',
      ['--kubeconfig', kubeconfigPath, ...args],
      // A guard against a hang, not an assertion: a stuck kubectl is killed and reported.
      { timeout: options.timeoutMs ?? 30_000, encoding: 'utf8' },
      (error, stdout, stderr) => {
        if (error !== null && typeof error.code !== 'number') {
          reject(new Error(`kubectl ${args.join(' ')} did not finish: ${error.message}\n${stderr}`));
          return;
        }
        resolve({ code: error === null ? 0 : Number(error.code), stdout, stderr });
      },
    );
    child.stdin?.end(options.input);
  });
}
