import { describe, expect, it } from 'vitest';
import { scanLogfmt } from '../../../../shared/logs/logfmt.ts';

function pairs(text: string): { valid: boolean; pairs: Array<[string, string]> } {
  const found: Array<[string, string]> = [];
  const valid = scanLogfmt(text, (key, value) => found.push([key, value]));
  return { valid, pairs: found };
}

describe('scanLogfmt', () => {
  it('reads bare and quoted values, escapes and empty values', () => {
    expect(pairs('time=2024-05-01T12:00:00Z level=warn msg="disk \\"almost\\" full" path=/var empty= ünï=ç')).toEqual({
      valid: true,
      pairs: [['time', '2024-05-01T12:00:00Z'], ['level', 'warn'], ['msg', 'disk "almost" full'], ['path', '/var'], ['empty', ''], ['ünï', 'ç']],
    });
  });

  it.each(['GET /healthz 200', 'status=500 and more prose', 'msg="unterminated', 'a="x"y', '=value', 'a=b"c', '', '   '])('refuses %j', (text) => {
    expect(pairs(text).valid).toBe(false);
  });
});
