// The Error a bridge call rejects with, on either side of the bridge: it carries the UserError the
// UI shows, so a caller can branch on `userError.kind` instead of parsing a message.
import type { UserError } from './errors.ts';

export class BridgeError extends Error {
  readonly userError: UserError;

  constructor(userError: UserError) {
    super(`${userError.title}: ${userError.detail}`);
    this.name = 'BridgeError';
    this.userError = userError;
  }
}

/** A request the bridge refuses before it reaches the core: wrong shape, unknown method or id. */
export function invalidRequest(title: string, detail: string): BridgeError {
  return new BridgeError({ kind: 'invalid-request', title, detail });
}
