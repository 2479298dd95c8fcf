import { describe, expect, it } from 'vitest';
import { parseAnsi, PLAIN_STYLE } from '../../../../renderer/src/lib/ansi.ts';
import { compileFilter } from '../../../../renderer/src/lib/log-filter.ts';
import { highlightSegments, podColor, rowSegments } from '../../../../renderer/src/lib/log-row.ts';

const E = '\u001b';
const simple = (segments: ReturnType<typeof highlightSegments>) =>
  segments.map((s) => `${s.highlighted ? '[' : ''}${s.text}${s.highlighted ? ']' : ''}${s.style === PLAIN_STYLE ? '' : '*'}`);

describe('highlightSegments', () => {
  it('cuts styled spans where matches start and end, keeping each part its colour', () => {
    const line = parseAnsi(`ok ${E}[31mred error${E}[0m done`);
    // "red error" is spans [3,12) red; highlight "d er" [5,9) across the red span and "do" in the plain tail.
    expect(simple(highlightSegments(line, [[5, 9], [13, 15]]))).toEqual(['ok ', 're*', '[d er]*', 'ror*', ' ', '[do]', 'ne']);
  });

  it('handles a match that covers several spans, and no matches', () => {
    const line = parseAnsi(`a${E}[1mb${E}[0mc`);
    expect(simple(highlightSegments(line, [[0, 3]]))).toEqual(['[a]', '[b]*', '[c]']);
    expect(simple(highlightSegments(line, []))).toEqual(['a', 'b*', 'c']);
  });
});

describe('rowSegments', () => {
  it('highlights filter matches in the visible text of a coloured line', () => {
    const result = compileFilter({ pattern: 'error', mode: 'text', ignoreCase: false });
    if (!result.ok) throw new Error(result.error.message);
    expect(simple(rowSegments(`${E}[31merr${E}[1mor${E}[0m!`, result.filter))).toEqual(['[err]*', '[or]*', '!']);
    expect(simple(rowSegments('no filter', null))).toEqual(['no filter']);
  });
});

describe('podColor', () => {
  it('gives neighbouring pods clearly different hues', () => {
    const hues = [0, 1, 2, 3].map((i) => Number(/hsl\((\d+)/.exec(podColor(i))?.[1]));
    for (let i = 1; i < hues.length; i++) {
      const distance = Math.abs((hues[i] ?? 0) - (hues[i - 1] ?? 0)) % 360;
      expect(Math.min(distance, 360 - distance)).toBeGreaterThan(90);
    }
  });

  it('does not give the first pod the red of errors', () => {
    const hue = Number(/hsl\((\d+)/.exec(podColor(0))?.[1]);
    expect(Math.min(hue, 360 - hue)).toBeGreaterThan(60);
  });
});
