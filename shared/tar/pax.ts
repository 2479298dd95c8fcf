// PAX extended header records ("<length> <key>=<value>\n", the length counting the whole record),
// which carry what a ustar header cannot: long or non-ASCII paths and link targets, large sizes.
import { TarError, ascii } from './tar-header.ts';

const encoder = new TextEncoder();
const utf8 = new TextDecoder('utf-8', { fatal: true });

export function encodePax(records: ReadonlyMap<string, string>): Uint8Array {
  const parts: Uint8Array[] = [];
  for (const [key, value] of records) {
    const body = encoder.encode(` ${key}=${value}\n`);
    // The length counts its own digits: grow it until it fits.
    let length = body.length + 1;
    while (String(length).length + body.length > length) length++;
    parts.push(encoder.encode(String(length)), body);
  }
  const total = parts.reduce((sum, part) => sum + part.length, 0);
  const out = new Uint8Array(total);
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}

export function decodePax(data: Uint8Array, entry: string): Map<string, string> {
  const records = new Map<string, string>();
  let at = 0;
  while (at < data.length) {
    // Some writers pad the extended data with NULs.
    if (data[at] === 0) break;
    const space = data.indexOf(0x20, at);
    const length = space === -1 ? NaN : Number(ascii(data.subarray(at, space)));
    if (!Number.isInteger(length) || length <= 0 || at + length > data.length || data[at + length - 1] !== 0x0a) {
      throw new TarError(`Malformed PAX record at byte ${at} of the extended header before ${entry}`);
    }
    let record: string;
    try {
      record = utf8.decode(data.subarray(space + 1, at + length - 1));
    } catch {
      throw new TarError(`A PAX record before ${entry} is not UTF-8`);
    }
    const equals = record.indexOf('=');
    if (equals <= 0) throw new TarError(`Malformed PAX record before ${entry}: ${JSON.stringify(record.slice(0, 80))}`);
    records.set(record.slice(0, equals), record.slice(equals + 1));
    at += length;
  }
  return records;
}
