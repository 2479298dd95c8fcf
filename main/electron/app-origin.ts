// Where the app lives: a custom scheme served only by our protocol handler (app-protocol.ts), so
// the page has a real origin of its own and nothing of file:// applies to it.

export const APP_SCHEME = 'porthole';
export const APP_HOST = 'app';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
export const APP_ENTRY_URL = `${APP_ORIGIN}/index.html`;

/** True when `url` is a page of the app itself (our scheme and host, nothing else). */
export function isAppUrl(url: string): boolean {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  // URL.origin is "null" for schemes Node does not know, so the parts are compared instead.
  return parsed.protocol === `${APP_SCHEME}:` && parsed.host === APP_HOST && parsed.username === '' && parsed.password === '';
}
