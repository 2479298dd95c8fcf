// sha256sum's output as GNU coreutils and busybox write it, names with spaces and newlines included.
import { describe, expect, it } from 'vitest';
import { parseSha256sum } from '../../../../../main/core/files/remote-hashes.ts';

const A = 'a'.repeat(64);
const B = 'b'.repeat(64);
const C = 'c'.repeat(64);

describe('parseSha256sum', () => {
  it('reads plain lines, dropping the "./" the names were given with', () => {
    expect(parseSha256sum(`${A}  ./x/plain.txt\n${B}  ./x/with space\n`)).toEqual(new Map([['x/plain.txt', A], ['x/with space', B]]));
  });

  it("reads busybox's unescaped newline in a name", () => {
    expect(parseSha256sum(`${A}  ./new\nline\n${B}  ./next\n`)).toEqual(new Map([['new\nline', A], ['next', B]]));
  });

  it("reads GNU's escaped names (a leading backslash, \\n and \\\\ inside)", () => {
    expect(parseSha256sum(`\\${A}  ./new\\nline\n\\${B}  ./back\\\\slash\n${C}  ./ü ☃\n`)).toEqual(
      new Map([['new\nline', A], ['back\\slash', B], ['ü ☃', C]]),
    );
  });

  it('reads nothing from nothing', () => {
    expect(parseSha256sum('')).toEqual(new Map());
  });
});
