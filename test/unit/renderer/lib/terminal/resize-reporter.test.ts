// @vitest-environment jsdom
// Resize reporting on a real xterm: every change of the grid, and the current size when asked again.
import './jsdom-for-xterm.ts'; // before xterm loads
import { describe, expect, it } from 'vitest';
import type { TerminalSize } from '../../../../../shared/bridge/sessions.ts';
import { ResizeReporter } from '../../../../../renderer/src/lib/terminal/resize-reporter.ts';
import { openHost } from './host-fixture.ts';

describe('ResizeReporter', () => {
  it('reports every resize, the current size again when asked, and nothing once disposed', () => {
    const { host } = openHost();
    const reported: TerminalSize[] = [];
    const reporter = host.loadAddon(new ResizeReporter((size) => reported.push(size)));
    host.terminal.resize(100, 30);
    host.terminal.resize(90, 30);
    expect(reported).toEqual([
      { cols: 100, rows: 30 },
      { cols: 90, rows: 30 },
    ]);
    reporter.reportAgain();
    expect(reported.at(-1)).toEqual({ cols: 90, rows: 30 });
    reporter.dispose();
    host.terminal.resize(80, 24);
    reporter.reportAgain();
    expect(reported).toHaveLength(3);
  });
});
