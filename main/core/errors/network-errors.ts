// Maps a failure below HTTP (TCP, DNS, TLS, a proxy in between) to an error a person can act on.
// Node reports these as Error objects with a `code` (OpenSSL's verification codes for TLS,
// errno names for sockets), sometimes wrapped in an AggregateError (happy eyeballs tries every
// address) or in `cause`; we look through those to the first coded error.
import type { UserError } from '../../../shared/bridge/errors.ts';
import { CoreError } from './core-error.ts';
import { attempted, quoteExternal, whoAndWhere } from './describe.ts';
import type { ErrorContext } from './error-context.ts';

interface CodedError {
  readonly code: string;
  readonly message: string;
  readonly address?: string;
  readonly port?: number;
  readonly hostname?: string;
  /** ERR_TLS_CERT_ALTNAME_INVALID: "Host: x. is not in the cert's altnames: DNS:y". */
  readonly reason?: string;
  readonly host?: string;
  /** The peer certificate (TLS errors): its names say what it is valid for. */
  readonly cert?: { readonly subjectaltname?: string };
}

// OpenSSL verification codes meaning "no trusted CA signed this chain".
const UNTRUSTED_CODES = new Set([
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'UNABLE_TO_GET_ISSUER_CERT',
  'CERT_SIGNATURE_FAILURE',
  'CERT_UNTRUSTED',
  'CERT_REJECTED',
  'INVALID_CA',
]);
// TLS alerts the server sends when it refuses our client certificate.
const CLIENT_CERT_REJECTED_CODES = new Set([
  'ERR_SSL_SSLV3_ALERT_BAD_CERTIFICATE',
  'ERR_SSL_TLSV1_ALERT_UNKNOWN_CA',
  'ERR_SSL_TLSV13_ALERT_CERTIFICATE_REQUIRED',
  'ERR_SSL_SSLV3_ALERT_CERTIFICATE_EXPIRED',
  'ERR_SSL_TLSV1_ALERT_DECRYPT_ERROR',
]);
const DNS_CODES = new Set(['ENOTFOUND', 'EAI_AGAIN', 'EAI_NONAME', 'EAI_FAIL', 'EAI_NODATA']);
const RESET_CODES = new Set(['ECONNRESET', 'EPIPE', 'ECONNABORTED']);
const UNREACHABLE_CODES = new Set(['EHOSTUNREACH', 'ENETUNREACH', 'EHOSTDOWN', 'ENETDOWN', 'EADDRNOTAVAIL']);
const TIMEOUT_CODES = new Set(['ETIMEDOUT', 'ESOCKETTIMEDOUT', 'UND_ERR_CONNECT_TIMEOUT']);

export function errorFromNetwork(error: unknown, ctx: ErrorContext): UserError {
  if (error instanceof CoreError) return error.userError;
  const coded = firstCodedError(error);
  const where = `${attempted(ctx)} with ${whoAndWhere(ctx)}`;
  const base = { context: ctx.context };

  const proxyProblem = proxyFailure(error, coded, ctx);
  if (proxyProblem !== null) return { ...base, kind: 'proxy', title: 'Proxy failed', detail: `${proxyProblem} (${where})` };

  if (coded === null) {
    return { ...base, kind: 'network', title: 'Connection failed', detail: `${where} failed: ${describeUnknown(error)}` };
  }
  const { code } = coded;
  if (UNTRUSTED_CODES.has(code)) {
    return {
      ...base,
      kind: 'tls',
      title: 'Certificate not trusted',
      detail:
        `The server's certificate is not signed by a certificate authority this context trusts (${code}) ` +
        `while trying ${where}. Check certificate-authority / certificate-authority-data of the cluster entry.`,
    };
  }
  if (code === 'ERR_TLS_CERT_ALTNAME_INVALID') {
    const reason = coded.reason === undefined ? '' : `: ${quoteExternal(coded.reason).replace(/[:;,]\s*$/, '')}`;
    const names = coded.cert?.subjectaltname;
    const valid = names === undefined || names === '' ? '' : `; the certificate is for ${quoteExternal(names)}`;
    return {
      ...base,
      kind: 'tls',
      title: 'Certificate hostname mismatch',
      detail:
        `The server's certificate is not valid for the name we connected to${reason}${valid} (${where}). ` +
        'Use the name the certificate was issued for, or set tls-server-name in the cluster entry.',
    };
  }
  if (code === 'CERT_HAS_EXPIRED' || code === 'CERT_NOT_YET_VALID') {
    const when = code === 'CERT_HAS_EXPIRED' ? 'has expired' : 'is not valid yet';
    return {
      ...base,
      kind: 'tls',
      title: code === 'CERT_HAS_EXPIRED' ? 'Server certificate expired' : 'Server certificate not yet valid',
      detail: `The server's certificate ${when} (${code}) while trying ${where}. Check the server, and this machine's clock.`,
    };
  }
  if (CLIENT_CERT_REJECTED_CODES.has(code)) {
    return {
      ...base,
      kind: 'tls',
      title: 'Client certificate rejected',
      detail: `The server refused the TLS handshake over our client certificate (${code}) while trying ${where}.`,
    };
  }
  if (code.startsWith('ERR_SSL_') || code.startsWith('ERR_TLS_') || code === 'EPROTO') {
    return {
      ...base,
      kind: 'tls',
      title: 'TLS handshake failed',
      detail: `${where} failed in the TLS handshake (${code}): ${quoteExternal(coded.message)}`,
    };
  }
  if (code === 'ECONNREFUSED') {
    return {
      ...base,
      kind: 'network',
      title: 'Connection refused',
      detail: `Nothing accepts connections at ${endpoint(coded, ctx)} (ECONNREFUSED) while trying ${where}. Is the cluster running?`,
    };
  }
  if (DNS_CODES.has(code)) {
    return {
      ...base,
      kind: 'network',
      title: 'Server name not found',
      detail: `The name ${coded.hostname ?? hostOf(ctx.server)} could not be resolved (${code}) while trying ${where}.`,
    };
  }
  if (TIMEOUT_CODES.has(code)) {
    return { ...base, kind: 'network', title: 'Connection timed out', detail: `${where} timed out (${code}).` };
  }
  if (RESET_CODES.has(code)) {
    return { ...base, kind: 'network', title: 'Connection reset', detail: `The connection was cut (${code}) while trying ${where}.` };
  }
  if (UNREACHABLE_CODES.has(code)) {
    return { ...base, kind: 'network', title: 'Server unreachable', detail: `${endpoint(coded, ctx)} is unreachable (${code}) while trying ${where}.` };
  }
  return { ...base, kind: 'network', title: 'Connection failed', detail: `${where} failed (${code}): ${quoteExternal(coded.message)}` };
}

