import { describe, expect, it } from 'vitest';
import { compileQuery, fuzzyMatch, matchedPrefixLength, matchedSuffixLength, mergeRanges, narrows, NO_MATCH, headScoreBound, partMatch, partScoreBound, score, searchable, spanScore, termRanges, TopMatches } from '../../../../renderer/src/lib/fuzzy.ts';

/** The highlighted characters of a match, as the text with [brackets]. */
function marked(query: string, text: string): string | null {
  const match = fuzzyMatch(query, text);
  if (match === null) return null;
  let out = '';
  let at = 0;
  for (const { start, end } of match.ranges) {
    out += `${text.slice(at, start)}[${text.slice(start, end)}]`;
    at = end;
  }
  return out + text.slice(at);
}

/** The texts in the order a query ranks them, non-matching ones left out. */
function ranked(query: string, texts: readonly string[], limit = 10): string[] {
  const compiled = compileQuery(query);
  const top = new TopMatches<string>(limit);
  for (const text of texts) {
    const value = score(compiled, searchable(text));
    if (value !== NO_MATCH) top.offer(text, value);
  }
  return top.best().map(({ item }) => item);
}

describe('fuzzy matching', () => {
  it('matches the query\'s characters in order, case-insensitively', () => {
    expect(marked('WEB', 'Open a shell: web-abc')).toBe('Open a shell: [web]-abc');
    expect(marked('osw', 'Open a shell: web-abc')).toBe('[O]pen a [s]hell: [w]eb-abc');
  });

  it('does not match characters out of order or missing ones', () => {
    expect(fuzzyMatch('bew', 'web')).toBeNull();
    expect(fuzzyMatch('webz', 'web-abc')).toBeNull();
    expect(fuzzyMatch('x', '')).toBeNull();
  });

  it('matches everything, highlighting nothing, for a blank query', () => {
    expect(fuzzyMatch('', 'web')).toEqual({ score: 0, ranges: [] });
    expect(fuzzyMatch('   ', 'web')).toEqual({ score: 0, ranges: [] });
    expect(ranked('', ['b', 'a', 'c'])).toEqual(['b', 'a', 'c']);
  });

  it('prefers word starts over the first occurrence', () => {
    expect(marked('fw', 'Forward a port: web-1')).toBe('[F]orward a port: [w]eb-1');
    expect(marked('ai', 'kind-admin · kind-infra')).toBe('kind-[a]dmin · kind-[i]nfra');
    expect(marked('si', 'shellInto')).toBe('[s]hell[I]nto');
  });

  it('prefers continuing a run over jumping to a word start', () => {
    expect(marked('web', 'web-ewb')).toBe('[web]-ewb');
  });

  it('picks the occurrence that starts the best run, among those that leave room for the rest', () => {
    expect(marked('ab', 'a-x-ab')).toBe('a-x-[ab]');
    // 'ab' at the end is the better run, but 'c' must come after 'b'.
    expect(marked('abc', 'xab-c-ab')).toBe('x[ab]-[c]-ab');
    expect(marked('aab', 'a-ab')).toBe('[a]-[ab]');
  });

  it('ranks consecutive runs, word starts and prefixes higher', () => {
    expect(ranked('web', ['w-e-b', 'awebsite', 'web-1', 'we b'])).toEqual(['web-1', 'we b', 'awebsite', 'w-e-b']);
    expect(ranked('log', ['Open a shell: blog-1', 'Open logs: api-1'])).toEqual(['Open logs: api-1', 'Open a shell: blog-1']);
    expect(ranked('pf', ['Port-forwards', 'Open a shell: perf-1'])).toEqual(['Port-forwards', 'Open a shell: perf-1']);
  });

  it('needs every space-separated term to match, in any order', () => {
    expect(marked('web shell', 'Open a shell: web-1')).toBe('Open a [shell]: [web]-1');
    expect(fuzzyMatch('web logs', 'Open a shell: web-1')).toBeNull();
  });

  it('folds non-Latin text, keeps positions when lower-casing changes a length, and matches astral characters', () => {
    expect(marked('ПОД', 'под-1')).toBe('[под]-1');
    expect(marked('ß', 'STRAßE')).toBe('STRA[ß]E');
    expect(marked('x', 'İx')).toBe('İ[x]');
    expect(marked('🚀', 'launch 🚀 now')).toBe('launch [🚀] now');
  });

  it('keeps only the best `limit` matches, best first, equal scores in the items\' order', () => {
    const texts = Array.from({ length: 1000 }, (_, i) => `pod-${i}`);
    expect(ranked('pod-99', texts, 3)).toEqual(['pod-99', 'pod-990', 'pod-991']);
    expect(ranked('p', texts, 2)).toEqual(['pod-0', 'pod-1']);
  });

  it('tells when a query only extends the previous one, so its matches are among the previous ones', () => {
    expect(narrows(compileQuery('w'), compileQuery('w2'))).toBe(true);
    expect(narrows(compileQuery('w'), compileQuery('w 2'))).toBe(true);
    expect(narrows(compileQuery('w2'), compileQuery('w'))).toBe(false);
  });

  it('keeps nothing for a limit of 0, and the first offered of equal scores', () => {
    const none = new TopMatches<string>(0);
    none.offer('a', 1);
    expect(none.best()).toEqual([]);
    const two = new TopMatches<string>(2);
    for (const [item, value] of [['a', 1], ['b', 3], ['c', 3], ['d', 2]] as const) two.offer(item, value);
    expect(two.best()).toEqual([{ item: 'b', score: 3 }, { item: 'c', score: 3 }]);
  });

  it('bounds what a part of a term can score in any text', () => {
    let seed = 5;
    const random = (below: number) => (seed = (seed * 1103515245 + 12345) % 2 ** 31) % below;
    const letters = 'aAbB-c .d';
    const word = (length: number) => Array.from({ length }, () => letters[random(letters.length)]).join('');
    let scored = 0;
    for (let i = 0; i < 3000; i++) {
      const term = word(2 + random(5)).toLowerCase().replace(/ /g, '');
      if (term.length < 2) continue;
      const start = 1 + random(term.length - 1);
      const found = partMatch(term, searchable(word(random(24))), start);
      if (found === null) continue;
      scored++;
      expect(found.score).toBeLessThanOrEqual(partScoreBound(term.length - start));
      // And its first characters, up to any split: the head of a term across two texts.
      const head = partMatch(term, searchable(word(random(24))), 0, start);
      if (head !== null) expect(head.score).toBeLessThanOrEqual(headScoreBound(start));
    }
    expect(scored).toBeGreaterThan(100);
    // Reached where every character starts the text or a word: "a" at the start, then "a-b".
    expect(partMatch('a', searchable('a'), 0, 1)?.score).toBe(headScoreBound(1));
    expect(partMatch('ab', searchable('a-b'), 0, 2)?.score).toBeLessThanOrEqual(headScoreBound(2));
  });

  it('keeps an item only above its floor, so a caller may skip making the others', () => {
    const kept = new TopMatches<number>(3);
    const offered = new TopMatches<number>(3);
    expect(kept.floor).toBe(NO_MATCH);
    // A fixed pseudo-random walk of scores, ties included.
    for (let i = 0, value = 7; i < 200; i++, value = (value * 31 + 11) % 23) {
      if (value > kept.floor) kept.offer(i, value);
      offered.offer(i, value);
    }
    expect(kept.best()).toEqual(offered.best());
    expect(kept.floor).toBe(kept.best().at(-1)?.score);
    expect(new TopMatches<number>(0).floor).toBeGreaterThan(2 ** 30);
  });

  it('measures the longest prefix and suffix of a term a text matches in order, for matches across two texts', () => {
    expect(matchedPrefixLength('shdev', searchable('Open a shell'))).toBe(2);
    expect(matchedSuffixLength('shdev', searchable('api-0 (default · dev)'))).toBe(3);
    expect(matchedPrefixLength('xyz', searchable('abc'))).toBe(0);
    expect(matchedSuffixLength('abc', searchable('abc'))).toBe(3);
    expect(matchedSuffixLength('abc', searchable(''))).toBe(0);
  });

  it('scores a term across two texts as it would score their joined text, without joining them', () => {
    const [name, pod] = [searchable('Open a shell'), searchable('api-0 (default · dev)')];
    const whole = score(compileQuery('shdev'), searchable('Open a shell: api-0 (default · dev)'));
    const [head, tail] = [partMatch('shdev', name, 0, 2), partMatch('shdev', pod, 2)];
    expect(head).toEqual({ score: expect.any(Number), before: 'Open a '.length, after: 'ell'.length });
    expect(spanScore(head!, tail!, ': '.length)).toBe(whole);
    // Farther apart, a longer gap: it scores less.
    expect(spanScore(head!, tail!, ': a long way: '.length)).toBeLessThan(whole);
    expect(partMatch('shdev', name, 0, 3)).toBeNull();
  });

  it('marks one term\'s characters, shifted to where the text sits in a longer one, and merges ranges that touch', () => {
    expect(termRanges('web', searchable('web-1'), 14)).toEqual([{ start: 14, end: 17 }]);
    expect(termRanges('zz', searchable('web-1'))).toEqual([]);
    expect(mergeRanges([{ start: 5, end: 7 }, { start: 0, end: 2 }, { start: 2, end: 3 }, { start: 6, end: 9 }])).toEqual([{ start: 0, end: 3 }, { start: 5, end: 9 }]);
  });
});
