// The one error type that leaves main/core. It carries a UserError (shared/bridge/errors.ts), which
// is what the UI shows; the Error part only serves stack traces in main's own logs.
import type { UserError } from '../../../shared/bridge/errors.ts';

export class CoreError extends Error {
  readonly userError: UserError;

  constructor(userError: UserError) {
    super(`${userError.title}: ${userError.detail}`);
    this.name = 'CoreError';
    this.userError = userError;
  }
}

