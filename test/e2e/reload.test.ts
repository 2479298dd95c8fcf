// Sessions belong to main, not to the page: a reload re-binds every tab to its running session and
// restores what it showed (a terminal's screen exactly: main keeps it); closing a tab ends its
// session in main. A file browser, which has no session, comes back at the folder it showed.
import type { Page } from 'playwright-core';
import { expect, it } from 'vitest';
import {
  activePanel,
  openLogs,
  openShell,
  selectPod,
  sessionIdOf,
  STEP_TIMEOUT_MS,
  tabWithSession,
  typeInTerminal,
  waitFor,
  waitForTerminalText,
} from './harness.ts';
import { cluster, describeApp, useApp } from './use-app.ts';

/** What the visible terminal shows, read from the DOM renderer's rows: each row's text and where the cursor is. */
interface ShownScreen {
  readonly rows: readonly string[];
  readonly cursor: readonly [row: number, column: number] | null;
  /** The classes of the cell showing `colouredText`'s first character (its colour). */
  readonly colour: string | null;
}

async function shownScreen(page: Page, colouredText = ''): Promise<ShownScreen> {
  const pane = activePanel(page).locator('.terminal-pane');
  expect(await pane.getAttribute('data-renderer')).toBe('dom'); // rows are text only with the DOM renderer
  return pane.locator('.xterm-rows').evaluate((rows, coloured) => {
    const text = (node: Element): string => (node.textContent ?? '').replaceAll('\u00a0', ' ');
    const lines = [...rows.children];
    let cursor: [number, number] | null = null;
    let colour: string | null = null;
    lines.forEach((line, row) => {
      let column = 0;
      for (const cell of line.children) {
        if (cell.classList.contains('xterm-cursor')) cursor = [row, column];
        if (coloured !== '' && colour === null && text(cell).startsWith(coloured)) colour = cell.className;
        column += text(cell).length;
      }
    });
    return { rows: lines.map((line) => text(line).trimEnd()), cursor, colour };
  }, colouredText);
}

/** Waits until the visible terminal shows `expected` (rows, cursor and colour), and answers what it shows then. */
async function waitForScreen(page: Page, what: string, expected: ShownScreen, colouredText = ''): Promise<ShownScreen> {
  return waitFor(what, () => shownScreen(page, colouredText), (shown) => JSON.stringify(shown) === JSON.stringify(expected));
}

