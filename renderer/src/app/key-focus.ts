// Which keyboard map applies to a key press (lib/shortcuts.ts Focus), from where it happened: the
// terminal first (xterm types into a hidden textarea, which is not a text box for this purpose),
// then text boxes, then a log pane's list.
import type { Focus } from '../lib/shortcuts.ts';

export function focusOf(target: EventTarget | null): Focus {
  if (!(target instanceof Element)) return 'other';
  if (target.closest('.xterm') !== null) return 'terminal';
  if (target instanceof HTMLInputElement || target instanceof HTMLTextAreaElement || target instanceof HTMLSelectElement) return 'text-input';
  if (target.closest('[contenteditable]:not([contenteditable="false"])') !== null) return 'text-input';
  if (target.closest('[role="log"]') !== null) return 'log-pane';
  return 'other';
}
