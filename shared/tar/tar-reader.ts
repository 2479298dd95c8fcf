// A streaming tar reader: bytes in, in pieces of any size; entries and their data out, as views of
// the pieces (a file's data is never gathered). Reads ustar, GNU long names and links ('L', 'K'),
// GNU base-256 sizes and PAX extended headers (path, linkpath, size). Malformed input (a bad
// checksum, a number that is not one, a stream that ends inside an entry) is a TarError that says
// where.
import { decodePax } from './pax.ts';
import { BLOCK, TYPE_FLAG, TarError, decodeHeader, isZeroBlock, paddingOf, type TarEntryType } from './tar-header.ts';

export interface TarEntry {
  readonly name: string;
  readonly type: TarEntryType;
  readonly mode: number;
  /** Data bytes that follow (regular files only; 0 for the rest). */
  readonly size: number;
  /** Seconds since the epoch. */
  readonly mtime: number;
  readonly linkname: string;
}

export interface TarSink {
  entry(entry: TarEntry): void;
  /** A piece of the current entry's data: a view, valid during the call only unless copied. */
  data(bytes: Uint8Array): void;
  entryEnd(entry: TarEntry): void;
}

/** Extended header data is gathered (it is metadata): 1 MiB is far beyond any real path. */
const MAX_METADATA_BYTES = 1024 * 1024;

const ENTRY_TYPES: Readonly<Record<string, TarEntryType>> = {
  [TYPE_FLAG.file]: 'file',
  [TYPE_FLAG.oldFile]: 'file',
  '7': 'file', // contiguous file: a regular file everywhere that matters
  [TYPE_FLAG.hardlink]: 'hardlink',
  [TYPE_FLAG.symlink]: 'symlink',
  [TYPE_FLAG.directory]: 'directory',
};

const TYPE_WORDS: Readonly<Record<string, string>> = {
  '3': 'a character device',
  '4': 'a block device',
  '6': 'a FIFO',
};

type State =
  | { readonly kind: 'header' }
  | { readonly kind: 'data'; readonly entry: TarEntry; remaining: number }
  | { readonly kind: 'metadata'; readonly flag: string; readonly parts: Uint8Array[]; remaining: number; readonly size: number }
  | { readonly kind: 'padding'; remaining: number }
  | { readonly kind: 'ended' };

export class TarReader {
  readonly #sink: TarSink;
  #state: State = { kind: 'header' };
  readonly #header = new Uint8Array(BLOCK);
  #headerFill = 0;
  /** Bytes of the archive consumed so far (for error positions). */
  #offset = 0;
  #pax = new Map<string, string>();
  #longName: string | null = null;
  #longLink: string | null = null;
  #lastEntry = '(the start of the archive)';

  constructor(sink: TarSink) {
    this.#sink = sink;
  }

  /** Whether the end-of-archive marker was read. */
  get ended(): boolean {
    return this.#state.kind === 'ended';
  }

  push(chunk: Uint8Array): void {
    let at = 0;
    while (at < chunk.length && this.#state.kind !== 'ended') {
      const taken = this.#step(chunk.subarray(at));
      at += taken;
      this.#offset += taken;
    }
  }

