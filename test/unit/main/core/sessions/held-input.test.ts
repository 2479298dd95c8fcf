import { describe, expect, it } from 'vitest';
import { DEFAULT_HELD_INPUT_LIMIT, HeldInput } from '../../../../../main/core/sessions/held-input.ts';

const bytes = (text: string): Uint8Array => new TextEncoder().encode(text);

describe('HeldInput', () => {
  it('keeps copies in order, so the caller may reuse its buffer', () => {
    const held = new HeldInput();
    const buffer = bytes('ab');
    held.add(buffer);
    buffer[0] = 0x7a;
    held.add(bytes('c'));
    expect(held.chunks.map((chunk) => Buffer.from(chunk).toString())).toEqual(['ab', 'c']);
    expect(held.size).toBe(3);
    expect(held.limit).toBe(DEFAULT_HELD_INPUT_LIMIT);
  });

  it('refuses what would exceed the limit and keeps nothing of it', () => {
    const held = new HeldInput(4);
    expect(held.add(bytes('abc'))).toBe(true);
    expect(held.add(bytes('de'))).toBe(false);
    expect(held.add(bytes('d'))).toBe(true);
    expect(held.size).toBe(4);
    expect(held.chunks.length).toBe(2);
  });

  it('remembers a stdin close until cleared', () => {
    const held = new HeldInput();
    held.add(bytes('x'));
    held.closeStdin();
    expect(held.stdinClosed).toBe(true);
    held.clear();
    expect([held.size, held.chunks.length, held.stdinClosed]).toEqual([0, 0, false]);
  });

  it('refuses a limit that is not a whole number of bytes', () => {
    expect(() => new HeldInput(-1)).toThrow(/held input limit must be a whole number of bytes, got -1/);
  });
});
