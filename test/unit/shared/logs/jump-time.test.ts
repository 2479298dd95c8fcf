import { describe, expect, it } from 'vitest';
import { resolveJumpTime } from '../../../../shared/logs/jump-time.ts';

const NOW = Date.parse('2024-05-01T12:30:00Z');

describe('resolveJumpTime', () => {
  it.each([
    ['12:03', '2024-05-01T12:03:00.000Z'],
    ['9:05:30', '2024-05-01T09:05:30.000Z'],
    ['13:00', '2024-04-30T13:00:00.000Z'],
    ['-5m', '2024-05-01T12:25:00.000Z'],
    ['-90s', '2024-05-01T12:28:30.000Z'],
    ['-2h', '2024-05-01T10:30:00.000Z'],
    ['-1d', '2024-04-30T12:30:00.000Z'],
    ['2024-05-01T11:00:00Z', '2024-05-01T11:00:00.000Z'],
    [' 2024-05-01T11:00:00.123456789Z ', '2024-05-01T11:00:00.123Z'],
    ['2024-05-01T13:00:00+02:00', '2024-05-01T11:00:00.000Z'],
  ])('reads %j as %s', (input, expected) => {
    const result = resolveJumpTime(input, NOW);
    expect(result.ok && new Date(result.epochMillis).toISOString()).toBe(expected);
  });

  it.each(['24:00', '12:60', '12', 'yesterday', '-5y', '2024-05-01', '2024-13-01T00:00:00Z', ''])('refuses %j with a hint', (input) => {
    const result = resolveJumpTime(input, NOW);
    expect(result.ok).toBe(false);
    expect(!result.ok && result.error).toMatch(/is not a time/);
  });
});
