// When a shell tab ended because its container has no shell (distroless images), the tab offers a
// debug container instead of "Run again", which would only fail the same way.
import { NO_SHELL_TITLE } from '../../../shared/bridge/debug.ts';
import type { TabStatus } from '../lib/tabs.ts';

export function offersDebug(status: TabStatus): boolean {
  return status.kind === 'error' && status.error.kind === 'not-found' && status.error.title === NO_SHELL_TITLE;
}
