// Fuzzy matching for pickers, fzf and VS Code style: the query's characters must appear in the
// text in order, case-insensitively; a match scores higher when its characters are consecutive and
// when they start words ("web-abc", "shellInto", "kind-admin"). Space-separated terms must all
// match, in any order ("web shell" finds "Open a shell: web-1").
//
// Built to rank tens of thousands of texts per keystroke: a text is folded to lower case once
// (`searchable`), a query once (`compileQuery`); scoring a text allocates nothing (one pass of
// native indexOf per query character, then a greedy walk over the feasible window) and only the
// best `limit` texts are kept (sorted insertion into a bounded list); match positions are computed
// for those few only.

/** A text prepared for matching: its lower-case form has the same length, index for index. */
export interface Searchable {
  readonly text: string;
  readonly folded: string;
}

/** A highlighted part of a text: [start, end) in UTF-16 code units. */
export interface MatchRange {
  readonly start: number;
  readonly end: number;
}

export interface FuzzyQuery {
  /** The lower-case terms; none for a blank query, which matches everything with score 0. */
  readonly terms: readonly string[];
  readonly source: string;
}

/** Lower case, keeping each code unit where it is: a letter whose lower case is longer (İ) stays as it is. */
function fold(text: string): string {
  const lower = text.toLowerCase();
  if (lower.length === text.length) return lower;
  let folded = '';
  for (const char of text) {
    const low = char.toLowerCase();
    folded += low.length === char.length ? low : char;
  }
  return folded;
}

export function searchable(text: string): Searchable {
  return { text, folded: fold(text) };
}

export function compileQuery(query: string): FuzzyQuery {
  return { source: query, terms: query.split(/\s+/u).filter((term) => term !== '').map(fold) };
}

const SCORE_MATCH = 16;
/** A character that starts a word: after a separator or at a lower-to-upper case change. */
const BONUS_WORD_START = 8;
/** The text's first character, the start of the strongest word. */
const BONUS_FIRST = 10;
/**
 * Follows the previous matched character: worth more than a word start after a gap, so a run
 * ("awebsite" for "web") beats single letters scattered over word starts ("w-e-b"), as in VS Code.
 */
const BONUS_CONSECUTIVE = 16;
/** The first query character counts its position bonus this many times, as in fzf. */
const FIRST_CHAR_MULTIPLIER = 2;
const PENALTY_GAP_START = 3;
const PENALTY_GAP_EXTENSION = 1;
/**
 * Not a match. Scores themselves can be negative (a long gap costs more than a match earns), but
 * never this low. An integer, not -Infinity: scores then stay small integers, which V8 keeps
 * unboxed; with a double among them every score summed or passed on was a heap number, some 5 MB
 * of garbage per keystroke over 60,000 palette entries and collections of up to 100 ms.
 */
export const NO_MATCH = -(2 ** 30);

/** Characters after which a word starts, by char code: space - _ . / : ( ) · @ = , [ ] and tab. */
const SEPARATORS = ' -_./:()·@=,[]\t';
/**
 * 1 at each separator's char code (all below 256): an array read per candidate position, not a Set
 * lookup (isWordStart was 5-8% of the palette's search profile over 10,000 pods).
 */
const SEPARATOR_CODES = Uint8Array.from({ length: 256 }, (_, code) => (SEPARATORS.includes(String.fromCharCode(code)) ? 1 : 0));

// Char codes, and strings only outside ASCII: these run for every candidate position of every text.
function isUpperAt(text: string, index: number): boolean {
  const code = text.charCodeAt(index);
  if (code < 128) return code >= 65 && code <= 90;
  const char = text.charAt(index);
  return char !== char.toLowerCase();
}

function isLowerAt(text: string, index: number): boolean {
  const code = text.charCodeAt(index);
  if (code < 128) return code >= 97 && code <= 122;
  const char = text.charAt(index);
  return char !== char.toUpperCase();
}

function isWordStart(text: string, index: number): boolean {
  if (index === 0) return true;
  if (SEPARATOR_CODES[text.charCodeAt(index - 1)] === 1) return true;
  // camelCase: a capital after a lower-case letter.
  return isUpperAt(text, index) && isLowerAt(text, index - 1);
}

function positionBonus(text: string, index: number): number {
  if (index === 0) return BONUS_FIRST;
  return isWordStart(text, index) ? BONUS_WORD_START : 0;
}

// Reused between calls: scoring allocates nothing. Grown when a term is longer than before.
let latest = new Int32Array(64);
let chosen = new Int32Array(64);

