import { describe, expect, it } from 'vitest';
import { MemoryPacer } from '../../../../../main/core/files/memory-pacer.ts';

describe('MemoryPacer', () => {
  it("fixes V8's heap growing factor from a transfer's first bytes until its end", () => {
    const flags: string[] = [];
    const pacer = new MemoryPacer((set) => flags.push(set));
    pacer.end();
    expect(flags).toEqual([]);
    pacer.moved(1024);
    pacer.moved(1024);
    expect(flags).toEqual(['--heap-growing-percent=100']);
    pacer.end();
    pacer.end();
    expect(flags).toEqual(['--heap-growing-percent=100', '--heap-growing-percent=0']);
  });

  it("gives V8 its own factor back only when the last of overlapping transfers ends", () => {
    const flags: string[] = [];
    const first = new MemoryPacer((set) => flags.push(set));
    const second = new MemoryPacer((set) => flags.push(set));
    first.moved(1);
    second.moved(1);
    first.end();
    expect(flags).toEqual(['--heap-growing-percent=100']);
    second.end();
    expect(flags).toEqual(['--heap-growing-percent=100', '--heap-growing-percent=0']);
    second.moved(1);
    expect(flags).toEqual(['--heap-growing-percent=100', '--heap-growing-percent=0', '--heap-growing-percent=100']);
    second.end();
  });
});
