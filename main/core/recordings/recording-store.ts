// The recordings directory: where recorders create their files, and what a window may list, read
// and delete there. Recordings may hold secrets (a password typed with input recorded, tokens a
// command printed), so the directory is created 0700 and each file 0600. Every name is checked by
// the bridge's recordingName schema before it touches the file system, so no name leaves the
// directory.
import { closeSync, mkdirSync, openSync } from 'node:fs';
import { open, readdir, readFile, stat, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { ASCIICAST_LIMITS, AsciicastError, type AsciicastHeader } from '../../../shared/asciicast/asciicast.ts';
import { AsciicastReader } from '../../../shared/asciicast/asciicast-reader.ts';
import { recordingName } from '../../../shared/bridge/call-schemas.ts';
import { accepts } from '../../../shared/bridge/schema.ts';
import { CoreError } from '../errors/core-error.ts';

/** How much of a file's start holds its header, and of its end its last event, for the list. */
const PEEK_BYTES = 64 * 1024;
const MAX_NAME_ATTEMPTS = 100;

/** A recording file as the directory holds it. */
export interface StoredRecording {
  readonly name: string;
  readonly bytes: number;
  /** Null when the file is not asciicast v2: `problem` says why. */
  readonly header: AsciicastHeader | null;
  readonly problem: string | null;
  /** The time of the last whole event, 0 without one. */
  readonly lastTime: number;
}

export class RecordingStore {
  readonly directory: string;

  constructor(directory: string) {
    this.directory = directory;
  }

  /**
   * Creates a new, empty file named after `base` (a second one the same second gets "-2"), open
   * for appending. Synchronous: the recorder starts before the call answers, so no output is lost.
   */
  create(base: string): { readonly name: string; readonly fd: number } {
    try {
      mkdirSync(this.directory, { recursive: true, mode: 0o700 });
    } catch (error) {
      throw fileError('Cannot create the recordings directory', `Porthole could not create ${this.directory}`, error);
    }
    for (let attempt = 1; attempt <= MAX_NAME_ATTEMPTS; attempt++) {
      const name = attempt === 1 ? `${base}.cast` : `${base}-${attempt}.cast`;
      try {
        return { name, fd: openSync(this.#path(name), 'wx', 0o600) };
      } catch (error) {
        if (codeOf(error) !== 'EEXIST') throw fileError('Cannot create the recording', `Porthole could not create ${name} in ${this.directory}`, error);
      }
    }
    throw new CoreError({ kind: 'file', title: 'Cannot create the recording', detail: `${this.directory} already has ${MAX_NAME_ATTEMPTS} recordings named ${base}.` });
  }

  /** Every recording file, newest name first; a directory not created yet has none. */
  async list(): Promise<StoredRecording[]> {
    let names: string[];
    try {
      names = await readdir(this.directory);
    } catch (error) {
      if (codeOf(error) === 'ENOENT') return [];
      throw fileError('Cannot list the recordings', `Porthole could not read ${this.directory}`, error);
    }
    const found = await Promise.all(names.filter((name) => accepts(recordingName, name)).map((name) => this.#describe(name)));
    return found.filter((recording) => recording !== null).sort((a, b) => b.name.localeCompare(a.name));
  }

  async read(name: string): Promise<string> {
    const path = this.#path(name);
    const size = await this.#size(name);
    if (size > ASCIICAST_LIMITS.fileBytes) {
      throw new CoreError({
        kind: 'file',
        title: 'Recording too large',
        detail: `${name} has ${size} bytes; Porthole plays recordings of up to ${ASCIICAST_LIMITS.fileBytes / (1024 * 1024)} MiB.`,
      });
    }
    try {
      return await readFile(path, 'utf8');
    } catch (error) {
      throw fileError('Cannot read the recording', `Porthole could not read ${name}`, error);
    }
  }

  async delete(name: string): Promise<void> {
    const path = this.#path(name);
    try {
      await unlink(path);
    } catch (error) {
      if (codeOf(error) === 'ENOENT') throw notFound(name);
      throw fileError('Cannot delete the recording', `Porthole could not delete ${name}`, error);
    }
  }

  /** Closes a file `create` opened (after a failed start). */
  discard(fd: number): void {
    closeSync(fd);
  }

  #path(name: string): string {
    if (!accepts(recordingName, name)) {
      throw new CoreError({ kind: 'invalid-request', title: 'Invalid recording name', detail: `${JSON.stringify(name)} is not the name of a recording.` });
    }
    return join(this.directory, name);
  }

  async #size(name: string): Promise<number> {
    const path = this.#path(name);
    try {
      return (await stat(path)).size;
    } catch (error) {
      if (codeOf(error) === 'ENOENT') throw notFound(name);
      throw fileError('Cannot read the recording', `Porthole could not read ${name}`, error);
    }
  }

  /** The file's header and last event time from its two ends; null if it vanished or is not a file. */
  async #describe(name: string): Promise<StoredRecording | null> {
    let handle;
    try {
      handle = await open(this.#path(name), 'r');
    } catch {
      return null;
    }
    try {
      const info = await handle.stat();
      if (!info.isFile()) return null;
      const head = await readAt(handle, 0, Math.min(info.size, PEEK_BYTES));
      const tail = info.size <= PEEK_BYTES ? head : await readAt(handle, info.size - PEEK_BYTES, PEEK_BYTES);
      const { header, problem } = readHeader(head, info.size <= PEEK_BYTES);
      return { name, bytes: info.size, header, problem, lastTime: header === null ? 0 : lastEventTime(tail) };
    } catch {
      return null;
    } finally {
      await handle.close();
    }
  }
}

async function readAt(handle: Awaited<ReturnType<typeof open>>, position: number, length: number): Promise<string> {
  const buffer = Buffer.alloc(length);
  const { bytesRead } = await handle.read(buffer, 0, length, position);
  return buffer.subarray(0, bytesRead).toString('utf8');
}

function readHeader(head: string, whole: boolean): { header: AsciicastHeader | null; problem: string | null } {
  const end = head.indexOf('\n');
  if (end === -1 && !whole) return { header: null, problem: `line 1: the header is longer than ${PEEK_BYTES} bytes` };
  const reader = new AsciicastReader();
  try {
    reader.push(end === -1 ? head : head.slice(0, end + 1));
    reader.end();
    return { header: reader.header, problem: null };
  } catch (error) {
    if (error instanceof AsciicastError) return { header: null, problem: error.message };
    throw error;
  }
}

/** The time of the last line that is a whole event; a line cut by the peek or a crash is skipped. */
function lastEventTime(tail: string): number {
  const lines = tail.split('\n');
  for (let index = lines.length - 1; index >= 0; index--) {
    try {
      const value = JSON.parse(lines[index] as string) as unknown;
      if (Array.isArray(value) && typeof value[0] === 'number' && Number.isFinite(value[0])) return value[0];
    } catch {
      // Not a whole event line: look further back.
    }
  }
  return 0;
}

function codeOf(error: unknown): string | undefined {
  return (error as NodeJS.ErrnoException | null)?.code;
}

function notFound(name: string): CoreError {
  return new CoreError({ kind: 'not-found', title: 'No such recording', detail: `There is no recording ${name}; it may have been deleted.` });
}

function fileError(title: string, what: string, error: unknown): CoreError {
  const reason = (error as Error | null)?.message ?? String(error);
  return new CoreError({ kind: 'file', title, detail: `${what}: ${reason}.` });
}
