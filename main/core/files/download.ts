// Download: `tar cf - -C <parent> <name>` in the container, its stdout read by the TarReader and
// unpacked as it streams into a temporary directory beside the destination; at the end the item is
// renamed into place, so nothing half-written ever carries the final name (a failure or a cancel
// removes the temporary directory). The exec is paused while the disk is behind. Once every byte is
// written, the files are hashed from the disk while the container hashes its side.
import { lstat, mkdir, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { posix } from 'node:path';
import type { TransferVerification } from '../../../shared/bridge/transfers.ts';
import type { PodRef } from '../../../shared/bridge/sessions.ts';
import { TarReader, type TarEntry, type TarSink } from '../../../shared/tar/tar-reader.ts';
import type { ClusterConnection } from '../connection/cluster-connection.ts';
import { CoreError } from '../errors/core-error.ts';
import { DiskExtractor } from './disk-extractor.ts';
import { failureOf, type ExecPipe } from './exec-pipe.ts';
import { hashLocalFiles } from './local-hashes.ts';
import type { ProgressMeter } from './progress-meter.ts';
import { remoteHashes } from './remote-hashes.ts';
import { archiveRefused, readRemoteTar, tarCommands } from './remote-tar.ts';
import { transferFailure, localFailure } from './transfer-errors.ts';
import { verify } from './verification.ts';

export interface DownloadOptions {
  readonly connection: ClusterConnection;
  readonly target: PodRef;
  readonly remotePath: string;
  readonly destinationDirectory: string;
  /** The name the item takes there (the save dialog's choice); default: its remote name. */
  readonly localName?: string;
  /** Names the temporary directory. */
  readonly transferId: string;
  readonly meter: ProgressMeter;
  readonly signal: AbortSignal;
  /** The state moves from running to verifying. */
  readonly verifying: () => void;
  /** The exec to run instead of tar (tests: a crafted archive); default tarCommands (`tar cf - -C <parent> ./<name>`). */
  readonly argv?: readonly string[];
}

export interface DownloadResult {
  readonly location: string;
  readonly verification: TransferVerification;
}

/** The last part of a remote path, trailing slashes ignored ("/var/log/" → "log"; "/" → ""). */
export function remoteName(remotePath: string): string {
  return posix.basename(remotePath.replace(/\/+$/, ''));
}

/** The parent directory and the name of a remote path ("/var/log/" → "/var", "log"). */
export function splitRemotePath(remotePath: string): { parent: string; name: string } {
  const trimmed = remotePath.replace(/\/+$/, '');
  const name = remoteName(trimmed);
  if (trimmed === '' || name === '.' || name === '..') {
    throw new CoreError({ kind: 'invalid-request', title: 'Nothing to download', detail: `Pick a file or directory below "/", not ${JSON.stringify(remotePath)}.` });
  }
  return { parent: posix.dirname(trimmed), name };
}

/** Whether an archive's entry is the download itself as one regular file (its size is then the whole). */
export function isTheFile(entry: TarEntry, name: string): boolean {
  if (entry.type !== 'file') return false;
  const parts = entry.name.split('/').filter((part) => part !== '' && part !== '.');
  return parts.length === 1 && parts[0] === name;
}

/** `sink`, and at the archive's first entry the meter learns the whole when it is the one file asked for: a bar and the time left. */
export function announcingTotals(sink: TarSink, name: string, meter: ProgressMeter): TarSink {
  let first = true;
  return {
    entry(entry) {
      if (first && isTheFile(entry, name)) meter.totals(entry.size, 1);
      first = false;
      sink.entry(entry);
    },
    data: (bytes) => sink.data(bytes),
    entryEnd: (entry) => sink.entryEnd(entry),
  };
}

export async function download(options: DownloadOptions): Promise<DownloadResult> {
  const { target, remotePath, meter, signal } = options;
  const { parent, name } = splitRemotePath(remotePath);
  const temporary = join(options.destinationDirectory, `.porthole-${options.transferId}.partial`);
  await mkdir(options.destinationDirectory, { recursive: true });
  await mkdir(temporary, { mode: 0o700 });
  let pipe = null as ExecPipe | null;
  const extractor = new DiskExtractor({
    root: temporary,
    progress: (bytes) => meter.add(bytes),
    fileDone: () => meter.fileDone(),
    backpressure: (paused) => (paused ? pipe?.pause() : pipe?.resume()),
  });
  const reader = new TarReader(announcingTotals(extractor, name, meter));
  try {
    const end = await readRemoteTar({
      connection: options.connection,
      target,
      commands: options.argv === undefined ? tarCommands(parent, name) : [options.argv],
      signal,
      reader,
      opened: (opened) => (pipe = opened),
      sinkFailed: () => extractor.failure !== null,
    });
    if (extractor.failure !== null) throw new CoreError(localFailure(options.destinationDirectory, extractor.failure));
    const failure = failureOf(end);
    if (failure !== null) throw new CoreError(transferFailure('download', target, remotePath, failure.message));
    reader.end();
    try {
      await extractor.finish();
    } catch (error) {
      throw new CoreError(localFailure(options.destinationDirectory, error));
    }
    if (extractor.files.size === 0 && !(await exists(join(temporary, name)))) {
      throw new CoreError(transferFailure('download', target, remotePath, end.stderr || 'tar sent no entry'));
    }
    options.verifying();
    const announced = new Map([...extractor.files].map(([path, file]) => [path, file.size]));
    const written = [...extractor.files].map(([path, file]) => ({ name: path, localPath: file.path, size: file.size }));
    const [local, remote] = await Promise.all([
      hashLocalFiles(written, signal).catch((error: unknown) => {
        throw signal.aborted ? error : new CoreError(localFailure(options.destinationDirectory, error));
      }),
      remoteHashes(options.connection, target, parent, [name]),
    ]);
    const verification = verify(local, remote, announced);
    const location = await freeName(options.destinationDirectory, options.localName ?? name);
    await rename(join(temporary, name), location);
    return { location, verification };
  } catch (error) {
    pipe?.close();
    throw archiveRefused(error, target);
  } finally {
    await extractor.settle();
    await rm(temporary, { recursive: true, force: true });
  }
}

async function exists(path: string): Promise<boolean> {
  return lstat(path).then(
    () => true,
    () => false,
  );
}

/** `name`, or "name (1)", "name (2)", … : a download never replaces what is there. */
async function freeName(directory: string, name: string): Promise<string> {
  const dot = name.lastIndexOf('.');
  const [stem, extension] = dot > 0 ? [name.slice(0, dot), name.slice(dot)] : [name, ''];
  for (let attempt = 0; ; attempt++) {
    const candidate = join(directory, attempt === 0 ? name : `${stem} (${attempt})${extension}`);
    if (!(await exists(candidate))) return candidate;
  }
}
