// Which kubeconfig contexts are production: the ones the user listed in the settings, and every
// context whose name matches the user's pattern (`*prod*` unless changed). A production context's
// tabs and panes carry a strong accent, and broadcasting or pasting several lines into one asks
// first (App.svelte, ConfirmDialog.svelte).
//
// The pattern is a glob with `*` (any run of characters) and `?` (one character) and nothing else,
// matched against the whole name, ignoring case: a guard should rather mark `Prod-EU` than miss it.

export interface ProductionRule {
  /** Context names marked production by hand. */
  readonly productionContexts: readonly string[];
  /** A glob over context names; empty matches nothing. */
  readonly productionPattern: string;
}

export const PRODUCTION_PATTERN_MAX_LENGTH = 200;

/** Characters other globs give a meaning this one does not have: refused, so nobody relies on them. */
const OTHER_GLOB_SYNTAX = /[[\]{}!\\]/;
// eslint-disable-next-line no-control-regex -- refusing control characters is the point
export const CONTROL_CHARACTER = /[\u0000-\u001f\u007f]/;

/** Why a pattern cannot be used, in a sentence; null when it can. */
export function productionPatternProblem(pattern: string): string | null {
  if (pattern.length > PRODUCTION_PATTERN_MAX_LENGTH) return `the pattern is longer than ${PRODUCTION_PATTERN_MAX_LENGTH} characters`;
  if (CONTROL_CHARACTER.test(pattern)) return 'the pattern contains a control character';
  const other = OTHER_GLOB_SYNTAX.exec(pattern);
  if (other !== null) return `only * and ? are wildcards; "${other[0]}" is not allowed`;
  return null;
}

/**
 * Whether `name` matches `pattern` as a whole, ignoring case. Linear backtracking over the last `*`
 * (no regular expression is built from user text, so no pattern can make it slow).
 */
export function globMatches(pattern: string, name: string): boolean {
  const p = pattern.toLowerCase();
  const s = name.toLowerCase();
  let pi = 0;
  let si = 0;
  let starAt = -1;
  let resumeAt = 0;
  while (si < s.length) {
    if (pi < p.length && (p[pi] === '?' || p[pi] === s[si])) {
      pi++;
      si++;
    } else if (pi < p.length && p[pi] === '*') {
      starAt = pi++;
      resumeAt = si;
    } else if (starAt >= 0) {
      pi = starAt + 1;
      si = ++resumeAt;
    } else {
      return false;
    }
  }
  while (p[pi] === '*') pi++;
  return pi === p.length;
}

/** How a context came to be production, or null when it is not. */
export function productionReason(context: string, rule: ProductionRule): 'listed' | 'pattern' | null {
  if (rule.productionContexts.includes(context)) return 'listed';
  if (rule.productionPattern !== '' && globMatches(rule.productionPattern, context)) return 'pattern';
  return null;
}

export function isProduction(context: string, rule: ProductionRule): boolean {
  return productionReason(context, rule) !== null;
}
