// A streaming tar writer: it makes the header blocks of each entry (a PAX extended header first
// when a name or link is too long or not ASCII, or a size too large for ustar) and the padding and
// end blocks; a file's data passes between them untouched, as it comes, so nothing is gathered.
import { encodePax } from './pax.ts';
import { BLOCK, MAX_OCTAL_SIZE, TYPE_FLAG, encodeHeader, fitsField, paddingOf, type TarEntryType } from './tar-header.ts';

export interface WriterEntry {
  /** '/'-separated, relative; a directory's name may end in '/'. */
  readonly name: string;
  readonly type: Exclude<TarEntryType, 'hardlink'>;
  readonly mode: number;
  /** Files: the exact number of data bytes that will follow. */
  readonly size: number;
  /** Seconds since the epoch. */
  readonly mtime: number;
  readonly linkname?: string;
}

const FLAGS = { file: TYPE_FLAG.file, directory: TYPE_FLAG.directory, symlink: TYPE_FLAG.symlink } as const;

/** The blocks before an entry's data: a PAX header when needed, then the ustar header. */
export function entryHeader(entry: WriterEntry): Uint8Array {
  const linkname = entry.linkname ?? '';
  const size = entry.type === 'file' ? entry.size : 0;
  const pax = new Map<string, string>();
  if (!fitsField(entry.name, 'name')) pax.set('path', entry.name);
  if (!fitsField(linkname, 'linkname')) pax.set('linkpath', linkname);
  if (size > MAX_OCTAL_SIZE) pax.set('size', String(size));
  const header = encodeHeader({
    name: pax.has('path') ? asciiStandIn(entry.name, 100) : entry.name,
    mode: entry.mode & 0o7777,
    size: pax.has('size') ? 0 : size,
    mtime: Math.max(0, Math.min(Math.floor(entry.mtime), MAX_OCTAL_SIZE)),
    typeFlag: FLAGS[entry.type],
    linkname: pax.has('linkpath') ? asciiStandIn(linkname, 100) : linkname,
  });
  if (pax.size === 0) return header;
  const data = encodePax(pax);
  const paxHeader = encodeHeader({
    name: asciiStandIn(`PaxHeaders/${entry.name}`, 100),
    mode: 0o644,
    size: data.length,
    mtime: 0,
    typeFlag: TYPE_FLAG.paxHeader,
    linkname: '',
  });
  const out = new Uint8Array(BLOCK + data.length + paddingOf(data.length) + BLOCK);
  out.set(paxHeader, 0);
  out.set(data, BLOCK);
  out.set(header, out.length - BLOCK);
  return out;
}

/** The zeros after `size` data bytes, up to the next block. */
export function entryPadding(size: number): Uint8Array {
  return new Uint8Array(paddingOf(size));
}

/** Two zero blocks end an archive. */
export function archiveEnd(): Uint8Array {
  return new Uint8Array(2 * BLOCK);
}

/** What a reader without PAX support shows instead: printable ASCII, cut to fit. */
function asciiStandIn(value: string, length: number): string {
  return value.replace(/[^\x20-\x7e]/g, '_').slice(-length);
}
