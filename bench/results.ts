// What every benchmark returns: one row of BENCHMARKS.md per measured case, Porthole beside its
// peer, both as medians of repetitions taken side by side in the same run.
import { PeerCommandError } from './processes.ts';

export interface Measure {
  /** Who produced the figure: "Porthole core", "kubectl exec", ... */
  readonly tool: string;
  readonly median: number;
  readonly samples: readonly number[];
  /** The rounds in which this peer failed ("round 2: <its error>"): not in the samples, shown in the report. */
  readonly failures: readonly string[];
}

/** One tool's rounds from sideBySide: the figures of those that finished, and the peer's failed ones. */
export interface Rounds {
  readonly samples: readonly number[];
  readonly failures: readonly string[];
}

export interface Target {
  readonly text: string;
  readonly met: boolean;
}

export interface BenchResult {
  readonly benchmark: string;
  readonly case: string;
  readonly unit: string;
  readonly higherIsBetter: boolean;
  readonly porthole: Measure;
  readonly peer?: Measure;
  readonly target?: Target;
  /** How the figure was produced (the command or the API call), for the reader to reproduce it. */
  readonly command: string;
  readonly note?: string;
  /** For a missed target: where the time goes, measured (see profile.ts). */
  readonly finding?: string;
}

export function median(values: readonly number[]): number {
  return percentile(values, 50);
}

/** Nearest-rank percentile; p in [0, 100]. */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) throw new RangeError('percentile of no values');
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[Math.min(rank, sorted.length) - 1] as number;
}

/** The median of the finished rounds; a tool that finished none ends the benchmark, naming its first failure. */
export function measure(tool: string, taken: readonly number[] | Rounds): Measure {
  const { samples, failures } = isRounds(taken) ? taken : { samples: taken, failures: [] };
  if (samples.length === 0) throw new Error(`${tool} finished none of its ${failures.length} rounds; ${failures[0] ?? 'it had none'}`);
  return { tool, median: median(samples), samples, failures };
}

function isRounds(taken: readonly number[] | Rounds): taken is Rounds {
  return !Array.isArray(taken);
}

/** Porthole's median over the peer's: above 1 means Porthole is ahead when higher is better. */
export function ratioOf(result: BenchResult): number | undefined {
  if (result.peer === undefined || result.peer.median === 0) return undefined;
  return result.porthole.median / result.peer.median;
}

/**
 * Runs `repetitions` rounds; each round measures every tool once, in turn, so noise hits all alike.
 * A peer's failed run (PeerCommandError) is kept as a failed round and the rounds go on; any other
 * error, Porthole's included, ends the benchmark.
 */
export async function sideBySide<K extends string>(repetitions: number, runs: Readonly<Record<K, () => Promise<number>>>): Promise<Record<K, Rounds>> {
  const keys = Object.keys(runs) as K[];
  const rounds = Object.fromEntries(keys.map((key) => [key, { samples: [] as number[], failures: [] as string[] }])) as Record<K, { samples: number[]; failures: string[] }>;
  for (let round = 1; round <= repetitions; round++) {
    for (const key of keys) {
      try {
        rounds[key].samples.push(await runs[key]());
      } catch (error) {
        if (!(error instanceof PeerCommandError)) throw error;
        rounds[key].failures.push(`round ${round}: ${error.message}`);
      }
    }
  }
  return rounds;
}
