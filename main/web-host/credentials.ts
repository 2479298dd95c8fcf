// Who may use the web host's bridge. The printed link carries a random one-time token; the first
// connection that presents it gets a session secret in exchange, and the token stops working. The
// page keeps the secret in sessionStorage, which only its own origin (host AND port) can read: a
// cookie would not do, because browsers send cookies for 127.0.0.1 to every port on it, so any
// other local server the browser visits would receive it.
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

export type CredentialKind = 'token' | 'session';

const SECRET_BYTES = 32;

function digest(text: string): Buffer {
  return createHash('sha256').update(text, 'utf8').digest();
}

/** Compares in time independent of where the strings differ (both are hashed to equal length first). */
function sameSecret(presented: string, expected: string): boolean {
  return timingSafeEqual(digest(presented), digest(expected));
}

export class WebCredentials {
  readonly #token: string;
  readonly #sessionSecret: string;
  #tokenUsed = false;

  constructor(random: (size: number) => Buffer = randomBytes) {
    this.#token = random(SECRET_BYTES).toString('base64url');
    this.#sessionSecret = random(SECRET_BYTES).toString('base64url');
  }

  /** For the printed link. */
  get token(): string {
    return this.#token;
  }

  get sessionSecret(): string {
    return this.#sessionSecret;
  }

  /**
   * True when the credential is good. A good token is used up by this call, before any
   * connection is made with it, so two connections racing with one token cannot both get in.
   */
  redeem(kind: CredentialKind, presented: string): boolean {
    if (kind === 'session') return sameSecret(presented, this.#sessionSecret);
    if (this.#tokenUsed || !sameSecret(presented, this.#token)) return false;
    this.#tokenUsed = true;
    return true;
  }
}
