// Reading a container's item as a tar, for both downloads (to disk: download.ts; to a browser:
// browser-download.ts): `tar cf - -C <parent> ./<name>` over exec, its stdout handed to a TarReader
// as it arrives, until the command ends. The reader's sink decides where the bytes go; a refused
// entry or a failed sink closes the exec.
import type { PodRef } from '../../../shared/bridge/sessions.ts';
import { TarError } from '../../../shared/tar/tar-header.ts';
import type { TarReader } from '../../../shared/tar/tar-reader.ts';
import type { ClusterConnection } from '../connection/cluster-connection.ts';
import { CoreError } from '../errors/core-error.ts';
import { ExecPipe, type ExecEnd } from './exec-pipe.ts';

export interface RemoteTarOptions {
  readonly connection: ClusterConnection;
  readonly target: PodRef;
  /** The command that writes the archive (tarOf, or a crafted one in tests). */
  readonly argv: readonly string[];
  readonly signal: AbortSignal;
  readonly reader: TarReader;
  /** The exec, as soon as it is open: the caller pauses and resumes it. */
  readonly opened: (pipe: ExecPipe) => void;
  /** Answers true once the sink has failed: nothing more is read and the exec is closed. */
  readonly sinkFailed?: () => boolean;
  /** Each piece of stdout once the reader took it (its entries passed the guard). */
  readonly passed?: (bytes: Uint8Array) => void;
}

/** The command that writes `name` below `parent` as a tar to stdout ("./" keeps a name starting with "-" from reading as an option). */
export function tarOf(parent: string, name: string): string[] {
  return ['tar', 'cf', '-', '-C', parent, `./${name}`];
}

/** A TarError (a refused or malformed entry) in the user's words; anything else as it was. */
export function archiveRefused(error: unknown, target: PodRef): unknown {
  return error instanceof TarError ? new CoreError({ kind: 'protocol', title: 'Archive refused', detail: error.message, context: target.context }) : error;
}

/** Reads the archive until the exec ends and answers how it ended; throws the reader's refusal, or the abort's reason. */
export async function readRemoteTar(options: RemoteTarOptions): Promise<ExecEnd> {
  const { reader, sinkFailed, passed } = options;
  let refusal: unknown = null;
  let pipe: ExecPipe | null = null;
  pipe = await ExecPipe.open({
    connection: options.connection,
    target: options.target,
    argv: options.argv,
    stdin: false,
    signal: options.signal,
    onStdout: (bytes) => {
      if (refusal !== null) return;
      if (sinkFailed?.() === true) {
        pipe?.close();
        return;
      }
      try {
        reader.push(bytes);
        passed?.(bytes);
      } catch (error) {
        refusal = error;
        pipe?.close();
      }
    },
  });
  options.opened(pipe);
  const end = await pipe.endedUnlessAborted(options.signal);
  if (refusal !== null) throw archiveRefused(refusal, options.target);
  return end;
}
