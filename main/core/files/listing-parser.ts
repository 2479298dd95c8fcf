// Parses what listing-script.ts prints into entries. Names are NUL-terminated byte strings
// decoded as UTF-8 (a name that is not UTF-8 shows U+FFFD where its bad bytes were); metadata
// lines are paired with names by order. Anything that does not follow the format is a
// ListingFormatError naming what was expected where, never a partial listing.
import type { FileEntry, FileKind } from '../../../shared/bridge/file-listing.ts';
import { LISTING_HEADER } from './listing-script.ts';

export class ListingFormatError extends Error {
  constructor(problem: string) {
    super(`The directory listing did not parse: ${problem}`);
    this.name = 'ListingFormatError';
  }
}

export interface ParsedListing {
  /** 'shell': the container has no stat; entries carry kinds only. */
  readonly tool: 'stat' | 'shell';
  readonly entries: readonly FileEntry[];
}

const NUL = 0;
const LF = 0x0a;
const decoder = new TextDecoder('utf-8');

const S_IFMT = 0o170000;
const TYPE_KINDS: ReadonlyMap<number, FileKind> = new Map([
  [0o040000, 'directory'],
  [0o100000, 'file'],
  [0o120000, 'symlink'],
]);
const SHELL_KINDS: Readonly<Record<string, FileKind>> = { d: 'directory', f: 'file', l: 'symlink', o: 'other' };
const STAT_LINE = /^([0-9a-f]+) (\d+) (\d+) (\d+) (.*)$/;

interface Named {
  readonly name: string;
  readonly linkTarget?: string;
}

export function parseListing(output: Uint8Array): ParsedListing {
  const reader = new Reader(output);
  const header = reader.line('the header line');
  const tool = header === `${LISTING_HEADER} stat` ? 'stat' : header === `${LISTING_HEADER} shell` ? 'shell' : null;
  if (tool === null) throw new ListingFormatError(`expected "${LISTING_HEADER} stat" or "... shell" first, got ${JSON.stringify(header.slice(0, 80))}`);
  const entries: FileEntry[] = [];
  while (!reader.done) {
    const names = readNames(reader);
    for (const named of names) {
      const line = reader.line(`the metadata line of ${JSON.stringify(named.name)}`);
      entries.push(tool === 'stat' ? statEntry(named, line) : shellEntry(named, line));
    }
  }
  return { tool, entries };
}

function readNames(reader: Reader): Named[] {
  const names: Named[] = [];
  for (;;) {
    const record = reader.field('a name record');
    if (record.length === 0) return names;
    const marker = record[0];
    const name = decoder.decode(record.subarray(1));
    if (name === '' || name.includes('/')) throw new ListingFormatError(`${JSON.stringify(name)} is not a file name`);
    if (marker === 0x6e /* n */) {
      names.push({ name });
    } else if (marker === 0x6c /* l */) {
      const target = decoder.decode(reader.field(`the target of the symlink ${JSON.stringify(name)}`));
      names.push(target === '' ? { name } : { name, linkTarget: target });
    } else {
      throw new ListingFormatError(`a name record starts with "n" or "l", not byte ${String(marker)}`);
    }
  }
}

function statEntry(named: Named, line: string): FileEntry {
  const match = STAT_LINE.exec(line);
  if (match === null) throw new ListingFormatError(`the metadata of ${JSON.stringify(named.name)} is not "mode size mtime uid user": ${JSON.stringify(line)}`);
  const [, modeHex, size, mtime, uid, user] = match as unknown as [string, string, string, string, string, string];
  const raw = Number.parseInt(modeHex, 16);
  const kind = TYPE_KINDS.get(raw & S_IFMT) ?? 'other';
  const owner = user === '' || user === 'UNKNOWN' ? uid : user;
  return {
    ...named,
    kind,
    size: Number(size),
    mode: raw & 0o7777,
    modifiedMs: Number(mtime) * 1000,
    owner,
  };
}

function shellEntry(named: Named, line: string): FileEntry {
  const kind = line.startsWith('- ') ? SHELL_KINDS[line.slice(2)] : undefined;
  if (kind === undefined) throw new ListingFormatError(`the kind of ${JSON.stringify(named.name)} is not "- d|f|l|o": ${JSON.stringify(line)}`);
  return { ...named, kind };
}

/** Walks the output: NUL-terminated fields and LF-terminated lines. */
class Reader {
  readonly #bytes: Uint8Array;
  #at = 0;

  constructor(bytes: Uint8Array) {
    this.#bytes = bytes;
  }

  get done(): boolean {
    return this.#at >= this.#bytes.length;
  }

  field(what: string): Uint8Array {
    return this.#until(NUL, what);
  }

  line(what: string): string {
    return decoder.decode(this.#until(LF, what));
  }

  #until(terminator: number, what: string): Uint8Array {
    const end = this.#bytes.indexOf(terminator, this.#at);
    if (end < 0) throw new ListingFormatError(`the output ended inside ${what}`);
    const value = this.#bytes.subarray(this.#at, end);
    this.#at = end + 1;
    return value;
  }
}
