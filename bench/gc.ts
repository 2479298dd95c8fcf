// A full garbage collection on demand, for memory figures, whether or not node ran with --expose-gc.
import v8 from 'node:v8';
import vm from 'node:vm';

v8.setFlagsFromString('--expose-gc');
const collect = vm.runInNewContext('gc') as () => void;

/** Bytes of live JavaScript heap plus ArrayBuffer memory after a full collection. */
export function liveBytes(): number {
  collect();
  collect();
  const usage = process.memoryUsage();
  return usage.heapUsed + usage.arrayBuffers;
}
