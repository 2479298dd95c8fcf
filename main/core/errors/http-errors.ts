// Maps a refused request (an HTTP status plus the body the server sent, usually a metav1.Status)
// to an error a person can act on. The server's own message is quoted whenever there is one: it
// names the user, verb, resource and namespace far better than we could.
import { STATUS_CODES } from 'node:http';
import type { UserError } from '../../../shared/bridge/errors.ts';
import { parseHandshakeStatus, type HandshakeStatus } from '../../../shared/protocol/status.ts';
import { attempted, quoteExternal, whoAndWhere } from './describe.ts';
import type { ErrorContext } from './error-context.ts';
import { intermediaryRefusal } from './intermediary-errors.ts';

export function errorFromResponse(status: number, body: string, ctx: ErrorContext): UserError {
  const parsed = parseHandshakeStatus(body);
  const said = serverSaid(status, body, parsed);
  const base = { context: ctx.context, httpStatus: status };
  const intermediary = intermediaryRefusal(status, body, parsed !== null, ctx);
  if (intermediary !== null) return intermediary;

  if (status === 401) {
    return {
      ...base,
      kind: 'credentials-rejected',
      title: 'Credentials rejected',
      detail:
        `The API server rejected the credentials of ${whoAndWhere(ctx)} while trying ${attempted(ctx)}: ${said}. ` +
        'The token or certificate is wrong, expired or revoked; renew it in the kubeconfig (or log in again).',
    };
  }
  if (status === 403) return forbidden(ctx, body, parsed, said, base);
  if (status === 404) {
    return {
      ...base,
      kind: 'not-found',
      title: notFoundTitle(parsed),
      detail: `Not found while trying ${attempted(ctx)} with ${whoAndWhere(ctx)}: ${said}`,
    };
  }
  if (status === 400) {
    return {
      ...base,
      kind: 'bad-request',
      title: badRequestTitle(parsed?.message ?? body),
      detail: `The server refused ${attempted(ctx)}: ${said}`,
    };
  }
  return {
    ...base,
    kind: 'server-error',
    title: status >= 500 ? 'API server error' : `Unexpected response ${status}`,
    detail: `The server answered ${attempted(ctx)} in ${whoAndWhere(ctx)} with ${said}`,
  };
}

function forbidden(
  ctx: ErrorContext,
  body: string,
  parsed: HandshakeStatus | null,
  said: string,
  base: { context: string; httpStatus: number },
): UserError {
  const offered = ctx.offeredProtocols ?? [];
  // The API server and kubelet refuse an upgrade whose subprotocols they all reject with a bare
  // 403 and nothing else; an RBAC denial always carries a Status. Only the first case is "protocol".
  if (body.trim() === '' && offered.length > 0) {
    return {
      ...base,
      kind: 'protocol-refused',
      title: 'No offered subprotocol accepted',
      detail:
        `The server answered ${attempted(ctx)} with 403 and an empty body: it accepted none of the offered ` +
        `subprotocols (${offered.join(', ')}). Either the API server is older than Kubernetes 1.30 or its ` +
        'TranslateStreamCloseWebsocketRequests feature gate is off, or a proxy between here and the server ' +
        'stripped the Sec-WebSocket-Protocol header.',
    };
  }
  return {
    ...base,
    kind: 'forbidden',
    title: parsed === null ? 'Forbidden' : 'Denied by RBAC',
    detail: `The server denied ${attempted(ctx)} to ${whoAndWhere(ctx)}: ${said}`,
  };
}

/** The server's words: the Status message, else the raw body, else the status line. */
function serverSaid(status: number, body: string, parsed: HandshakeStatus | null): string {
  const statusLine = `${status} ${STATUS_CODES[status] ?? ''}`.trim();
  if (parsed !== null && parsed.message !== '') return `"${quoteExternal(parsed.message)}" (${statusLine})`;
  const text = quoteExternal(body);
  return text === '' ? `${statusLine} with an empty body` : `${statusLine}: "${text}"`;
}

function notFoundTitle(parsed: HandshakeStatus | null): string {
  const kind = parsed?.details?.kind;
  if (kind === 'pods') return 'Pod not found';
  if (kind === 'namespaces') return 'Namespace not found';
  return 'Not found';
}

// The API server's wording for the 400s a user meets on exec/attach/logs (pkg/registry/core/pod
// /strategy.go and rest/subresources.go); anything else keeps the generic title.
const BAD_REQUEST_TITLES: readonly (readonly [RegExp, string])[] = [
  [/a container name must be specified/i, 'Container name required'],
  [/you must specify at least 1 command/i, 'No command given'],
  [/container .* is not valid for pod/i, 'Container not found'],
  [/at least (1|one) of stdin, stdout,? (and )?stderr/i, 'No stream requested'],
  [/pod .* does not have a host assigned/i, 'Pod not scheduled yet'],
];

function badRequestTitle(message: string): string {
  return BAD_REQUEST_TITLES.find(([pattern]) => pattern.test(message))?.[1] ?? 'Request refused';
}
