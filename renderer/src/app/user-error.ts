// Every failure the renderer shows is a UserError (title + the precise detail). Bridge calls reject
// with a BridgeError that carries one; anything else is a bug on this side, shown as such rather
// than swallowed.
import { BridgeError } from '../../../shared/bridge/bridge-error.ts';
import type { UserError } from '../../../shared/bridge/errors.ts';

export function userErrorOf(error: unknown, doing: string): UserError {
  if (error instanceof BridgeError) return error.userError;
  const detail = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  return { kind: 'invalid-request', title: `Porthole failed while ${doing}`, detail };
}
