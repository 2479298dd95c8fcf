import { describe, expect, it } from 'vitest';
import { chipToneOf } from '../../../../renderer/src/lib/chip-tone.ts';

describe('chipToneOf', () => {
  it('maps each status tone onto a chip tone', () => {
    expect(chipToneOf('ok')).toBe('ok');
    expect(chipToneOf('warning')).toBe('warn');
    expect(chipToneOf('error')).toBe('error');
    expect(chipToneOf('pending')).toBe('muted');
    expect(chipToneOf('done')).toBe('muted');
  });
});
