import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  broadcastConfirmation,
  globMatches,
  isProduction,
  pasteConfirmation,
  pasteLines,
  PREVIEW_LINE_LENGTH,
  PRODUCTION_PATTERN_MAX_LENGTH,
  productionPatternProblem,
  productionReason,
} from '../../../../renderer/src/app/production.ts';

describe('globMatches', () => {
  it('matches the whole name with * for any run and ? for one character, ignoring case', () => {
    expect(globMatches('*prod*', 'eu-prod-1')).toBe(true);
    expect(globMatches('*prod*', 'Prod')).toBe(true);
    expect(globMatches('*prod*', 'staging')).toBe(false);
    expect(globMatches('prod-?', 'prod-1')).toBe(true);
    expect(globMatches('prod-?', 'prod-12')).toBe(false);
    expect(globMatches('admin', 'admin')).toBe(true);
    expect(globMatches('admin', 'admin2')).toBe(false);
    expect(globMatches('a*b*c', 'aXbYbZc')).toBe(true);
    expect(globMatches('a*b*c', 'aXbYbZ')).toBe(false);
    expect(globMatches('*', '')).toBe(true);
    expect(globMatches('?', '')).toBe(false);
  });

  it('treats regular-expression characters as themselves', () => {
    expect(globMatches('gke.prod', 'gke.prod')).toBe(true);
    expect(globMatches('gke.prod', 'gkeXprod')).toBe(false);
    expect(globMatches('a+(b)', 'a+(b)')).toBe(true);
  });

  it('agrees with an equivalent regular expression (property)', () => {
    const pattern = fc.stringMatching(/^[ab*?]{0,8}$/);
    const name = fc.stringMatching(/^[ab]{0,12}$/);
    fc.assert(
      fc.property(pattern, name, (p, s) => {
        const regex = new RegExp(`^${p.replaceAll('*', '.*').replaceAll('?', '.')}$`, 'i');
        expect(globMatches(p, s)).toBe(regex.test(s));
      }),
    );
  });
});

describe('productionPatternProblem', () => {
  it('accepts * and ? patterns and the empty one', () => {
    expect(productionPatternProblem('*prod*')).toBeNull();
    expect(productionPatternProblem('')).toBeNull();
    expect(productionPatternProblem('gke_*_prod-?')).toBeNull();
  });

  it('refuses other globs\' syntax, control characters and overlong patterns, saying why', () => {
    expect(productionPatternProblem('prod-[12]')).toBe('only * and ? are wildcards; "[" is not allowed');
    expect(productionPatternProblem('{prod,live}')).toBe('only * and ? are wildcards; "{" is not allowed');
    expect(productionPatternProblem('prod\n')).toBe('the pattern contains a control character');
    expect(productionPatternProblem('x'.repeat(PRODUCTION_PATTERN_MAX_LENGTH + 1))).toBe(`the pattern is longer than ${PRODUCTION_PATTERN_MAX_LENGTH} characters`);
  });
});

describe('isProduction', () => {
  const rule = { productionContexts: ['admin'], productionPattern: '*prod*' };

  it('is production when listed or when the pattern matches, and says which', () => {
    expect(productionReason('admin', rule)).toBe('listed');
    expect(productionReason('eu-prod', rule)).toBe('pattern');
    expect(productionReason('dev', rule)).toBeNull();
    expect(isProduction('eu-prod', rule)).toBe(true);
    expect(isProduction('dev', rule)).toBe(false);
  });

  it('matches nothing by pattern when the pattern is empty', () => {
    expect(isProduction('eu-prod', { productionContexts: [], productionPattern: '' })).toBe(false);
  });
});

describe('what is asked', () => {
  it('counts a paste\'s lines as a shell runs them', () => {
    expect(pasteLines('ls')).toEqual(['ls']);
    expect(pasteLines('ls\n')).toEqual(['ls']);
    expect(pasteLines('a\r\nb\rc\n\nd\n')).toEqual(['a', 'b', 'c', '', 'd']);
    expect(pasteLines('')).toEqual(['']);
  });

  it('shows the first lines of a paste, each cut short, and how many there are', () => {
    const long = 'x'.repeat(PREVIEW_LINE_LENGTH + 10);
    const text = [long, 'b', 'c', 'd', 'e', 'f', 'g'].join('\n');
    expect(pasteConfirmation(text, ['prod-eu'])).toEqual({
      title: 'Paste 7 lines into production?',
      message: 'Each line may run as a command as soon as it arrives.',
      contexts: ['prod-eu'],
      preview: { lines: [`${'x'.repeat(PREVIEW_LINE_LENGTH)}…`, 'b', 'c', 'd', 'e'], total: 7 },
      confirmLabel: 'Paste 7 lines',
    });
    expect(pasteConfirmation('a\nb', []).preview).toEqual({ lines: ['a', 'b'], total: 2 });
  });

  it('says how many terminals a broadcast reaches and how many are production', () => {
    expect(broadcastConfirmation('start', 3, 1, ['admin'])).toEqual({
      title: 'Broadcast into production?',
      message: 'What you type in one of these terminals will go to all 3 terminals, 1 of them in production.',
      contexts: ['admin'],
      confirmLabel: 'Turn broadcast on',
    });
    expect(broadcastConfirmation('input', 1, 1, ['admin']).message).toBe('What you type now goes to 1 terminal, 1 of them in production (joined since broadcast was turned on).');
  });
});
