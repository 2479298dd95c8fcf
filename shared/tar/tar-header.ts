// One 512-byte tar header block: ustar fields, GNU's base-256 numbers, and the checksum. Readers
// and writers of whole archives (tar-reader.ts, tar-writer.ts) build on it.
export const BLOCK = 512;

/** The entry kinds Porthole moves; every other type flag is refused by name (tar-reader.ts). */
export type TarEntryType = 'file' | 'directory' | 'symlink' | 'hardlink';

export const TYPE_FLAG = {
  file: '0',
  oldFile: '\0',
  hardlink: '1',
  symlink: '2',
  directory: '5',
  paxHeader: 'x',
  paxGlobal: 'g',
  gnuLongName: 'L',
  gnuLongLink: 'K',
} as const;

/** A malformed or unsafe archive; the message names the entry when there is one. */
export class TarError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TarError';
  }
}

const FIELD = {
  name: [0, 100],
  mode: [100, 8],
  uid: [108, 8],
  gid: [116, 8],
  size: [124, 12],
  mtime: [136, 12],
  checksum: [148, 8],
  type: [156, 1],
  linkname: [157, 100],
  magic: [257, 6],
  version: [263, 2],
  prefix: [345, 155],
} as const satisfies Record<string, readonly [number, number]>;

const utf8 = new TextDecoder('utf-8');
const encoder = new TextEncoder();

export interface RawHeader {
  readonly name: string;
  readonly mode: number;
  readonly size: number;
  readonly mtime: number;
  readonly typeFlag: string;
  readonly linkname: string;
}

function field(block: Uint8Array, [offset, length]: readonly [number, number]): Uint8Array {
  return block.subarray(offset, offset + length);
}

/** A NUL-terminated string field, read as UTF-8 (what GNU and busybox tar write for non-ASCII names). */
function text(bytes: Uint8Array): string {
  const end = bytes.indexOf(0);
  return utf8.decode(end === -1 ? bytes : bytes.subarray(0, end));
}

/** Octal ASCII (NUL- or space-terminated), or GNU's base-256 when the high bit of the first byte is set. */
function number(bytes: Uint8Array, what: string): number {
  if (((bytes[0] ?? 0) & 0x80) !== 0) {
    let value = (bytes[0] ?? 0) & 0x7f;
    for (const byte of bytes.subarray(1)) value = value * 256 + byte;
    if (!Number.isSafeInteger(value)) throw new TarError(`The header's ${what} is too large`);
    return value;
  }
  // Leading spaces pad; the first NUL or space ends the number.
  const digits = /^ *([^\0 ]*)/.exec(ascii(bytes))?.[1] ?? '';
  if (digits === '') return 0;
  if (!/^[0-7]+$/.test(digits)) throw new TarError(`The header's ${what} is not an octal number: ${JSON.stringify(digits)}`);
  return parseInt(digits, 8);
}

export function isZeroBlock(block: Uint8Array): boolean {
  return block.every((byte) => byte === 0);
}

function checksumOf(block: Uint8Array): { unsigned: number; signed: number } {
  let unsigned = 0;
  let signed = 0;
  for (let index = 0; index < BLOCK; index++) {
    const byte = index >= 148 && index < 156 ? 0x20 : (block[index] ?? 0);
    unsigned += byte;
    signed += byte > 127 ? byte - 256 : byte;
  }
  return { unsigned, signed };
}

/** Reads a header block; throws TarError for a bad checksum or a malformed number. */
export function decodeHeader(block: Uint8Array, offset: number): RawHeader {
  const stored = number(field(block, FIELD.checksum), 'checksum');
  const { unsigned, signed } = checksumOf(block);
  if (stored !== unsigned && stored !== signed) {
    throw new TarError(`Bad tar header checksum at byte ${offset} (stored ${stored}, computed ${unsigned}): the stream is not a tar archive or is corrupt`);
  }
  const magic = ascii(field(block, FIELD.magic));
  const prefix = magic.startsWith('ustar') ? text(field(block, FIELD.prefix)) : '';
  const name = text(field(block, FIELD.name));
  return {
    // GNU's "ustar  " magic has no prefix field (that space holds times); POSIX ustar's has.
    name: prefix !== '' && magic === 'ustar\u000000' ? `${prefix}/${name}` : name,
    mode: number(field(block, FIELD.mode), 'mode') & 0o7777,
    size: number(field(block, FIELD.size), 'size'),
    mtime: number(field(block, FIELD.mtime), 'mtime'),
    typeFlag: String.fromCharCode(block[156] ?? 0),
    linkname: text(field(block, FIELD.linkname)),
  };
}

function writeText(block: Uint8Array, [offset, length]: readonly [number, number], value: string): void {
  block.set(encoder.encode(value).subarray(0, length), offset);
}

function writeOctal(block: Uint8Array, [offset, length]: readonly [number, number], value: number): void {
  writeText(block, [offset, length], value.toString(8).padStart(length - 1, '0'));
}

/** Whether a value fits a ustar field as it is (ASCII, short enough), or needs a PAX record. */
export function fitsField(value: string, which: 'name' | 'linkname'): boolean {
  return /^[\x20-\x7e]*$/.test(value) && value.length <= FIELD[which][1];
}

/** Octal size fields hold 11 digits: 8 GiB - 1. */
export const MAX_OCTAL_SIZE = 0o77777777777;

export function encodeHeader(header: RawHeader): Uint8Array {
  const block = new Uint8Array(BLOCK);
  writeText(block, FIELD.name, header.name);
  writeOctal(block, FIELD.mode, header.mode);
  writeOctal(block, FIELD.uid, 0);
  writeOctal(block, FIELD.gid, 0);
  writeOctal(block, FIELD.size, header.size);
  writeOctal(block, FIELD.mtime, header.mtime);
  writeText(block, FIELD.type, header.typeFlag);
  writeText(block, FIELD.linkname, header.linkname);
  writeText(block, FIELD.magic, 'ustar\0');
  writeText(block, FIELD.version, '00');
  const { unsigned } = checksumOf(block);
  writeText(block, FIELD.checksum, `${unsigned.toString(8).padStart(6, '0')}\0 `);
  return block;
}

/** Zero bytes that pad `size` bytes of data to a whole block. */
export function paddingOf(size: number): number {
  return (BLOCK - (size % BLOCK)) % BLOCK;
}

/** Bytes as one character each (header fields that must be ASCII: numbers, magic). */
export function ascii(bytes: Uint8Array): string {
  return String.fromCharCode(...bytes);
}
