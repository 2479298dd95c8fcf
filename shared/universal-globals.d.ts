// shared/ compiles without Node or DOM typings. These WHATWG Encoding classes exist in every
// environment shared/ runs in (Node, Electron's renderer, browsers, workers), so they are the only
// host globals shared/ may use. Declared minimally: just what shared/ needs.
declare class TextDecoder {
  constructor(label?: 'utf-8', options?: { fatal?: boolean; ignoreBOM?: boolean });
  decode(input?: Uint8Array, options?: { stream?: boolean }): string;
}
declare class TextEncoder {
  encode(input?: string): Uint8Array<ArrayBuffer>;
}