function ensureCapacity(length: number): void {
  if (length <= latest.length) return;
  latest = new Int32Array(length * 2);
  chosen = new Int32Array(length * 2);
}

/**
 * Scores one term (or its characters [start, end)) against a text and leaves the chosen positions
 * in `chosen[start..end)`; NO_MATCH when they are not a subsequence of the text. Only the term's
 * own first character counts its position bonus twice: a part from `start` > 0 goes on a match.
 *
 * First, from the end, the latest index each term character can take with the rest still fitting
 * after it (`latest`). Then, from the start, each character takes, within [after the previous,
 * latest], the position right after the previous match if it can, else the occurrence that starts
 * the best run (word start bonus plus the query characters that follow it there), the earliest of
 * equals: close to what fzf's and VS Code's scorers find, without their table per text.
 */
export function termScore(term: string, target: Searchable, start = 0, end = term.length): number {
  const { text, folded } = target;
  ensureCapacity(end);
  let at = folded.length;
  for (let i = end - 1; i >= start; i--) {
    at = at === 0 ? -1 : folded.lastIndexOf(term.charAt(i), at - 1);
    if (at === -1) return NO_MATCH;
    latest[i] = at;
  }
  let score = 0;
  let previous = -1;
  for (let i = start; i < end; i++) {
    const char = term.charAt(i);
    const limit = latest[i] as number;
    let pick: number;
    if (previous >= 0 && previous + 1 <= limit && folded.charAt(previous + 1) === char) {
      pick = previous + 1;
    } else {
      // The candidate worth most: its own bonus plus the run of query characters that follow it.
      pick = -1;
      let best = -1;
      for (let candidate = folded.indexOf(char, previous + 1); candidate !== -1 && candidate <= limit; candidate = folded.indexOf(char, candidate + 1)) {
        let run = 0;
        while (i + run + 1 < end && folded.charCodeAt(candidate + run + 1) === term.charCodeAt(i + run + 1)) run++;
        const value = positionBonus(text, candidate) + BONUS_CONSECUTIVE * run;
        if (value > best) {
          best = value;
          pick = candidate;
        }
      }
    }
    chosen[i] = pick;
    const bonus = positionBonus(text, pick);
    score += SCORE_MATCH + (i === 0 ? bonus * FIRST_CHAR_MULTIPLIER : bonus);
    if (i > start) {
      score += gapScore(pick - previous - 1);
    }
    previous = pick;
  }
  return score;
}

/** What the characters between two matched ones earn: a run, or a gap that costs more the longer it is. */
function gapScore(gap: number): number {
  return gap === 0 ? BONUS_CONSECUTIVE : -(PENALTY_GAP_START + PENALTY_GAP_EXTENSION * (gap - 1));
}

/** A part of a term matched in a text: its score, and the text's characters before its first match and after its last. */
export interface PartMatch {
  readonly score: number;
  readonly before: number;
  readonly after: number;
}

/** The term's characters [start, end) matched in the text (termScore); null when they do not fit. */
export function partMatch(term: string, target: Searchable, start: number, end = term.length): PartMatch | null {
  const value = termScore(term, target, start, end);
  if (value === NO_MATCH) return null;
  return { score: value, before: chosen[start] as number, after: target.text.length - 1 - (chosen[end - 1] as number) };
}

/**
 * The most `length` characters of a term after its first can score (termScore from a start > 0):
 * each the best position bonus, each after the first following the one before.
 */
export function partScoreBound(length: number): number {
  return length * (SCORE_MATCH + Math.max(BONUS_FIRST, BONUS_WORD_START)) + (length - 1) * BONUS_CONSECUTIVE;
}

/** The most a term's first `length` characters can score (termScore from its start): the first counts its bonus twice. */
export function headScoreBound(length: number): number {
  return partScoreBound(length) + (FIRST_CHAR_MULTIPLIER - 1) * Math.max(BONUS_FIRST, BONUS_WORD_START);
}

/**
 * A term that spans two texts shown one after the other, `between` characters apart (a palette
 * entry's action name, then its pod): its first part matched in the first text (`head`), the rest
 * in the second (`tail`). Scores as the joined text would, without making that text: for 10,000s
 * of entries making them cost more than scoring them, and a pod's part serves all its actions.
 */
export function spanScore(head: PartMatch, tail: PartMatch, between: number): number {
  return head.score + tail.score + gapScore(head.after + between + tail.before);
}

/** How many of the term's first characters appear in the text in order: the longest prefix it matches. */
export function matchedPrefixLength(term: string, target: Searchable): number {
  let at = -1;
  for (let i = 0; i < term.length; i++) {
    at = target.folded.indexOf(term.charAt(i), at + 1);
    if (at === -1) return i;
  }
  return term.length;
}

