import { describe, expect, it } from 'vitest';
import { tooltipWithKey } from '../../../../renderer/src/lib/tooltip.ts';

describe('tooltipWithKey', () => {
  it('puts the key in parentheses after the text', () => {
    expect(tooltipWithKey('Shell', 'Enter')).toBe('Shell (Enter)');
  });

  it('is the text alone without a key', () => {
    expect(tooltipWithKey('Settings', undefined)).toBe('Settings');
    expect(tooltipWithKey('Settings', '')).toBe('Settings');
  });
});
