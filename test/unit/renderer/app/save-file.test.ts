import { describe, expect, it } from 'vitest';
import { logFileName } from '../../../../renderer/src/app/save-file.ts';

describe('log file names', () => {
  it('come from the tab title without characters file systems refuse, with the time', () => {
    const now = new Date('2024-05-01T12:34:56Z');
    expect(logFileName('web-1/app', now)).toBe('web-1_app 2024-05-01-12-34-56.log');
    expect(logFileName('a:b*c?"<>|', now)).toBe('a_b_c_ 2024-05-01-12-34-56.log');
    expect(logFileName('  ', now)).toBe('logs 2024-05-01-12-34-56.log');
  });
});
