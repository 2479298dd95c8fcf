// Sessions belong to main, not to the page: a reload re-binds every tab to its running session and
// restores what it showed; closing a tab ends its session in main.
import { expect, it } from 'vitest';
import {
  activePanel,
  openLogs,
  openShell,
  sessionIdOf,
  STEP_TIMEOUT_MS,
  tabOf,
  typeInTerminal,
  waitFor,
  waitForTerminalText,
} from './harness.ts';
import { cluster, describeApp, useApp } from './use-app.ts';

describeApp('tabs across a reload', () => {
  const app = useApp();
  let shell = '';
  let logs = '';

  it('re-binds a shell and a log tab to their sessions, with their content and the user’s title', async () => {
    const { page } = app;
    const { single, seq } = cluster!.pods;
    shell = await sessionIdOf(await openShell(page, cluster!.contexts.admin, single.namespace, single.name));
    await typeInTerminal(page, 'echo before-reload-$((2*3))\n');
    await waitForTerminalText(page, 'before-reload-6');
    await tabOf(page, shell).dblclick();
    const title = page.getByRole('textbox', { name: 'Tab title' });
    await title.fill('my shell');
    await title.press('Enter');
    logs = await sessionIdOf(await openLogs(page, cluster!.contexts.admin, seq.namespace, seq.name));
    await waitFor('seq lines', () => activePanel(page).locator('[role="log"] .row').count(), (count) => count > 5);

    await page.reload();

    await waitFor('both tabs back', () => page.getByRole('tab').count(), (count) => count === 2);
    expect(await page.getByRole('tab').evaluateAll((tabs) => tabs.map((tab) => (tab as HTMLElement).dataset['session']))).toEqual([shell, logs]);
    expect(await tabOf(page, shell).textContent()).toContain('my shell');
    // The log tab was active; it shows the replayed lines and keeps following.
    await waitFor('replayed seq lines', () => activePanel(page).locator('[role="log"] .row').count(), (count) => count > 5);
    await tabOf(page, shell).click();
    await waitFor('shell live again', () => tabOf(page, shell).locator('.badge').textContent(), (badge) => badge === 'live');
    // Main replays what it kept of the shell's output after the attach.
    await waitForTerminalText(page, 'before-reload-6');
    await typeInTerminal(page, 'echo after-reload-$((3*3))\n');
    await waitForTerminalText(page, 'after-reload-9');
    await app.screenshot('reloaded');
  });

  it('ends the session in main when its tab is closed', async () => {
    const { page } = app;
    await page.getByRole('button', { name: /^Close .*seq/ }).click();
    await waitFor('one tab left', () => page.getByRole('tab').count(), (count) => count === 1);
    await waitFor('the log session gone from main', () => app.core.listSessions().some((info) => info.id === logs), (present) => !present, STEP_TIMEOUT_MS);
    expect(app.core.listSessions().some((info) => info.id === shell)).toBe(true);
  });

  it('logged no console error and no uncaught exception', () => {
    expect(app.pageErrors).toEqual([]);
  });
});