describeApp('tabs across a reload', () => {
  const app = useApp();
  let shell = '';
  let logs = '';
  /** The ids main gave the tabs' sessions (a tab's own id is the page's). */
  const sessionsOf = (kind: 'exec' | 'logs'): string[] => app.core.listSessions().filter((info) => info.kind === kind).map((info) => info.id);

  it('re-binds a shell and a log tab to their sessions, with their content and the user’s title', async () => {
    const { page } = app;
    const { single, seq } = cluster!.pods;
    shell = await sessionIdOf(await openShell(page, cluster!.contexts.admin, single.namespace, single.name));
    await typeInTerminal(page, 'echo before-reload-$((2*3))\n');
    await waitForTerminalText(page, 'before-reload-6');
    await tabWithSession(page, shell).dblclick();
    const title = page.getByRole('textbox', { name: 'Tab title' });
    await title.fill('my shell');
    await title.press('Enter');
    logs = await sessionIdOf(await openLogs(page, cluster!.contexts.admin, seq.namespace, seq.name));
    await waitFor('seq lines', () => activePanel(page).locator('[role="log"] .row').count(), (count) => count > 5);

    await page.reload();

    await waitFor('both tabs back', () => page.getByRole('tab').count(), (count) => count === 2);
    expect(await page.getByRole('tab').evaluateAll((tabs) => tabs.map((tab) => (tab as HTMLElement).dataset['session']))).toEqual([shell, logs]);
    expect(await tabWithSession(page, shell).textContent()).toContain('my shell');
    // The log tab was active; it shows the replayed lines and keeps following.
    await waitFor('replayed seq lines', () => activePanel(page).locator('[role="log"] .row').count(), (count) => count > 5);
    await tabWithSession(page, shell).click();
    await waitFor('shell live again', () => tabWithSession(page, shell).locator('.badge').textContent(), (badge) => badge === 'live');
    // Main replays what it kept of the shell's output after the attach.
    await waitForTerminalText(page, 'before-reload-6');
    await typeInTerminal(page, 'echo after-reload-$((3*3))\n');
    await waitForTerminalText(page, 'after-reload-9');
    await app.screenshot('reloaded');
  });

  it('brings a shell back exactly as it was: every row from the left edge, its colours and cursor', async () => {
    const { page } = app;
    await tabWithSession(page, shell).click();
    await typeInTerminal(page, "clear; printf '\\033[32mgreen\\033[0m words\\n'; echo rows-$((6*7))\n");
    await waitForTerminalText(page, 'rows-42');
    await typeInTerminal(page, 'echo typed-not-run');
    await waitForTerminalText(page, 'typed-not-run');
    const before = await shownScreen(page, 'green');
    expect(before.colour).toMatch(/xterm-fg-2/);
    expect(before.cursor).not.toBeNull();

    await page.reload();
    await tabWithSession(page, shell).click();
    await waitFor('shell live again', () => tabWithSession(page, shell).locator('.badge').textContent(), (badge) => badge === 'live');
    await activePanel(page).locator('.xterm').click();
    const after = await waitForScreen(page, 'the same screen after the reload', before, 'green');
    // The reloaded screen's first line starts at the left edge (it once landed at the right edge).
    expect(after.rows[0]).toMatch(/^\S/);
    await app.screenshot('reload-shell-kept');
    await page.keyboard.press('Control+U'); // drop the line typed before the reload
    await typeInTerminal(page, 'echo still-$((5*5))\n');
    await waitForTerminalText(page, 'still-25');
  });

  it('keeps vi open across a reload: the same screen, which still takes keys', async () => {
    const { page } = app;
    await typeInTerminal(page, 'clear; echo behind-vi\nvi /tmp/reload-notes.txt\n');
    await waitFor('vi open', () => shownScreen(page), (shown) => shown.rows.filter((row) => row.startsWith('~')).length > 3);
    await page.keyboard.type('ikept across a reload');
    await page.keyboard.press('Escape');
    // Back in command mode, busybox vi's status line starts with "-" (with "I" in insert mode).
    const before = await waitFor(
      'the text typed in vi, in command mode',
      () => shownScreen(page),
      (shown) => shown.rows[0] === 'kept across a reload' && shown.rows.at(-1)?.startsWith('- /tmp/reload-notes.txt') === true,
    );
    await app.screenshot('reload-vi-before');

    await page.reload();
    await tabWithSession(page, shell).click();
    await waitFor('shell live again', () => tabWithSession(page, shell).locator('.badge').textContent(), (badge) => badge === 'live');
    await activePanel(page).locator('.xterm').click();
    await waitForScreen(page, 'vi’s screen after the reload', before);
    await app.screenshot('reload-vi-after');

    // vi still has the keys: it moves to the end of the line and appends, then quits to the shell.
    await page.keyboard.type('A!');
    await page.keyboard.press('Escape');
    // Wait for command mode too: an Escape read together with the next keys is taken as the start of
    // an escape sequence, and `:q!` is lost with it.
    await waitFor(
      'vi took the keys, in command mode',
      () => shownScreen(page),
      (shown) => shown.rows[0] === 'kept across a reload!' && shown.rows.at(-1)?.startsWith('- /tmp/reload-notes.txt') === true,
    );
    await page.keyboard.type(':q!\n');
    // Type on only once the shell's prompt is back: busybox vi reads ahead, and keys typed while it
    // is still exiting are read by vi and lost (seen on CI's loaded machine).
    await waitFor('vi quit to the shell', () => shownScreen(page), (shown) => /porthole\$$/.test(shown.rows.filter((row) => row !== '').at(-1) ?? ''));
    await typeInTerminal(page, 'echo after-vi-$((2*4))\n');
    await waitForTerminalText(page, 'after-vi-8');
  });

  it('ends the session in main when its tab is closed', async () => {
    const { page } = app;
    const [shellSession] = sessionsOf('exec');
    expect(sessionsOf('logs')).toHaveLength(1);
    await page.getByRole('button', { name: /^Close .*seq/ }).click();
    await waitFor('one tab left', () => page.getByRole('tab').count(), (count) => count === 1);
    await waitFor('the log session gone from main', () => sessionsOf('logs'), (left) => left.length === 0, STEP_TIMEOUT_MS);
    expect(sessionsOf('exec')).toEqual([shellSession]);
  });

  it('reopens a file browser at the folder it showed (it has no session in main: the page keeps where it was)', async () => {
    const { page } = app;
    const { single } = cluster!.pods;
    const before = await page.getByRole('tab').count();
    await selectPod(page, cluster!.contexts.admin, single.namespace, single.name);
    await page.keyboard.press('f');
    await waitFor('a files tab', () => page.getByRole('tab').count(), (count) => count === before + 1);
    const row = (name: string) => activePanel(page).locator(`[role="row"][data-name="${name}"]`);
    const at = (path: string) => waitFor(`the file browser at ${path}`, () => activePanel(page).locator('.crumb[aria-current="location"]').getAttribute('title'), (title) => title === `Open ${path}`);
    await waitFor('the etc row', () => row('etc').isVisible(), Boolean);
    await row('etc').dblclick();
    await at('/etc');

    await page.reload();

    await waitFor('the tabs back', () => page.getByRole('tab').count(), (count) => count === before + 1);
    expect(await page.getByRole('tab', { selected: true }).textContent()).toContain(`${single.name}/${single.containers[0]}: files`);
    await at('/etc');
    await waitFor('the passwd row', () => row('passwd').isVisible(), Boolean);
    await app.screenshot('reloaded-files');
  });

  it('logged no console error and no uncaught exception', () => {
    expect(app.pageErrors).toEqual([]);
  });
});
