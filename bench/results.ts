// What every benchmark returns: one row of BENCHMARKS.md per measured case, Porthole beside its
// peer, both as medians of repetitions taken side by side in the same run.

export interface Measure {
  /** Who produced the figure: "Porthole core", "kubectl exec", ... */
  readonly tool: string;
  readonly median: number;
  readonly samples: readonly number[];
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

export function measure(tool: string, samples: readonly number[]): Measure {
  return { tool, median: median(samples), samples };
}

/** Porthole's median over the peer's: above 1 means Porthole is ahead when higher is better. */
export function ratioOf(result: BenchResult): number | undefined {
  if (result.peer === undefined || result.peer.median === 0) return undefined;
  return result.porthole.median / result.peer.median;
}

/** Runs `repetitions` rounds; each round measures every tool once, in turn, so noise hits all alike. */
export async function sideBySide<K extends string>(
  repetitions: number,
  runs: Readonly<Record<K, () => Promise<number>>>,
): Promise<Record<K, number[]>> {
  const keys = Object.keys(runs) as K[];
  const samples = Object.fromEntries(keys.map((key) => [key, [] as number[]])) as Record<K, number[]>;
  for (let round = 0; round < repetitions; round++) {
    for (const key of keys) samples[key].push(await runs[key]());
  }
  return samples;
}