/** How many of the term's last characters appear in the text in order: the longest suffix it matches. */
export function matchedSuffixLength(term: string, target: Searchable): number {
  let at = target.folded.length;
  for (let i = term.length - 1; i >= 0; i--) {
    at = at === 0 ? -1 : target.folded.lastIndexOf(term.charAt(i), at - 1);
    if (at === -1) return term.length - 1 - i;
  }
  return term.length;
}

/** The score of a text for a query: NO_MATCH, or any number (0 for every text under a blank query). */
export function score(query: FuzzyQuery, target: Searchable): number {
  let total = 0;
  for (const term of query.terms) {
    const value = termScore(term, target);
    if (value === NO_MATCH) return NO_MATCH;
    total += value;
  }
  return total;
}

/** The characters one term matched, as ranges shifted by `offset`; none when it does not match. */
export function termRanges(term: string, target: Searchable, offset = 0): MatchRange[] {
  if (termScore(term, target) === NO_MATCH) return [];
  const ranges: MatchRange[] = [];
  for (let i = 0; i < term.length; i++) {
    const at = (chosen[i] as number) + offset;
    const last = ranges.at(-1);
    if (last !== undefined && last.end === at) ranges[ranges.length - 1] = { start: last.start, end: at + 1 };
    else ranges.push({ start: at, end: at + 1 });
  }
  return ranges;
}

/** Ranges sorted and merged where they touch or overlap (several terms may mark the same characters). */
export function mergeRanges(ranges: readonly MatchRange[]): MatchRange[] {
  const sorted = [...ranges].sort((a, b) => a.start - b.start);
  const merged: MatchRange[] = [];
  for (const range of sorted) {
    const last = merged.at(-1);
    if (last !== undefined && range.start <= last.end) merged[merged.length - 1] = { start: last.start, end: Math.max(last.end, range.end) };
    else merged.push(range);
  }
  return merged;
}

/** The matched characters as sorted, merged ranges (terms may overlap). */
export function matchRanges(query: FuzzyQuery, target: Searchable): MatchRange[] {
  const ranges: MatchRange[] = [];
  for (const term of query.terms) {
    const found = termRanges(term, target);
    if (found.length === 0) return [];
    ranges.push(...found);
  }
  return mergeRanges(ranges);
}

/** One text against one query, with what to highlight; null when it does not match. */
export function fuzzyMatch(query: string, text: string): { score: number; ranges: MatchRange[] } | null {
  const compiled = compileQuery(query);
  const target = searchable(text);
  const value = score(compiled, target);
  return value === NO_MATCH ? null : { score: value, ranges: matchRanges(compiled, target) };
}

/**
 * The best `limit` of the items offered, best first; equal scores keep the order they were
 * offered in. A sorted insertion into a bounded list: offering an item that does not make it costs
 * one comparison.
 */
export class TopMatches<T> {
  readonly #limit: number;
  readonly #scores: Int32Array;
  readonly #items: T[] = [];

  constructor(limit: number) {
    this.#limit = limit;
    this.#scores = new Int32Array(limit);
  }

  /**
   * An item is kept only if its score is above this (NO_MATCH until the list is full): so a caller
   * can skip making, or even scoring, items that would not be.
   */
  get floor(): number {
    const count = this.#items.length;
    if (this.#limit === 0) return Number.MAX_SAFE_INTEGER;
    return count < this.#limit ? NO_MATCH : (this.#scores[count - 1] as number);
  }

  offer(item: T, value: number): void {
    if (value <= this.floor) return;
    const count = this.#items.length;
    // From the end; `>` keeps earlier items ahead of later ones of equal score.
    let at = count < this.#limit ? count : count - 1;
    if (count < this.#limit) this.#items.push(item);
    while (at > 0 && value > (this.#scores[at - 1] as number)) {
      this.#scores[at] = this.#scores[at - 1] as number;
      this.#items[at] = this.#items[at - 1] as T;
      at--;
    }
    this.#scores[at] = value;
    this.#items[at] = item;
  }

  /** The kept items, best first, with their scores. */
  best(): Array<{ item: T; score: number }> {
    return this.#items.map((item, index) => ({ item, score: this.#scores[index] as number }));
  }
}

/** True when every text matching `next` also matches `previous`: `next` only adds characters. */
export function narrows(previous: FuzzyQuery, next: FuzzyQuery): boolean {
  return next.source.startsWith(previous.source);
}
