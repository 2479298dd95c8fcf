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
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

const COLLECT_EVERY_BYTES = 8 * 1024 * 1024;

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

  /** `bytes` more were moved. */
  moved(bytes: number): void {
    this.#since += bytes;
    if (this.#since < COLLECT_EVERY_BYTES) return;
    this.#since = 0;
    collector()?.({ type: 'minor' });
  }
}
