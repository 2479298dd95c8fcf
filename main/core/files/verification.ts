// The check after a transfer: the files' hashes on both sides, or their sizes where the container
// has no sha256sum. Says "verified" or each difference, naming the file.
import type { TransferVerification } from '../../../shared/bridge/transfers.ts';
import type { RemoteHashes } from './remote-hashes.ts';

export interface LocalFile {
  readonly size: number;
  readonly sha256: string;
}

/** Beyond this many, differences are counted, not listed. */
const MAX_LISTED_DIFFERENCES = 20;

/** `sizes`: the sizes the container announced (a download's tar headers); null when it announced none (an upload). */
export function verify(local: ReadonlyMap<string, LocalFile>, remote: RemoteHashes, sizes: ReadonlyMap<string, number> | null): TransferVerification {
  if (remote === null && sizes === null) return { kind: 'unchecked', reason: 'the container has no sha256sum to hash the files with' };
  const differences: string[] = [];
  for (const [path, file] of local) {
    const announced = sizes?.get(path);
    if (announced !== undefined && announced !== file.size) differences.push(`${path}: ${file.size} bytes here, ${announced} bytes in the container`);
    if (remote === null) continue;
    const hash = remote.get(path);
    if (hash === undefined) differences.push(`${path}: not found in the container`);
    else if (hash !== file.sha256) differences.push(`${path}: SHA-256 differs (${file.sha256.slice(0, 12)}… here, ${hash.slice(0, 12)}… in the container)`);
  }
  if (differences.length === 0) return { kind: 'verified', method: remote === null ? 'size' : 'sha256' };
  const listed = differences.slice(0, MAX_LISTED_DIFFERENCES);
  if (differences.length > listed.length) listed.push(`and ${differences.length - listed.length} more`);
  return { kind: 'differs', differences: listed };
}
