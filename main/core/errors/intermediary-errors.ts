// A refused upgrade that the API server did not write. The API server refuses with a metav1.Status
// (JSON), or, for subprotocols it does not accept, with a bare 403 and no body. A refusal with a
// body that is neither came from something between Porthole and the server: `kubectl proxy`
// rejects exec and attach paths by default with a plain "Forbidden" 403, and gateways and ingress
// controllers that do not pass WebSockets answer 403 or 400, often with an HTML page. Saying "RBAC
// denied it" there would send the user looking in the wrong place.
import type { UserError } from '../../../shared/bridge/errors.ts';
import { attempted, quoteExternal } from './describe.ts';
import type { ErrorContext } from './error-context.ts';

/** What kubectl proxy rejects unless told otherwise (its --reject-paths default). */
export const KUBECTL_PROXY_DEFAULT_REJECT_PATHS = '^/api/.*/pods/.*/exec,^/api/.*/pods/.*/attach';

const MAX_QUOTED_WORDS = 200;

/** The body as short plain text: HTML tags and entities dropped, whitespace folded, cut short. */
export function plainTextOf(body: string): string {
  const text = body
    .replace(/<(script|style)[^>]*>[\s\S]*?<\/\1>/gi, ' ')
    .replace(/<[^>]*>/g, ' ')
    .replace(/&nbsp;/g, ' ')
    .replace(/&(lt|gt|amp|quot|#39);/g, (_entity, name: string) => ({ lt: '<', gt: '>', amp: '&', quot: '"', '#39': "'" })[name] ?? ' ');
  const flat = quoteExternal(text);
  return flat.length > MAX_QUOTED_WORDS ? `${flat.slice(0, MAX_QUOTED_WORDS)}…` : flat;
}

/** The refusal of an upgrade as an intermediary's, or null when the API server wrote it. */
export function intermediaryRefusal(status: number, body: string, isStatusObject: boolean, ctx: ErrorContext): UserError | null {
  const upgrade = (ctx.offeredProtocols ?? []).length > 0;
  if (!upgrade || (status !== 403 && status !== 400) || isStatusObject || body.trim() === '') return null;
  const said = plainTextOf(body);
  const via = ctx.proxy === undefined ? ctx.server : `${ctx.server} (through proxy-url ${ctx.proxy})`;
  return {
    kind: 'forbidden',
    title: 'Refused before the API server',
    context: ctx.context,
    httpStatus: status,
    detail:
      `Something between Porthole and the API server refused ${attempted(ctx)} with ${status}: "${said}". ` +
      'The API server answers with a Status object, so this came from a proxy or gateway at ' +
      `${via}. A kubectl proxy refuses exec and attach by default (--reject-paths='${KUBECTL_PROXY_DEFAULT_REJECT_PATHS}'): ` +
      "start it with --reject-paths='^$' to let them through (only on 127.0.0.1: anyone who reaches the proxy can then run commands in your pods). " +
      'A gateway or ingress in front of the API server must allow WebSocket upgrades (its WebSocket or upgrade setting).',
  };
}