  /** The input ended: throws TarError if it ended inside an entry or a header. */
  end(): void {
    const state = this.#state;
    if (state.kind === 'ended') return;
    if (state.kind === 'header' && this.#headerFill === 0 && this.#pax.size === 0 && this.#longName === null) return;
    const where = state.kind === 'data' ? `inside the data of ${JSON.stringify(state.entry.name)} (${state.remaining} bytes missing)` : `after ${JSON.stringify(this.#lastEntry)}`;
    throw new TarError(`The tar stream was cut off ${where}`);
  }

  /** Consumes from the front of `bytes`; answers how many bytes it took. */
  #step(bytes: Uint8Array): number {
    const state = this.#state;
    switch (state.kind) {
      case 'header': {
        const take = Math.min(BLOCK - this.#headerFill, bytes.length);
        this.#header.set(bytes.subarray(0, take), this.#headerFill);
        this.#headerFill += take;
        if (this.#headerFill === BLOCK) {
          this.#headerFill = 0;
          this.#onHeader(this.#offset + take - BLOCK);
        }
        return take;
      }
      case 'data': {
        const take = Math.min(state.remaining, bytes.length);
        state.remaining -= take;
        if (take > 0) this.#sink.data(bytes.subarray(0, take));
        if (state.remaining === 0) this.#finishData(state.entry);
        return take;
      }
      case 'metadata': {
        const take = Math.min(state.remaining, bytes.length);
        state.parts.push(bytes.slice(0, take));
        state.remaining -= take;
        if (state.remaining === 0) this.#onMetadata(state.flag, state.parts, state.size);
        return take;
      }
      case 'padding': {
        const take = Math.min(state.remaining, bytes.length);
        state.remaining -= take;
        if (state.remaining === 0) this.#state = { kind: 'header' };
        return take;
      }
      case 'ended':
        return bytes.length;
    }
  }

  #onHeader(position: number): void {
    if (isZeroBlock(this.#header)) {
      this.#state = { kind: 'ended' };
      return;
    }
    const raw = decodeHeader(this.#header, position);
    const flag = raw.typeFlag;
    if (flag === TYPE_FLAG.paxHeader || flag === TYPE_FLAG.paxGlobal || flag === TYPE_FLAG.gnuLongName || flag === TYPE_FLAG.gnuLongLink) {
      if (raw.size > MAX_METADATA_BYTES) throw new TarError(`An extended header of ${raw.size} bytes after ${JSON.stringify(this.#lastEntry)} is larger than ${MAX_METADATA_BYTES}`);
      this.#state = raw.size === 0 ? { kind: 'header' } : { kind: 'metadata', flag, parts: [], remaining: raw.size, size: raw.size };
      return;
    }
    const pax = this.#pax;
    const name = pax.get('path') ?? this.#longName ?? raw.name;
    const type = ENTRY_TYPES[flag];
    if (type === undefined) {
      const word = TYPE_WORDS[flag] ?? `an entry of unknown type ${JSON.stringify(flag)}`;
      throw new TarError(`The archive entry ${JSON.stringify(name)} is ${word}, which cannot be transferred`);
    }
    const paxSize = pax.get('size');
    const size = type === 'file' ? (paxSize === undefined ? raw.size : paxNumber(paxSize, name)) : 0;
    const entry: TarEntry = {
      name,
      type,
      mode: raw.mode,
      size,
      mtime: raw.mtime,
      linkname: pax.get('linkpath') ?? this.#longLink ?? raw.linkname,
    };
    this.#pax = new Map();
    this.#longName = null;
    this.#longLink = null;
    this.#lastEntry = name;
    this.#sink.entry(entry);
    // A non-file header's size field is ignored by readers (hard links record 0); data follows only files.
    const dataSize = type === 'file' ? size : 0;
    this.#state = { kind: 'data', entry, remaining: dataSize };
    if (dataSize === 0) this.#finishData(entry);
  }

  #finishData(entry: TarEntry): void {
    this.#sink.entryEnd(entry);
    const padding = paddingOf(entry.size);
    this.#state = padding === 0 ? { kind: 'header' } : { kind: 'padding', remaining: padding };
  }

  #onMetadata(flag: string, parts: readonly Uint8Array[], size: number): void {
    const data = new Uint8Array(size);
    let at = 0;
    for (const part of parts) {
      data.set(part, at);
      at += part.length;
    }
    const before = `the entry after ${JSON.stringify(this.#lastEntry)}`;
    if (flag === TYPE_FLAG.paxHeader) {
      for (const [key, value] of decodePax(data, before)) this.#pax.set(key, value);
    } else if (flag === TYPE_FLAG.gnuLongName || flag === TYPE_FLAG.gnuLongLink) {
      const end = data.indexOf(0);
      const value = new TextDecoder('utf-8').decode(end === -1 ? data : data.subarray(0, end));
      if (flag === TYPE_FLAG.gnuLongName) this.#longName = value;
      else this.#longLink = value;
    }
    // Global PAX headers ('g') set defaults Porthole does not use (such as times); they are read past.
    const padding = paddingOf(size);
    this.#state = padding === 0 ? { kind: 'header' } : { kind: 'padding', remaining: padding };
  }
}

function paxNumber(text: string, entry: string): number {
  if (!/^\d+$/.test(text) || !Number.isSafeInteger(Number(text))) throw new TarError(`The PAX size ${JSON.stringify(text)} of ${JSON.stringify(entry)} is not a whole number`);
  return Number(text);
}
