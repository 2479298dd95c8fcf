// Shared by the connection tests.
import { expect } from 'vitest';
import { CoreError } from '../../../../../main/core/errors/core-error.ts';

/** The CoreError a promise rejects with; fails the test if it resolves or rejects otherwise. */
export async function rejection(promise: Promise<unknown>): Promise<CoreError> {
  let result: unknown;
  try {
    result = await promise;
  } catch (error) {
    if (!(error instanceof CoreError)) throw error;
    return error;
  }
  if (typeof result === 'object' && result !== null && 'socket' in result) (result.socket as { terminate(): void }).terminate();
  return expect.unreachable('expected a CoreError rejection, but it resolved');
}

/** Waits for a condition to hold (the test's own timeout bounds the wait). */
export async function until(condition: () => boolean): Promise<void> {
  while (!condition()) await new Promise((resolve) => setTimeout(resolve, 10));
}
