// How the window looks, end to end, in the light and the dark theme: every view is opened and saved
// as test-results/screenshots/looks-<view>-<theme>.png (to be looked at), and each is held to what
// can be measured: every button has a name, every icon button a tooltip (with its key where the
// action has one), no bar overflows sideways, every status chip's text is readable on its colour,
// and the two themes really differ.
import type { Page } from 'playwright-core';
import { expect, it } from 'vitest';
import { activePanel, openLogs, openShell, selectPod, treeRow, waitFor } from './harness.ts';
import { cluster, describeApp, useApp } from './use-app.ts';

type Theme = 'light' | 'dark';

/** The bars that must fit their width: a row of controls that overflows hides some of them. */
const BARS = ['.topbar', '[role="tablist"]', '.pane-header', '[role="toolbar"]', '.log-tab .toolbar', '.log-pane .toolbar'];

/** WCAG AA for small text. */
const MIN_CONTRAST = 4.5;

/** What is wrong with the page as it shows now, as sentences (none: nothing). Runs in the page. */
function problemsInPage(args: { bars: string[]; minContrast: number }): string[] {
  const problems: string[] = [];
  const visible = (element: Element): boolean => element instanceof HTMLElement && element.offsetParent !== null;
  const describe = (element: Element): string => element.getAttribute('aria-label') ?? element.className.toString() ?? element.tagName;

  for (const button of document.querySelectorAll('button')) {
    if (!visible(button)) continue;
    const name = (button.getAttribute('aria-label') ?? button.textContent ?? '').trim();
    if (name === '') problems.push(`a button without a name: ${button.outerHTML.slice(0, 120)}`);
  }
  for (const button of document.querySelectorAll('.icon-button')) {
    if (!visible(button)) continue;
    const title = button.getAttribute('title') ?? '';
    if (title === '') problems.push(`icon button "${describe(button)}" has no tooltip`);
  }
  for (const selector of args.bars) {
    for (const bar of document.querySelectorAll(selector)) {
      if (visible(bar) && bar.scrollWidth > bar.clientWidth + 1) problems.push(`${selector} overflows: ${bar.scrollWidth} > ${bar.clientWidth}`);
    }
  }
  const channels = (colour: string): number[] => (colour.match(/[\d.]+/g) ?? []).map(Number);
  const luminance = (colour: string): number => {
    const [r = 0, g = 0, b = 0] = channels(colour).map((value) => {
      const c = value / 255;
      return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
    });
    return 0.2126 * r + 0.7152 * g + 0.0722 * b;
  };
  for (const chip of document.querySelectorAll('.chip')) {
    if (!visible(chip)) continue;
    const style = getComputedStyle(chip);
    const [light, dark] = [luminance(style.color), luminance(style.backgroundColor)].sort((a, b) => b - a) as [number, number];
    const ratio = (light + 0.05) / (dark + 0.05);
    if (ratio < args.minContrast) problems.push(`chip "${chip.textContent}" has contrast ${ratio.toFixed(2)} (${style.color} on ${style.backgroundColor})`);
  }
  return problems;
}

