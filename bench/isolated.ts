// Runs one benchmark in a fresh Node process (benchmark-child.ts says why) and hands back its
// results as if it had run here; its progress lines go to `context.progress` as they come.
import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { BenchmarkMessage, BenchmarkRequest } from './benchmark-child.ts';
import type { BenchContext } from './context.ts';
import type { BenchResult } from './results.ts';

const CHILD = fileURLToPath(new URL('./benchmark-child.ts', import.meta.url));

/** The benchmark failed in its process: its error as thrown there (name, message and stack). */
export class BenchmarkChildError extends Error {
  constructor(thrown: { readonly name: string; readonly message: string; readonly stack: string | undefined }) {
    super(thrown.message);
    this.name = thrown.name;
    this.stack = thrown.stack ?? `${thrown.name}: ${thrown.message}`;
  }
}

export function runIsolated(name: string, context: BenchContext, smoke: boolean): Promise<readonly BenchResult[]> {
  return new Promise((resolve, reject) => {
    const child = fork(CHILD, [], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    let reply: BenchmarkMessage | undefined;
    child.on('message', (message: BenchmarkMessage) => {
      if ('progress' in message) context.progress(message.progress);
      else reply = message;
    });
    child.once('error', reject);
    child.once('exit', (code, signal) => {
      if (reply !== undefined && 'results' in reply) resolve(reply.results);
      else if (reply !== undefined && 'error' in reply) reject(new BenchmarkChildError(reply.error));
      else reject(new Error(`its process (bench/benchmark-child.ts) ended with ${signal ?? `exit code ${code}`} and no results`));
    });
    const request: BenchmarkRequest = { name, cluster: context.cluster, repetitions: context.repetitions, smoke };
    child.send(request);
  });
}
