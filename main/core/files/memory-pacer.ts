// Collects the garbage a large transfer makes, every 8 MiB moved. Every WebSocket message and
// every socket read is a fresh Buffer outside V8's heap; V8 collects such buffers only once 64 MB more
// of them were allocated since its last full collection (its external-memory soft limit), and the
// tiny JS objects holding them never fill the young generation, so nothing earlier frees them. Measured
// on the real node (test/integration/files-transfer.test.ts): a 1 GiB download grew main by 85 MiB,
// nearly all of it buffers already dropped, and without the pacer the file-transfer bench's 256 MiB
// download grew main by 75 MB (the bound is 50 MB).
// A young-generation collection every 8 MiB frees them, as long as no transfer-sized buffer lives
// through two of them (it would be promoted, and wait for a full collection): the download copies
// its bytes into reused write buffers instead of keeping the messages until the disk took them
// (disk-extractor.ts), and an upload's frames leave the socket within its 4 MiB high water mark. Full
// collections, which cost in proportion to everything main holds, are left to V8. Measured with a
// local exec peer (256 MiB, 3 rounds): download growth 22-25 MB with minor collections only, 28 MB
// with a full one every 64 MiB as well, 75 MB with none; upload 10 MB (16 MB with full ones too).
//
// While a transfer runs, the old generation may also grow to twice what the last full collection
// left (V8's --heap-growing-percent=100) instead of by V8's own factor. V8 picks that factor from
// how fast it collects against how fast the old generation fills; a transfer fills it slowly (some
// 300 bytes a millisecond), so once a full collection had run (an upload runs dozens, and the memory
// reducer more when main idles), V8 chose 1.1 (--trace-gc-verbose: limit 51 MB over 41 MB live) and
// started marking again right after each full collection ("allocation limit", 9-24 MB below the
// limit; which allocation tripped it I did not pin down: the transfer's ArrayBuffers, 17-30 MB
// between two of the pacer's collections, are the likely weight). Measured on the real node: a 1 GiB
// download after an upload and 15 idle seconds ran 100-118 full collections and 5.5-8 s of user CPU
// against 2.4 s for the first download, and in the benchmark each later round ran slower than the
// first (89, 81, 77 MiB/s). With the factor fixed from a transfer's first bytes: one full collection
// per download and 2.2-2.4 s of user CPU in every round. The factor goes back to V8's own (0) once
// no transfer runs, so the rest of main keeps V8's tuning.
//
// While a transfer runs, the young generation does not double either (V8's
// --semi-space-growth-factor=1; V8 still grows it slowly by other rules: from 1 MB to 5-9 MB in
// memory-pacer.test.ts's probe). V8 doubles it each time the bytes that lived through its scavenges
// add up to its size, and a directory of small files keeps many small objects alive across them
// (each file's entry, record and queued step until the disk took it): in the file-transfer bench's
// download of 10,000 files of 10 B, main's new space grew to 58 MB used and 67 MB committed
// (v8.getHeapSpaceStatistics), and main's RSS by 42-63 MB, all of it garbage (live heap after a full
// collection: +0.9 MB). With the young generation held: 3.0-17 MB in six rounds, and not slower
// (medians 3,428 files/s against kubectl cp's 2,928 in one run); what lives longer is promoted and
// waits for the full collections above (old space +10-14 MB). Its factor goes back to V8's default
// (2) with the other.
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

const COLLECT_EVERY_BYTES = 8 * 1024 * 1024;
const TRANSFER_HEAP_GROWING_PERCENT = 100;
/** The young generation's growth: none while a transfer runs; V8's default (`node --v8-options`) after. */
const TRANSFER_SEMI_SPACE_GROWTH_FACTOR = 1;
const V8_SEMI_SPACE_GROWTH_FACTOR = 2;

/** How many pacers pace a transfer now: the growing factor is main's, shared by all of them. */
let pacers = 0;

/** How many transfers main paces now (0: V8 grows the heap by its own factor). */
export function transfersPacing(): number {
  return pacers;
}

type Collect = (options?: { readonly type?: 'major' | 'minor' }) => void;

let collect: Collect | null | undefined;

/** V8's gc(), exposed once for this process (null where the engine refuses). */
function collector(): Collect | null {
  if (collect !== undefined) return collect;
  try {
    setFlagsFromString('--expose-gc');
    collect = runInNewContext('gc') as Collect;
  } catch {
    collect = null;
  }
  return collect;
}

export class MemoryPacer {
  readonly #setFlags: (flags: string) => void;
  #since = 0;
  #pacing = false;

  /** `setFlags`: V8's, or a test's recorder. */
  constructor(setFlags: (flags: string) => void = setFlagsFromString) {
    this.#setFlags = setFlags;
  }

  /** `bytes` more were moved; the first bytes start pacing (until `end`). */
  moved(bytes: number): void {
    if (!this.#pacing) {
      this.#pacing = true;
      if (pacers++ === 0) this.#setFlags(`--heap-growing-percent=${TRANSFER_HEAP_GROWING_PERCENT} --semi-space-growth-factor=${TRANSFER_SEMI_SPACE_GROWTH_FACTOR}`);
    }
    this.#since += bytes;
    if (this.#since < COLLECT_EVERY_BYTES) return;
    this.#since = 0;
    collector()?.({ type: 'minor' });
  }

  /** The transfer ended: once no other runs, V8 grows the heap by its own factor again. */
  end(): void {
    if (!this.#pacing) return;
    this.#pacing = false;
    if (--pacers === 0) this.#setFlags(`--heap-growing-percent=0 --semi-space-growth-factor=${V8_SEMI_SPACE_GROWTH_FACTOR}`);
  }
}
