// Recording and playback end to end: a real shell recorded with the record key, played back from
// the Recordings drawer, its played screen compared with what the shell showed; a .cast file from
// another tool opened through the file input; a broken one refused with its line.
import { mkdtempSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Locator, Page } from 'playwright-core';
import { expect, it } from 'vitest';
import { activePanel, openShell, STEP_TIMEOUT_MS, typeInTerminal, waitFor, waitForTerminalText } from './harness.ts';
import { cluster, describeApp, useApp } from './use-app.ts';

const FIXTURE = fileURLToPath(new URL('../unit/shared/asciicast/fixtures/every-field.cast', import.meta.url));
const RECORD_KEY = 'Control+Shift+X';

/** The rows of the terminal drawn in `pane` (xterm's DOM renderer: one element per row), trailing blanks cut. */
async function screenRows(pane: Locator): Promise<string[]> {
  const rows = (await pane.locator('.xterm-rows > div').allTextContents()).map((row) => row.replaceAll('\u00a0', ' ').replace(/\s+$/, ''));
  while (rows.length > 0 && rows.at(-1) === '') rows.pop();
  return rows;
}

function recMarks(page: Page): Locator {
  return page.getByRole('img', { name: 'Recording', exact: true });
}

describeApp('recording and playback', () => {
  const app = useApp();
  const single = () => cluster!.pods.single;
  let shellRows: string[] = [];

  it('records a shell with the record key: a REC mark on the pane and the tab while it runs', async () => {
    const { page } = app;
    await openShell(page, cluster!.contexts.admin, single().namespace, single().name);
    await typeInTerminal(page, 'clear\n');
    await page.keyboard.press(RECORD_KEY);
    await waitFor('the REC marks (pane header and tab)', () => recMarks(page).count(), (count) => count === 2);
    await app.screenshot('recording-shell');
    await typeInTerminal(page, 'echo "recorded $((6 * 7))"\n');
    await waitForTerminalText(page, 'recorded 42');
    await page.keyboard.press(RECORD_KEY);
    await waitFor('the REC marks gone', () => recMarks(page).count(), (count) => count === 0);
    shellRows = await screenRows(activePanel(page));
    expect(shellRows.some((row) => row === 'recorded 42')).toBe(true);

    const files = readdirSync(app.recordingsDirectory);
    expect(files).toHaveLength(1);
    expect(statSync(join(app.recordingsDirectory, files[0] as string)).mode & 0o777).toBe(0o600);
  });

  it('lists the recording in the drawer and plays it back: the played screen shows what the shell showed', async () => {
    const { page } = app;
    await page.getByRole('button', { name: 'Recordings', exact: true }).click();
    const drawer = page.getByRole('region', { name: 'Recordings' });
    const item = drawer.getByRole('listitem');
    await waitFor('one recording listed', () => item.count(), (count) => count === 1);
    await app.screenshot('recordings');
    await item.getByRole('button', { name: /^Play / }).click();
    const player = page.getByRole('region', { name: 'Recording player' });
    await waitFor('the playback reaches the output', () => screenRows(activePanel(page)), (rows) => rows.includes('recorded 42'));
    // Played to its end: everything recorded is on the screen.
    await waitFor('the playback at its end', () => player.getByLabel('Time').textContent(), (time) => /^(\d+:\d\d) \/ \1$/.test(time ?? ''));
    const played = await screenRows(activePanel(page));
    // The recording started after the prompt was drawn: its first row is the end of the shell's row.
    const start = shellRows.findIndex((row, index) => row.endsWith(played[0] ?? '\0') && shellRows.slice(index + 1, index + played.length).join('\n') === played.slice(1).join('\n'));
    expect(start, `played:\n${played.join('\n')}\nshell:\n${shellRows.join('\n')}`).toBeGreaterThanOrEqual(0);
    expect(played).toContain('recorded 42');
  });

  it('opens a .cast file written by another tool, and plays it with its controls', async () => {
    const { page } = app;
    await page.locator('input[type="file"][accept=".cast"]').setInputFiles(FIXTURE);
    await waitFor('the fixture playing', () => page.getByRole('tab', { selected: true }).getAttribute('title'), (title) => title === 'Every field');
    const player = activePanel(page).getByRole('region', { name: 'Recording player' });
    await player.getByRole('button', { name: '2×' }).click();
    await player.getByRole('slider', { name: 'Position' }).press('End');
    await waitFor('the fixture played', () => screenRows(activePanel(page)), (rows) => rows.some((row) => row.includes('still here after a long pause')));
    // Idle pauses longer than the file's idle_time_limit (2 s) are shortened: 12.5 s play in 6.
    expect(await player.getByLabel('Time').textContent()).toBe('0:06 / 0:06');
    await app.screenshot('playback');
  });

  it('refuses a broken file, naming the line', async () => {
    const { page } = app;
    const dir = mkdtempSync(join(tmpdir(), 'porthole-e2e-cast-'));
    const broken = join(dir, 'broken.cast');
    writeFileSync(broken, '{"version": 2, "width": 80, "height": 24}\n[1.5, "o", "a"]\n[0.5, "o", "b"]\n');
    await page.locator('input[type="file"][accept=".cast"]').setInputFiles(broken);
    await expect
      .poll(() => page.getByRole('status').allTextContents(), { timeout: STEP_TIMEOUT_MS })
      .toContainEqual(expect.stringContaining('Cannot play broken.cast: line 3: time goes backwards: 0.5 s comes after 1.5 s.'));
  });

  it('after a reload, the recording from the list plays again; the picked file is not kept', async () => {
    const { page } = app;
    const tabTitles = () => page.getByRole('tab').evaluateAll((tabs) => tabs.map((tab) => tab.getAttribute('title') ?? ''));
    expect(await tabTitles()).toContain('Every field');
    await page.reload();
    await waitFor('the tabs restored', tabTitles, (titles) => titles.length === 2);
    const titles = await tabTitles();
    expect(titles).not.toContain('Every field');
    await page.getByRole('tab', { name: /single\/main: shell/ }).last().click();
    await waitFor('the kept recording playing', () => screenRows(activePanel(page)), (rows) => rows.includes('recorded 42'));
    expect(app.pageErrors).toEqual([]);
  });
});
