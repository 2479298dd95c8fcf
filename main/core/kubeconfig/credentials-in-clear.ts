// The warning a context's row carries when its credentials would cross the network unencrypted:
// an http:// server that is not this machine, with a user that sends a secret in a header (a
// token, a password, an exec plugin's or auth provider's token). A `kubectl proxy` on 127.0.0.1 is
// the common, harmless case: loopback never leaves the machine, and the proxy adds its own
// credentials on its way out, over TLS.
import type { AuthKind } from '../../../shared/bridge/contexts.ts';
import type { UserError } from '../../../shared/bridge/errors.ts';

const CLEAR_TEXT_AUTH: Readonly<Record<AuthKind, string | null>> = {
  token: 'its bearer token',
  'token-file': 'its bearer token',
  basic: 'its user name and password',
  'exec-plugin': "its exec plugin's token",
  'auth-provider': "its auth provider's token",
  // Over plain HTTP there is no TLS handshake to present a certificate in: nothing is sent (and nothing works).
  'client-certificate': null,
  none: null,
};

export function isLoopbackHost(hostname: string): boolean {
  const host = hostname.replace(/^\[|\]$/g, '').toLowerCase();
  return host === 'localhost' || host.endsWith('.localhost') || host === '::1' || /^127(\.\d{1,3}){3}$/.test(host);
}

/** The warning for a usable context, or undefined when nothing goes in clear (https, loopback, no credentials). */
export function credentialsInClear(context: string, server: string, authKind: AuthKind, serverHasUserinfo: boolean): UserError | undefined {
  let url: URL;
  try {
    url = new URL(server);
  } catch {
    return undefined;
  }
  if (url.protocol !== 'http:' || isLoopbackHost(url.hostname)) return undefined;
  const what = CLEAR_TEXT_AUTH[authKind] ?? (serverHasUserinfo ? 'the user name and password in its server URL' : null);
  if (what === null) return undefined;
  return {
    kind: 'kubeconfig',
    title: 'Credentials sent in clear',
    context,
    detail:
      `Context "${context}" talks plain http:// to ${url.host}, which is not this machine, so ${what} crosses the network unencrypted ` +
      'and anyone on the way can read and reuse it. Use the https:// address of the API server, or a kubectl proxy on 127.0.0.1.',
  };
}
