// Which kubeconfig contexts are production: the ones the user listed in the settings, and every
// context whose name matches the user's pattern (`*prod*` unless changed). A production context's
// tabs and panes carry a strong accent, and broadcasting or pasting several lines into one asks
// first (production-guard.svelte.ts, ConfirmDialog.svelte).
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

/** What the user is asked before risky input goes to production (ConfirmDialog.svelte draws it). */
export interface Confirmation {
  readonly title: string;
  readonly message: string;
  /** The production contexts the input would reach. */
  readonly contexts: readonly string[];
  /** The start of what would be sent, and how many lines it has in all. */
  readonly preview?: { readonly lines: readonly string[]; readonly total: number };
  /** The confirming button's text: what it does ("Paste 12 lines"). */
  readonly confirmLabel: string;
}

/** Lines shown of a paste, and characters of each: enough to recognise it, never the whole page. */
export const PREVIEW_LINES = 5;
export const PREVIEW_LINE_LENGTH = 200;

/** A paste's lines, as a shell would run them (CRLF, CR or LF; a final line break ends the last line). */
export function pasteLines(text: string): string[] {
  const lines = text.split(/\r\n|\r|\n/);
  if (lines.length > 1 && lines.at(-1) === '') lines.pop();
  return lines;
}

export function pasteConfirmation(text: string, contexts: readonly string[]): Confirmation {
  const lines = pasteLines(text);
  return {
    title: `Paste ${count(lines.length, 'line')} into production?`,
    message: 'Each line may run as a command as soon as it arrives.',
    contexts,
    preview: { lines: lines.slice(0, PREVIEW_LINES).map((line) => (line.length > PREVIEW_LINE_LENGTH ? `${line.slice(0, PREVIEW_LINE_LENGTH)}…` : line)), total: lines.length },
    confirmLabel: `Paste ${count(lines.length, 'line')}`,
  };
}

function count(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}

/** Before broadcast turns on ('start') or before typing reaches production members not yet confirmed ('input'). */
export function broadcastConfirmation(reason: 'start' | 'input', terminals: number, production: number, contexts: readonly string[]): Confirmation {
  const reach = `${count(terminals, 'terminal')}, ${production} of them in production`;
  return reason === 'start'
    ? {
        title: 'Broadcast into production?',
        message: `What you type in one of these terminals will go to all ${reach}.`,
        contexts,
        confirmLabel: 'Turn broadcast on',
      }
    : {
        title: 'Type into production?',
        message: `What you type now goes to ${reach} (joined since broadcast was turned on).`,
        contexts,
        confirmLabel: 'Send',
      };
}
