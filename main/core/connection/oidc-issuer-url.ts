// client-node 2.0.1 (oidc_auth.js getClient) hands the kubeconfig's idp-issuer-url string to
// openid-client 6's discovery(), which requires a URL object and throws '"server" must be an
// instance of URL': every OIDC token refresh fails. Giving client-node's user entry a URL object
// there is the smallest fix that keeps the refresh itself client-node's. The unit test with a
// fake identity provider fails if this stops being needed or stops working.
import type { KubeConfig } from '@kubernetes/client-node';

export function fixOidcIssuerUrl(kubeConfig: KubeConfig): void {
  const provider = kubeConfig.getCurrentUser()?.authProvider as { name?: unknown; config?: Record<string, unknown> } | undefined;
  const issuer = provider?.config?.['idp-issuer-url'];
  if (provider?.name !== 'oidc' || typeof issuer !== 'string') return;
  try {
    provider.config = { ...provider.config, 'idp-issuer-url': new URL(issuer) };
  } catch {
    // Not a URL: leave it, and let client-node's own error say so on refresh.
  }
}
