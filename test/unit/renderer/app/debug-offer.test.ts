import { describe, expect, it } from 'vitest';
import { NO_SHELL_TITLE } from '../../../../shared/bridge/debug.ts';
import { offersDebug } from '../../../../renderer/src/app/debug-offer.ts';

describe('offersDebug', () => {
  it('offers a debug container when the shell tab found no shell', () => {
    expect(offersDebug({ kind: 'error', error: { kind: 'not-found', title: NO_SHELL_TITLE, detail: 'Tried bash, sh' } })).toBe(true);
  });

  it('does not for any other end', () => {
    expect(offersDebug({ kind: 'error', error: { kind: 'not-found', title: 'Pod not found', detail: '' } })).toBe(false);
    expect(offersDebug({ kind: 'error', error: { kind: 'forbidden', title: NO_SHELL_TITLE, detail: '' } })).toBe(false);
    expect(offersDebug({ kind: 'exited', exitCode: 127 })).toBe(false);
    expect(offersDebug({ kind: 'live' })).toBe(false);
  });
});
