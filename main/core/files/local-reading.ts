// How main reads files of this machine, for an upload's bytes (upload-sources.ts) and for hashing
// them after a transfer (local-hashes.ts): larger files in pieces of one reused buffer, small files
// with synchronous calls (open, read, close: a thread-pool round trip per call, each a promise and a
// wake-up of the loop, cost more than the microseconds the calls block), and the loop given a turn
// every few hundred of those, so a huge tree does not hold it.
import { setImmediate as loopTurn } from 'node:timers/promises';

/** A larger file is read this many bytes at a time, into one buffer. */
export const READ_PIECE_BYTES = 1024 * 1024;
/** Files up to this size are read in one synchronous step. */
export const SMALL_FILE_BYTES = 64 * 1024;
/** Synchronous calls in a row before the loop gets a turn. */
const SYNC_CALLS_PER_TURN = 256;

/** Counts synchronous calls and gives the loop a turn every SYNC_CALLS_PER_TURN of them. */
export function turnTaker(): () => Promise<void> {
  let calls = 0;
  return async () => {
    if (++calls % SYNC_CALLS_PER_TURN === 0) await loopTurn();
  };
}
