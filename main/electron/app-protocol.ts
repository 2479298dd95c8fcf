// The app protocol (porthole://app/): serves the built renderer and nothing else. It is registered
// as a privileged standard, secure scheme before the app is ready (so the page gets a real origin,
// storage and fetch), and every response carries the CSP and hardening headers.
//
// Files are looked up in a list made once from the renderer directory (StaticFiles), never by
// joining a request path to a directory, so no path (../, encoded slashes, symlinks) can reach a
// file outside it.
import { protocol } from 'electron';
import { StaticFiles } from '../web-host/static-files.ts';
import { APP_HOST, APP_SCHEME } from './app-origin.ts';
import { APP_CONTENT_SECURITY_POLICY } from './content-security-policy.ts';

const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'Content-Security-Policy': APP_CONTENT_SECURITY_POLICY,
  'X-Content-Type-Options': 'nosniff',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Resource-Policy': 'same-origin',
  'Referrer-Policy': 'no-referrer',
  'Cache-Control': 'no-store',
};

/** Must run before app 'ready'. No bypassCSP, no CORS: the scheme is the app's alone. */
export function registerAppScheme(): void {
  protocol.registerSchemesAsPrivileged([
    { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true, codeCache: true } },
  ]);
}

/** After 'ready'. Throws when `rendererDir` holds no index.html (the renderer was not built). */
export function serveAppProtocol(rendererDir: string): void {
  const files = new StaticFiles(rendererDir);
  protocol.handle(APP_SCHEME, (request) => appResponse(files, request));
}

function refusal(status: number, text: string): Response {
  return new Response(`${text}\n`, { status, headers: { ...SECURITY_HEADERS, 'Content-Type': 'text/plain; charset=utf-8' } });
}

export async function appResponse(files: StaticFiles, request: Request): Promise<Response> {
  if (request.method !== 'GET' && request.method !== 'HEAD') return refusal(405, 'Only GET and HEAD are served.');
  const url = new URL(request.url);
  if (url.host !== APP_HOST) return refusal(404, 'Not found.');
  const file = files.lookup(url.pathname);
  if (file === null) return refusal(404, 'Not found.');
  const body = await files.read(file);
  return new Response(request.method === 'HEAD' ? null : new Uint8Array(body), {
    status: 200,
    headers: { ...SECURITY_HEADERS, 'Content-Type': file.contentType, 'Content-Length': String(body.length) },
  });
}
