// The SHA-256 of files in a container, for checking a transfer: one exec of
// `find <names> -type f -exec sha256sum {} +` below a directory. Output lines are
// "<64 hex>  <name>\n"; GNU coreutils escapes a name holding "\n" or "\\" (the line then starts with
// "\\"), busybox does not, so a record ends at the newline before the next hash or at the end.
import type { PodRef } from '../../../shared/bridge/sessions.ts';
import type { ClusterConnection } from '../connection/cluster-connection.ts';
import { ExecPipe, failureOf } from './exec-pipe.ts';

/** Hashes by path relative to the directory ("a/b.txt"), or null when the container has no sha256sum. */
export type RemoteHashes = ReadonlyMap<string, string> | null;

const RECORD = /(\\?)([0-9a-f]{64}) {2}([\s\S]*?)\n(?=\\?[0-9a-f]{64} {2}|$)/g;

export function parseSha256sum(output: string): Map<string, string> {
  const hashes = new Map<string, string>();
  for (const [, escaped, hash, name] of output.matchAll(RECORD)) {
    if (hash === undefined || name === undefined) continue;
    const plain = escaped === '\\' ? name.replace(/\\(.)/g, (_, char: string) => (char === 'n' ? '\n' : char)) : name;
    hashes.set(plain.replace(/^\.\//, ''), hash);
  }
  return hashes;
}

/** `names` are the top-level entries below `directory` whose files are hashed. */
export async function remoteHashes(connection: ClusterConnection, target: PodRef, directory: string, names: readonly string[]): Promise<RemoteHashes> {
  const chunks: Buffer[] = [];
  // "./" keeps a name that starts with "-" from reading as an option; "cd" keeps the names relative.
  const script = 'cd -- "$1" && shift && command -v sha256sum >/dev/null && find "$@" -type f -exec sha256sum {} +';
  const pipe = await ExecPipe.open({
    connection,
    target,
    argv: ['sh', '-c', script, 'sh', directory, ...names.map((name) => `./${name}`)],
    stdin: false,
    onStdout: (bytes) => chunks.push(Buffer.from(bytes)),
  });
  const end = await pipe.ended;
  if (failureOf(end) !== null) return null;
  return parseSha256sum(Buffer.concat(chunks).toString('utf8'));
}
