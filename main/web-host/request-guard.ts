// The checks every request to the web host passes before anything else, each naming what it
// refuses. The Host check defeats DNS rebinding (a foreign name that resolves to 127.0.0.1 still
// arrives with its own name in Host); the Origin check stops other web pages from opening the
// bridge WebSocket (browsers always send Origin on WebSocket handshakes).

export function allowedHosts(port: number): readonly string[] {
  return [`127.0.0.1:${port}`, `localhost:${port}`];
}

export function allowedOrigins(port: number): readonly string[] {
  return allowedHosts(port).map((host) => `http://${host}`);
}

/** The problem with a Host header, or null when it names this host. */
export function hostProblem(host: string | undefined, port: number): string | null {
  if (host === undefined || host === '') return 'the request has no Host header';
  if (allowedHosts(port).includes(host.toLowerCase())) return null;
  return `the Host header must be ${allowedHosts(port).join(' or ')}`;
}

/**
 * The problem with an Origin header, or null when it is this host's own origin. `required`: a
 * WebSocket handshake must carry one; a plain request from the page itself may not.
 */
export function originProblem(origin: string | undefined, port: number, required: boolean): string | null {
  if (origin === undefined) return required ? 'the request has no Origin header' : null;
  if (allowedOrigins(port).includes(origin.toLowerCase())) return null;
  return `requests from other origins are refused; the origin must be ${allowedOrigins(port).join(' or ')}`;
}
