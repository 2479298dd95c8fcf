// What a client hears when a call fails: the UserError of a refusal (the bridge's own or the
// core's), and for anything else, which is a bug in main, a generic message without a stack.
// The details of such a bug stay in main's log.
import { BridgeError } from '../../shared/bridge/bridge-error.ts';
import type { UserError } from '../../shared/bridge/errors.ts';
import { CoreError } from '../core/errors/core-error.ts';

export function isExpectedFailure(error: unknown): error is BridgeError | CoreError {
  return error instanceof BridgeError || error instanceof CoreError;
}

export function userErrorOf(error: unknown, method: string): UserError {
  if (isExpectedFailure(error)) return error.userError;
  return {
    kind: 'server-error',
    title: 'Internal error in Porthole',
    detail: `${method} failed inside Porthole's main process; its log has the details.`,
  };
}
