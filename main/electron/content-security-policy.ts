// The app's Content Security Policy, sent as a header on every response of the app protocol. Only
// the app's own scripts run (no inline script, no eval); styles may be inline because xterm.js and
// Svelte set them; nothing may frame the app, post a form, or change the base URL.
//
// renderer/index.html carries the same policy in a meta tag (without frame-ancestors, which a meta
// tag cannot set), so the page is held to it under every host; a test keeps the two equal.

export const APP_CSP_DIRECTIVES: readonly string[] = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "object-src 'none'",
  "frame-ancestors 'none'",
];

export const APP_CONTENT_SECURITY_POLICY = APP_CSP_DIRECTIVES.join('; ');
