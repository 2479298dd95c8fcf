// @vitest-environment jsdom
// Unicode 11 widths on a real xterm: an emoji takes two cells, as the shell in the pod counts it.
import './jsdom-for-xterm.ts'; // before xterm loads
import { describe, expect, it } from 'vitest';
import { Unicode11Widths } from '../../../../../renderer/src/lib/terminal/unicode11.ts';
import { openHost, show } from './host-fixture.ts';

describe('Unicode11Widths', () => {
  it('makes an emoji two cells wide (xterm’s own Unicode 6 widths make it one)', async () => {
    const plain = openHost().host;
    await show(plain, '😀');
    expect(plain.terminal.buffer.active.cursorX).toBe(1);

    const { host } = openHost();
    host.loadAddon(new Unicode11Widths());
    expect(host.terminal.unicode.activeVersion).toBe('11');
    await show(host, '😀');
    expect(host.terminal.buffer.active.cursorX).toBe(2);
  });
});