describeApp('looks', () => {
  const app = useApp();
  const colours = new Map<Theme, Record<string, string>>();

  async function expectCalm(page: Page): Promise<void> {
    expect(await page.evaluate(problemsInPage, { bars: BARS, minContrast: MIN_CONTRAST })).toEqual([]);
  }

  async function look(view: string, theme: Theme): Promise<void> {
    await app.screenshot(`looks-${view}-${theme}`);
    await expectCalm(app.page);
  }

  async function toggleDrawer(name: 'Settings' | 'Port-forwards' | 'Other sessions' | 'Recordings'): Promise<void> {
    await app.page.getByRole('banner').getByRole('button', { name, exact: true }).click();
  }

  async function closeEveryTab(page: Page): Promise<void> {
    const closeButtons = page.getByRole('tablist').getByRole('button', { name: /^Close / });
    while ((await closeButtons.count()) > 0) await closeButtons.first().click();
  }

  for (const theme of ['light', 'dark'] as const) {
    it(`shows the empty window in the ${theme} theme, its top bar's buttons named and their state a chip`, async () => {
      const { page } = app;
      await toggleDrawer('Settings');
      await page.getByRole('combobox', { name: 'Theme' }).selectOption(theme);
      await page.getByRole('button', { name: 'Close settings' }).click();
      await closeEveryTab(page);
      expect(await page.evaluate(() => document.documentElement.dataset['theme'])).toBe(theme);
      await waitFor('the link chip', () => page.getByRole('status', { name: 'Connection' }).textContent(), (text) => text === 'connected');
      expect(await page.getByRole('status', { name: 'Connection' }).locator('.chip').getAttribute('data-tone')).toBe('ok');
      for (const name of ['Other sessions', 'Port-forwards', 'Settings']) {
        expect(await page.getByRole('banner').getByRole('button', { name, exact: true }).getAttribute('title')).toContain(name);
      }
      colours.set(
        theme,
        await page.evaluate(() => {
          const of = (selector: string, property: 'color' | 'backgroundColor'): string => {
            const element = document.querySelector(selector);
            return element === null ? 'missing' : getComputedStyle(element)[property];
          };
          return { page: of('body', 'backgroundColor'), text: of('body', 'color'), topbar: of('.topbar', 'backgroundColor'), chip: of('.chip', 'backgroundColor') };
        }),
      );
      await look('empty', theme);
    });

    it(`shows the sidebar with pods in the ${theme} theme: phases as chips, actions with their keys`, async () => {
      const { page } = app;
      const single = cluster!.pods.single;
      await selectPod(page, cluster!.contexts.admin, single.namespace, single.name);
      const row = treeRow(page, `${cluster!.contexts.admin}/${single.namespace}/${single.name}`);
      expect(await row.locator('.chip').last().getAttribute('data-tone')).toBe('ok');
      const actions = page.getByRole('toolbar', { name: 'Pod actions' });
      expect(await actions.getByRole('button', { name: 'Open a shell' }).getAttribute('title')).toBe('Shell (Enter)');
      expect(await actions.getByRole('button', { name: 'Open logs' }).getAttribute('title')).toBe('Logs (L)');
      await look('sidebar', theme);
    });

    it(`shows a shell tab in the ${theme} theme: kind icon, state chip, close key`, async () => {
      const { page } = app;
      const single = cluster!.pods.single;
      const tab = await openShell(page, cluster!.contexts.admin, single.namespace, single.name);
      expect(await tab.locator('.kind svg').count()).toBe(1);
      expect(await tab.locator('.badge .chip').getAttribute('data-tone')).toBe('ok');
      expect(await tab.getByRole('button', { name: /^Close / }).getAttribute('title')).toContain('(Ctrl+Shift+W)');
      await look('shell', theme);
    });

    it(`shows split panes in the ${theme} theme, their headers carrying the broadcast and recording marks`, async () => {
      const { page } = app;
      const panes = page.locator('[data-pane]:not([hidden])');
      await activePanel(page).locator('.xterm').click();
      await page.keyboard.press('Control+Shift+D');
      await waitFor('two panes', () => panes.count(), (count) => count === 2);
      await page.keyboard.press('Control+Shift+B');
      const broadcastMarks = page.getByRole('img', { name: /^Broadcast to / });
      await waitFor('the broadcast marks', () => broadcastMarks.count(), (count) => count === 2);
      await page.keyboard.press('Control+Shift+X');
      const recordingMarks = page.getByRole('img', { name: 'Recording', exact: true });
      await waitFor('the recording marks', () => recordingMarks.count(), (count) => count > 0);
      expect(await activePanel(page).locator('.pane-header').getByRole('button', { name: 'Close pane' }).getAttribute('title')).toContain('(Ctrl+Shift+W)');
      await look('split', theme);
      await page.keyboard.press('Control+Shift+X');
      await waitFor('the recording stopped', () => recordingMarks.count(), (count) => count === 0);
      await page.keyboard.press('Control+Shift+B');
      await waitFor('broadcast off', () => broadcastMarks.count(), (count) => count === 0);
    });

    it(`shows the command palette in the ${theme} theme`, async () => {
      const { page } = app;
      await page.keyboard.press('Control+Shift+P');
      const palette = page.getByRole('dialog', { name: 'Command palette' });
      await waitFor('the palette', () => palette.isVisible(), Boolean);
      await page.keyboard.type('shell');
      await waitFor('matches', () => palette.getByRole('option').count(), (count) => count > 1);
      await look('palette', theme);
      await page.keyboard.press('Escape');
      await waitFor('the palette closed', () => palette.isVisible(), (shown) => !shown);
    });

    it(`shows a log tab in the ${theme} theme, its toolbar's keys in the tooltips`, async () => {
      const { page } = app;
      const seq = cluster!.pods.seq;
      await openLogs(page, cluster!.contexts.admin, seq.namespace, seq.name);
      const panel = activePanel(page);
      await waitFor('log lines', () => panel.locator('[role="log"] .row').count(), (count) => count > 3);
      expect(await panel.getByRole('button', { name: 'Wrap' }).getAttribute('title')).toBe('Wrap long lines (W)');
      expect(await panel.getByRole('button', { name: 'Timestamps' }).getAttribute('title')).toBe('Timestamps (T)');
      expect(await panel.getByRole('button', { name: 'Download' }).getAttribute('title')).toBe('Download the loaded lines (Ctrl+S)');
      await look('logs', theme);
    });

    it(`shows the port-forward, settings, recordings and other sessions drawers in the ${theme} theme`, async () => {
      const { page } = app;
      await toggleDrawer('Port-forwards');
      await waitFor('the port-forward drawer', () => page.getByRole('region', { name: 'Port-forwards' }).isVisible(), Boolean);
      await look('port-forwards', theme);
      await toggleDrawer('Settings');
      await waitFor('the settings drawer', () => page.getByRole('region', { name: 'Settings' }).isVisible(), Boolean);
      await look('settings', theme);
      await toggleDrawer('Other sessions');
      await waitFor('the other sessions drawer', () => page.getByRole('region', { name: 'Sessions without a tab here' }).isVisible(), Boolean);
      await look('other-sessions', theme);
      await toggleDrawer('Recordings');
      const recordings = page.getByRole('region', { name: 'Recordings' });
      await waitFor('the recording of the split test listed', () => recordings.getByRole('listitem').count(), (count) => count > 0);
      await look('recordings', theme);
      await toggleDrawer('Recordings');
    });
  }

  it('draws the two themes in different colours', () => {
    const light = colours.get('light');
    const dark = colours.get('dark');
    expect(light).toBeDefined();
    for (const [part, colour] of Object.entries(light ?? {})) {
      expect(colour, part).not.toBe('missing');
      expect(dark?.[part], part).not.toBe(colour);
    }
  });

  it('logged no console error and no uncaught exception', () => {
    expect(app.pageErrors).toEqual([]);
  });
});
