// The tones a status chip (lib/StatusChip.svelte) is drawn in, and how the status tones of tabs and
// pods (lib/tabs.ts StatusTone) map onto them, so "green" means one thing in every view.
import type { StatusTone } from './tabs.ts';

/** ok green, warn amber, error red, muted grey (waiting, ended), accent blue (a mark, not a state). */
export type ChipTone = 'ok' | 'warn' | 'error' | 'muted' | 'accent';

const CHIP_TONE_OF_STATUS: Record<StatusTone, ChipTone> = {
  ok: 'ok',
  warning: 'warn',
  error: 'error',
  pending: 'muted',
  done: 'muted',
};

export function chipToneOf(status: StatusTone): ChipTone {
  return CHIP_TONE_OF_STATUS[status];
}
