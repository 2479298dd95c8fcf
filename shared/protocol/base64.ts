import { ProtocolError } from './protocol-error.ts';

// Standard base64 (RFC 4648 §4) with padding: the alphabet Go's base64.StdEncoding uses on the
// server side of base64.channel.k8s.io and base64.binary.k8s.io. Implemented here rather than with
// atob/btoa because those work on "binary strings", are not strict about padding, and throw a
// DOMException we would have to translate.

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const PAD = 0x3d; // '='

const ENCODE = new Uint8Array(64);
const DECODE = new Int8Array(256).fill(-1);
for (let i = 0; i < ALPHABET.length; i++) {
  const code = ALPHABET.charCodeAt(i);
  ENCODE[i] = code;
  DECODE[code] = i;
}

// Base64 output is ASCII, and ASCII is valid UTF-8, so the UTF-8 decoder turns the encoded bytes
// into a string natively instead of character by character.
const asciiText = new TextDecoder('utf-8');

/** Standard padded base64 of `bytes`. */
export function encodeBase64(bytes: Uint8Array): string {
  const length = bytes.length;
  const out = new Uint8Array(Math.ceil(length / 3) * 4);
  const wholeGroupsEnd = length - (length % 3);
  let o = 0;
  for (let i = 0; i < wholeGroupsEnd; i += 3) {
    const v = ((bytes[i] ?? 0) << 16) | ((bytes[i + 1] ?? 0) << 8) | (bytes[i + 2] ?? 0);
    out[o++] = ENCODE[v >>> 18] ?? 0;
    out[o++] = ENCODE[(v >>> 12) & 63] ?? 0;
    out[o++] = ENCODE[(v >>> 6) & 63] ?? 0;
    out[o++] = ENCODE[v & 63] ?? 0;
  }
  const rest = length - wholeGroupsEnd;
  if (rest > 0) {
    const v = ((bytes[wholeGroupsEnd] ?? 0) << 16) | (rest === 2 ? (bytes[wholeGroupsEnd + 1] ?? 0) << 8 : 0);
    out[o] = ENCODE[v >>> 18] ?? 0;
    out[o + 1] = ENCODE[(v >>> 12) & 63] ?? 0;
    out[o + 2] = rest === 2 ? (ENCODE[(v >>> 6) & 63] ?? 0) : PAD;
    out[o + 3] = PAD;
  }
  return asciiText.decode(out);
}

/**
 * Decodes standard padded base64, strictly: the length must be a multiple of 4, only the
 * 64-character alphabet is allowed (no whitespace, no URL-safe alphabet), padding only at the end,
 * and the unused bits before the padding must be zero (so each byte sequence has exactly one
 * accepted encoding). Anything else throws ProtocolError('bad-base64').
 *
 * A Uint8Array argument is read as the ASCII bytes of the text (a WebSocket text message as `ws`
 * delivers it). The result is always a new array.
 */
export function decodeBase64(text: string | Uint8Array): Uint8Array<ArrayBuffer> {
  const src = typeof text === 'string' ? asciiBytes(text) : text;
  const length = src.length;
  if (length % 4 !== 0) {
    throw new ProtocolError('bad-base64', `base64 text of length ${length} is not a multiple of 4 long`);
  }
  if (length === 0) return new Uint8Array(0);

  const padding = src[length - 1] !== PAD ? 0 : src[length - 2] !== PAD ? 1 : 2;
  const out = new Uint8Array((length / 4) * 3 - padding);
  const wholeQuadsEnd = padding === 0 ? length : length - 4;
  let o = 0;
  for (let i = 0; i < wholeQuadsEnd; i += 4) {
    const a = sextet(src, i);
    const b = sextet(src, i + 1);
    const c = sextet(src, i + 2);
    const d = sextet(src, i + 3);
    const v = (a << 18) | (b << 12) | (c << 6) | d;
    out[o++] = v >>> 16;
    out[o++] = (v >>> 8) & 255;
    out[o++] = v & 255;
  }
  if (padding === 0) return out;

  const i = wholeQuadsEnd;
  const a = sextet(src, i);
  const b = sextet(src, i + 1);
  out[o] = (a << 2) | (b >>> 4);
  if (padding === 2) {
    if ((b & 0x0f) !== 0) throw nonCanonical(i + 1);
  } else {
    const c = sextet(src, i + 2);
    if ((c & 0x03) !== 0) throw nonCanonical(i + 2);
    out[o + 1] = ((b & 0x0f) << 4) | (c >>> 2);
  }
  return out;
}

/** The 6-bit value of the alphabet character at `index`, or a ProtocolError naming it. */
function sextet(src: Uint8Array, index: number): number {
  const code = src[index] ?? PAD;
  const value = DECODE[code] ?? -1;
  if (value >= 0) return value;
  if (code === PAD) {
    throw new ProtocolError('bad-base64', `base64 padding '=' at offset ${index} is not at the end of the text`);
  }
  throw new ProtocolError('bad-base64', `invalid base64 character ${describeCode(code)} at offset ${index}`);
}

function nonCanonical(index: number): ProtocolError {
  return new ProtocolError('bad-base64', `base64 character at offset ${index} has non-zero bits after the data`);
}

/** The text's characters as bytes; any non-ASCII character is reported as a base64 error. */
function asciiBytes(text: string): Uint8Array {
  const bytes = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code > 0x7f) {
      throw new ProtocolError('bad-base64', `invalid base64 character ${describeCode(code)} at offset ${i}`);
    }
    bytes[i] = code;
  }
  return bytes;
}

function describeCode(code: number): string {
  const hex = `0x${code.toString(16).padStart(2, '0')}`;
  return code >= 0x21 && code <= 0x7e ? `'${String.fromCharCode(code)}' (${hex})` : hex;
}
