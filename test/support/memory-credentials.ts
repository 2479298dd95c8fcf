// What a browser tab keeps for the web bridge, in memory: the one-time token until it is exchanged,
// then the session secret (the page keeps it in sessionStorage).
import type { Credential, CredentialStore } from '../../renderer/src/bridge/web-bridge.ts';

export class MemoryCredentials implements CredentialStore {
  token: string | null;
  secret: string | null = null;

  constructor(token: string | null) {
    this.token = token;
  }

  current(): Credential | null {
    if (this.token !== null) return { kind: 'token', value: this.token };
    return this.secret === null ? null : { kind: 'session', value: this.secret };
  }

  remember(secret: string): void {
    this.token = null;
    this.secret = secret;
  }
}
