// @vitest-environment jsdom
// The broadcast benchmark's page probe, on a stand-in page: a shown tab with terminal rows that the
// test changes as xterm's DOM renderer would. It times each pane from the armed keydown to its first
// text change, ignores changes that are not text, and names the panes that never echoed.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { installPaneEchoProbe, type PaneEchoProbe } from '../../../bench/pane-echo-page.ts';

const NAME = 'testPaneEchoProbe';
let probe: PaneEchoProbe;
let rows: HTMLElement[];

function page(panes: number): void {
  // As the app draws a tab: each pane a tabpanel, the panes of other tabs hidden.
  document.body.innerHTML = `
    <div role="tabpanel" data-pane hidden><div class="xterm-rows"><div>hidden tab</div></div></div>
    ${'<div role="tabpanel" data-pane><div class="xterm-rows"><div>$ </div></div></div>'.repeat(panes)}`;
  rows = [...document.querySelectorAll<HTMLElement>('[role="tabpanel"]:not([hidden]) .xterm-rows')];
}

/** What xterm's DOM renderer does when it draws an echo: the row's content is replaced. */
function draw(pane: number, text: string): void {
  const row = document.createElement('div');
  row.textContent = text;
  rows[pane]!.replaceChildren(row);
}

const flush = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 0));

beforeEach(() => {
  installPaneEchoProbe(NAME);
  probe = (globalThis as unknown as Record<string, PaneEchoProbe>)[NAME]!;
});

afterEach(() => {
  probe.stop();
  vi.restoreAllMocks();
});

describe('installPaneEchoProbe', () => {
  it('watches the panes of the shown tab only', () => {
    page(3);
    expect(probe.watch()).toBe(3);
  });

  it('answers with each pane’s time from the armed keydown to its first text change', async () => {
    page(2);
    probe.watch();
    const now = vi.spyOn(performance, 'now');
    probe.arm();
    now.mockReturnValue(100);
    window.dispatchEvent(new KeyboardEvent('keydown', { key: 'a' }));
    const echoes = probe.collect(1000);
    now.mockReturnValue(103);
    draw(1, '$ a');
    await flush();
    now.mockReturnValue(107.5);
    draw(0, '$ a');
    await flush();
    now.mockReturnValue(200);
    draw(0, '$ ab');
    expect(await echoes).toEqual([7.5, 3]);
  });

  it('does not count a change that leaves the text as it was (a cursor blink, a focus change)', async () => {
    page(1);
    probe.watch();
    const now = vi.spyOn(performance, 'now');
    probe.arm();
    now.mockReturnValue(10);
    window.dispatchEvent(new KeyboardEvent('keydown', { key: 'a' }));
    const echoes = probe.collect(1000);
    now.mockReturnValue(12);
    rows[0]!.firstElementChild!.className = 'xterm-cursor-blink';
    draw(0, '$ ');
    await flush();
    now.mockReturnValue(15);
    draw(0, '$ a');
    expect(await echoes).toEqual([5]);
  });

  it('names the panes that did not echo in time', async () => {
    page(3);
    probe.watch();
    probe.arm();
    window.dispatchEvent(new KeyboardEvent('keydown', { key: 'a' }));
    const echoes = probe.collect(50);
    draw(1, '$ a');
    await expect(echoes).rejects.toThrow('no echo within 50 ms on panes 1, 3 of 3');
  });

  it('says so when the keydown never reached the page', async () => {
    page(1);
    probe.watch();
    probe.arm();
    await expect(probe.collect(20)).rejects.toThrow('(the keydown never reached the page)');
  });
});
