// A download the browser saves (the web host, whose page cannot be handed a path of this machine):
// the container's item, read with `tar cf -` as for a download to disk, streams into the HTTP
// response of the one fetch of its address. A single file goes as itself, with its size; a
// directory as its archive ("name.tar"), each entry checked by the ExtractionGuard before its bytes
// go, so the archive the user saves cannot unpack outside the folder they unpack it in. A full
// response pauses the exec, as a slow disk does. What was sent is hashed as it goes (no file of
// this machine holds it to read again, as a download to disk is read) and checked against the
// container's sha256sum; what the browser does with it is beyond main's sight.
import { createHash, type Hash } from 'node:crypto';
import type { Writable } from 'node:stream';
import { finished } from 'node:stream/promises';
import type { PodRef } from '../../../shared/bridge/sessions.ts';
import type { TransferVerification } from '../../../shared/bridge/transfers.ts';
import { ExtractionGuard } from '../../../shared/tar/extraction-guard.ts';
import { TarError } from '../../../shared/tar/tar-header.ts';
import { TarReader, type TarEntry, type TarSink } from '../../../shared/tar/tar-reader.ts';
import type { ClusterConnection } from '../connection/cluster-connection.ts';
import { CoreError } from '../errors/core-error.ts';
import { announcingTotals, isTheFile, splitRemotePath } from './download.ts';
import { failureOf, type ExecPipe } from './exec-pipe.ts';
import type { ProgressMeter } from './progress-meter.ts';
import { remoteHashes } from './remote-hashes.ts';
import { archiveRefused, readRemoteTar, tarCommands } from './remote-tar.ts';
import { transferFailure } from './transfer-errors.ts';
import { verify, type LocalFile } from './verification.ts';

/** What the browser is told before the first byte. */
export interface BrowserDownloadHead {
  /** 'file': the one file's bytes; 'archive': a tar of the directory. */
  readonly kind: 'file' | 'archive';
  /** The name the browser offers to save it under. */
  readonly fileName: string;
  /** The byte count, when known before the first byte (a single file). */
  readonly size: number | null;
}

/** The fetch's response, as main writes it (the web host adapts its HTTP response to this). */
export interface BrowserDownloadResponse {
  /** Called once, before the first byte of the body. */
  begin(head: BrowserDownloadHead): void;
  /** Its backpressure pauses the exec; it is ended once every byte was written. */
  readonly body: Writable;
  /** The download failed: answer with the reason if nothing began, else cut the response. */
  fail(reason: string): void;
}

export interface BrowserDownloadOptions {
  readonly connection: ClusterConnection;
  readonly target: PodRef;
  readonly remotePath: string;
  readonly response: BrowserDownloadResponse;
  readonly meter: ProgressMeter;
  readonly signal: AbortSignal;
  readonly verifying: () => void;
  /** The exec to run instead of tar (tests: a crafted archive); default tarCommands (`tar cf - -C <parent> ./<name>`). */
  readonly argv?: readonly string[];
}

/** Streams the item into the response; answers the check of what was sent. */
export async function downloadToBrowser(options: BrowserDownloadOptions): Promise<{ verification: TransferVerification; fileName: string }> {
  const { target, remotePath, response, signal } = options;
  const { parent, name } = splitRemotePath(remotePath);
  let pipe = null as ExecPipe | null;
  let paused = false;
  const send = (bytes: Uint8Array): void => {
    // A copy: the piece is a view of a message the stream may reuse once this call returns.
    if (response.body.write(Buffer.from(bytes)) || paused) return;
    paused = true;
    pipe?.pause();
    response.body.once('drain', () => {
      paused = false;
      pipe?.resume();
    });
  };
  const sink = new BrowserSink(name, options.meter, response, send);
  const reader = new TarReader(announcingTotals(sink, name, options.meter));
  try {
    const end = await readRemoteTar({
      connection: options.connection,
      target,
      commands: options.argv === undefined ? tarCommands(parent, name) : [options.argv],
      signal,
      reader,
      opened: (opened) => (pipe = opened),
      // An archive goes as it came, once its entries in these bytes passed the guard.
      passed: (bytes) => {
        if (sink.kind === 'archive') send(bytes);
      },
    });
    const failure = failureOf(end);
    if (failure !== null) throw new CoreError(transferFailure('download', target, remotePath, failure.message));
    reader.end();
    if (sink.kind === null) throw new CoreError(transferFailure('download', target, remotePath, end.stderr || 'tar sent no entry'));
    response.body.end();
    await finished(response.body);
    options.verifying();
    const verification = verify(sink.files, await remoteHashes(options.connection, target, parent, [name]), sink.sizes);
    return { verification, fileName: sink.fileName };
  } catch (error) {
    pipe?.close();
    const refused = archiveRefused(error, target);
    response.fail(refused instanceof CoreError ? `${refused.userError.title}: ${refused.userError.detail}` : String(refused));
    throw refused;
  }
}

/** Decides from the first entry whether a file or an archive goes; hashes each file's bytes as they pass. */
class BrowserSink implements TarSink {
  /** Regular files by their path below the download's parent ("name", "name/a/b.txt"), as remoteHashes keys them. */
  readonly files = new Map<string, LocalFile>();
  readonly sizes = new Map<string, number>();
  kind: BrowserDownloadHead['kind'] | null = null;
  fileName = '';
  readonly #name: string;
  readonly #meter: ProgressMeter;
  readonly #response: BrowserDownloadResponse;
  readonly #send: (bytes: Uint8Array) => void;
  readonly #guard = new ExtractionGuard();
  #file: { readonly key: string; readonly hash: Hash } | null = null;

  constructor(name: string, meter: ProgressMeter, response: BrowserDownloadResponse, send: (bytes: Uint8Array) => void) {
    this.#name = name;
    this.#meter = meter;
    this.#response = response;
    this.#send = send;
  }

  entry(entry: TarEntry): void {
    const { components } = this.#guard.check(entry);
    if (this.kind === null) {
      const single = isTheFile(entry, this.#name);
      this.kind = single ? 'file' : 'archive';
      this.fileName = single ? this.#name : `${this.#name}.tar`;
      this.#response.begin({ kind: this.kind, fileName: this.fileName, size: single ? entry.size : null });
    } else if (this.kind === 'file') {
      throw new TarError(`The archive of the file ${JSON.stringify(this.#name)} holds a second entry, ${JSON.stringify(entry.name)}`);
    }
    if (entry.type === 'file') this.#file = { key: components.join('/'), hash: createHash('sha256') };
  }

  data(bytes: Uint8Array): void {
    this.#file?.hash.update(bytes);
    this.#meter.add(bytes.length);
    if (this.kind === 'file') this.#send(bytes);
  }

  entryEnd(entry: TarEntry): void {
    if (this.#file === null) return;
    this.files.set(this.#file.key, { size: entry.size, sha256: this.#file.hash.digest('hex') });
    this.sizes.set(this.#file.key, entry.size);
    this.#file = null;
    this.#meter.fileDone();
  }
}
