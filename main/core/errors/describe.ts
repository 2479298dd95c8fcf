// Small wording helpers shared by the error mappers, so every message names things the same way.
import type { ErrorContext } from './error-context.ts';

/** "context "prod" (user "alice", server https://…)". */
export function whoAndWhere(ctx: ErrorContext): string {
  return `context "${ctx.context}" (user "${ctx.user}", server ${ctx.server})`;
}

/** "exec in pod web-0 in namespace shop" — what was being attempted. */
export function attempted(ctx: ErrorContext): string {
  return ctx.namespace === undefined ? ctx.resource : `${ctx.resource} in namespace ${ctx.namespace}`;
}

const MAX_QUOTED = 500;

/**
 * Text from outside (a server body, a plugin's stderr) made safe for a one-paragraph message:
 * control characters folded to spaces, whitespace collapsed, and cut to a bounded length.
 */
export function quoteExternal(text: string): string {
  // eslint-disable-next-line no-control-regex -- folding control characters is the point
  const flat = text.replace(/[\u0000-\u001f\u007f]+/g, ' ').replace(/\s+/g, ' ').trim();
  return flat.length > MAX_QUOTED ? `${flat.slice(0, MAX_QUOTED)}…` : flat;
}
