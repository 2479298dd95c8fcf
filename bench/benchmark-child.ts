// One benchmark of bench/suite.ts in a Node process of its own, started by isolated.ts: a
// benchmark's figures must not depend on which ran before it in the same process. They did: the
// structured-logs field filter took 232-337 ms a round alone and 497-776 ms after log-pane-models
// (`node bench/run.ts --only log-pane-models,structured-logs`, 2026-12-06). The log pane's models
// were deoptimised after every round's gc() (`--trace-deopt`: "embedded weak objects cleared", their
// objects' maps had died with them), and the code V8 optimised again, in a process that had run the
// plain-text benchmark first, was 2-3 times slower; with the optimising compilers off (`--no-opt
// --no-maglev`) both orders took the same time.
//
// Talks over the IPC channel fork() opens: it gets one BenchmarkRequest, sends a { progress }
// message per progress line, then the results or the error, and exits (whatever timers or sockets
// the benchmark left behind).
import type { ClusterInfo } from '../test/cluster/cluster.ts';
import type { BenchResult } from './results.ts';
import { BENCHMARKS, FULL_SIZES, SMOKE_SIZES } from './suite.ts';

export interface BenchmarkRequest {
  readonly name: string;
  readonly cluster: ClusterInfo;
  readonly repetitions: number;
  readonly smoke: boolean;
}

export type BenchmarkMessage =
  | { readonly progress: string }
  | { readonly results: readonly BenchResult[] }
  | { readonly error: { readonly name: string; readonly message: string; readonly stack: string | undefined } };

function send(message: BenchmarkMessage): Promise<void> {
  return new Promise((resolve, reject) => process.send?.(message, undefined, {}, (error) => (error ? reject(error) : resolve())));
}

async function run(request: BenchmarkRequest): Promise<BenchmarkMessage> {
  const benchmark = BENCHMARKS.find((candidate) => candidate.name === request.name);
  try {
    if (benchmark === undefined) throw new RangeError(`unknown benchmark ${request.name}`);
    const context = { cluster: request.cluster, repetitions: request.repetitions, progress: (line: string) => void send({ progress: line }) };
    return { results: await benchmark.run(context, request.smoke ? SMOKE_SIZES : FULL_SIZES) };
  } catch (error) {
    if (!(error instanceof Error)) return { error: { name: 'Error', message: String(error), stack: undefined } };
    return { error: { name: error.name, message: error.message, stack: error.stack } };
  }
}

if (process.send === undefined) throw new Error('benchmark-child.ts is started by bench/isolated.ts, with an IPC channel');
process.once('message', (request: BenchmarkRequest) => {
  void run(request)
    .then(send)
    .then(
      () => process.exit(0),
      () => process.exit(1),
    );
});
