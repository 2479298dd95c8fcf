// Counts a transfer's bytes and files and derives its rate and ETA, from samples over the last
// few seconds (a lifetime average would hide a stall; one interval would jitter).
import type { TransferProgress } from '../../../shared/bridge/transfers.ts';
import { MemoryPacer } from './memory-pacer.ts';

const RATE_WINDOW_MS = 3000;

export class ProgressMeter {
  readonly #now: () => number;
  #bytesDone = 0;
  #filesDone = 0;
  #bytesTotal: number | null = null;
  #filesTotal: number | null = null;
  #samples: { readonly at: number; readonly bytes: number }[] = [];
  /** Every byte counted here was a buffer: the pacer collects them (memory-pacer.ts). */
  readonly #pacer = new MemoryPacer();

  constructor(now: () => number = () => performance.now()) {
    this.#now = now;
    this.#samples.push({ at: now(), bytes: 0 });
  }

  get bytesDone(): number {
    return this.#bytesDone;
  }

  totals(bytes: number | null, files: number | null): void {
    this.#bytesTotal = bytes;
    this.#filesTotal = files;
  }

  add(bytes: number): void {
    this.#bytesDone += bytes;
    this.#pacer.moved(bytes);
  }

  /** The transfer ended (whichever way): its pacing ends too. */
  close(): void {
    this.#pacer.end();
  }

  fileDone(): void {
    this.#filesDone += 1;
  }

  snapshot(): TransferProgress {
    const now = this.#now();
    this.#samples.push({ at: now, bytes: this.#bytesDone });
    while (this.#samples.length > 2 && (this.#samples[1]?.at ?? now) <= now - RATE_WINDOW_MS) this.#samples.shift();
    const oldest = this.#samples[0] ?? { at: now, bytes: 0 };
    const elapsed = (now - oldest.at) / 1000;
    const bytesPerSecond = elapsed > 0 ? Math.round((this.#bytesDone - oldest.bytes) / elapsed) : 0;
    const left = this.#bytesTotal === null ? null : Math.max(0, this.#bytesTotal - this.#bytesDone);
    return {
      bytesDone: this.#bytesDone,
      bytesTotal: this.#bytesTotal,
      filesDone: this.#filesDone,
      filesTotal: this.#filesTotal,
      bytesPerSecond,
      etaSeconds: left === null || bytesPerSecond === 0 ? null : Math.ceil(left / bytesPerSecond),
    };
  }
}