/** A timeout we measured ourselves (handshake, first byte): same shape as Node's ETIMEDOUT. */
export function timeoutError(ctx: ErrorContext, phase: string, ms: number): UserError {
  return {
    context: ctx.context,
    kind: 'network',
    title: 'Connection timed out',
    detail: `No ${phase} within ${ms / 1000} s while trying ${attempted(ctx)} with ${whoAndWhere(ctx)}.`,
  };
}

function firstCodedError(error: unknown, depth = 0): CodedError | null {
  if (depth > 5 || typeof error !== 'object' || error === null) return null;
  const candidate = error as Partial<CodedError> & { errors?: unknown; cause?: unknown };
  if (typeof candidate.code === 'string') return candidate as CodedError;
  if (Array.isArray(candidate.errors)) {
    for (const inner of candidate.errors) {
      const found = firstCodedError(inner, depth + 1);
      if (found !== null) return found;
    }
  }
  return firstCodedError(candidate.cause, depth + 1);
}

/** Says what went wrong with the proxy, or null when the failure is not the proxy's. */
function proxyFailure(error: unknown, coded: CodedError | null, ctx: ErrorContext): string | null {
  if (ctx.proxy === undefined) return null;
  const message = error instanceof Error ? error.message : '';
  // hpagent (client-node's http/https proxy agent) reports a refused CONNECT this way.
  const badResponse = /^Bad response: (\d+)/.exec(message);
  if (badResponse !== null) {
    const status = badResponse[1];
    const hint = status === '407' ? ' (proxy authentication required: put user:password in proxy-url)' : '';
    return `The proxy ${ctx.proxy} refused to open a tunnel to ${ctx.server}: HTTP ${status}${hint}`;
  }
  if (message === 'Proxy timeout') return `The proxy ${ctx.proxy} did not answer in time`;
  // The socks package prefixes its protocol-level failures with "Socks".
  if (/^Socks/i.test(message)) return `The SOCKS proxy ${ctx.proxy} failed: ${quoteExternal(message)}`;
  if (coded !== null && isProxyEndpoint(coded, ctx.proxy)) {
    return `Cannot reach the proxy ${ctx.proxy} (${coded.code}): ${quoteExternal(coded.message)}`;
  }
  return null;
}

function isProxyEndpoint(coded: CodedError, proxy: string): boolean {
  let url: URL;
  try {
    url = new URL(proxy);
  } catch {
    return false;
  }
  const host = url.hostname.replace(/^\[|\]$/g, '');
  if (coded.hostname !== undefined) return coded.hostname === host;
  if (coded.address === undefined) return false;
  const port = url.port === '' ? defaultProxyPort(url.protocol) : Number(url.port);
  return (coded.address === host || host === 'localhost') && (coded.port === undefined || coded.port === port);
}

function defaultProxyPort(protocol: string): number {
  if (protocol.startsWith('socks')) return 1080;
  return protocol === 'https:' ? 443 : 80;
}

function endpoint(coded: CodedError, ctx: ErrorContext): string {
  if (coded.address !== undefined) return coded.port === undefined ? coded.address : `${coded.address}:${coded.port}`;
  return hostOf(ctx.server);
}

function hostOf(server: string): string {
  try {
    return new URL(server).host;
  } catch {
    return server;
  }
}

function describeUnknown(error: unknown): string {
  if (error instanceof Error) return quoteExternal(error.message) || error.name;
  return quoteExternal(String(error));
}
