// Headers on every response of the web host. The CSP allows only the app's own scripts (no
// inline script, no eval), its own styles (xterm.js and Svelte set inline styles), and WebSocket
// connections back to this host; nothing may frame the app.
import { allowedHosts } from './request-guard.ts';

export function contentSecurityPolicy(port: number): string {
  const sockets = allowedHosts(port).map((host) => `ws://${host}`);
  return [
    "default-src 'none'",
    "script-src 'self'",
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data:",
    "font-src 'self' data:",
    `connect-src 'self' ${sockets.join(' ')}`,
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
    "object-src 'none'",
  ].join('; ');
}

export function securityHeaders(port: number): Record<string, string> {
  return {
    'Content-Security-Policy': contentSecurityPolicy(port),
    'X-Content-Type-Options': 'nosniff',
    'X-Frame-Options': 'DENY',
    'Referrer-Policy': 'no-referrer',
    'Cross-Origin-Opener-Policy': 'same-origin',
    'Cross-Origin-Resource-Policy': 'same-origin',
    'Cache-Control': 'no-store',
  };
}
