// Collects the garbage a large transfer makes, every 8 MiB moved. Every WebSocket message and
// every disk read is a fresh Buffer outside V8's heap; V8 collects such buffers only once 64 MB more
// of them were allocated since its last full collection (its external-memory soft limit), and the
// tiny JS objects holding them never fill the young generation, so nothing earlier frees them. Measured
// on the real node (test/integration/files-transfer.test.ts): a 1 GiB download grew main by 85 MiB,
// nearly all of it buffers already dropped. Collecting the young generation every 8 MiB frees most of
// them cheaply; the few that were still queued then (a few MiB) are promoted, so a full collection every
// 64 MiB frees those. Checked again with the file-transfer bench at 256 MiB: without the pacer the
// download grew main by 75 MB (over the 50 MB bound), with it 26-32 MB; the forced collections
// cost about 0.5 s of CPU over the 1.8 s V8 spent collecting on its own during the same transfers.
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

const MINOR_EVERY_BYTES = 8 * 1024 * 1024;
const MAJOR_EVERY_MINORS = 8;

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
  #since = 0;
  #minors = 0;

  /** `bytes` more were moved. */
  moved(bytes: number): void {
    this.#since += bytes;
    if (this.#since < MINOR_EVERY_BYTES) return;
    this.#since = 0;
    this.#minors = (this.#minors + 1) % MAJOR_EVERY_MINORS;
    collector()?.({ type: this.#minors === 0 ? 'major' : 'minor' });
  }
}
