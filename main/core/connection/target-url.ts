// The URL of an API path on a cluster's server. A server URL may carry a path prefix (Rancher,
// kubectl proxy behind a path): the API path goes under it, never replaces it.
export function targetUrl(server: URL, path: string, query: URLSearchParams): URL {
  const url = new URL(server.href);
  const prefix = url.pathname.replace(/\/+$/, '');
  url.pathname = `${prefix}${path.startsWith('/') ? path : `/${path}`}`;
  url.search = query.toString();
  url.hash = '';
  return url;
}
