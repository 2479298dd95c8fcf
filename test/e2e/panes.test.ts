// Split panes end to end: shells and logs side by side in one tab, on the real cluster, in Chromium.
import { expect, it } from 'vitest';
import { activePanel, countInTerminal, openLogs, openShell, STEP_TIMEOUT_MS, terminalSize, typeInTerminal, waitFor, waitForTerminalText } from './harness.ts';
import { cluster, describeApp, useApp } from './use-app.ts';

describeApp('split panes in the browser', () => {
  const app = useApp();
  const single = () => cluster!.pods.single;
  /** The panes of the tab that is showing. */
  const panes = () => app.page.locator('[data-pane]:not([hidden])');
  const focusedPane = () => activePanel(app.page);
  const focusedId = () => focusedPane().getAttribute('data-pane');

  /** Waits until the tab shows `count` panes and the focused one's shell is live (the strip shows its badge). */
  async function untilPanes(count: number): Promise<void> {
    await waitFor(`${count} panes`, () => panes().count(), (n) => n === count);
    await waitFor('the focused pane live', () => app.page.getByRole('tab', { selected: true }).locator('.badge').textContent(), (badge) => badge === 'live');
  }

  it('splits a shell pane right and down, each a new shell in the same pod, with a header naming it', async () => {
    const { page } = app;
    await openShell(page, cluster!.contexts.admin, single().namespace, single().name);
    await typeInTerminal(page, 'echo first-$((1+1))\n');
    await waitForTerminalText(page, 'first-2');
    await page.keyboard.press('Control+Shift+D');
    await untilPanes(2);
    await page.keyboard.press('Control+Shift+E');
    await untilPanes(3);
    const header = await focusedPane().locator('.pane-header').getAttribute('title');
    expect(header).toBe(`${cluster!.contexts.admin} · ${single().namespace} · ${single().name} · main`);
    // The newest pane has the focus, and a shell of its own: the first pane's output is not in it.
    await typeInTerminal(page, 'echo third-$((1+2))\n');
    await waitForTerminalText(page, 'third-3');
    expect(await countInTerminal(page, 'first-2')).toBe(0);
    await app.screenshot('split-panes');
  });

  it('moves the focus with Alt+arrows, and what is typed goes to the focused pane\'s pod', async () => {
    const { page } = app;
    const bottom = await focusedId();
    await page.keyboard.press('Alt+ArrowUp');
    await waitFor('focus moved up', focusedId, (id) => id !== bottom);
    // No click: the focused pane has the keyboard.
    await page.keyboard.type('echo up-$((2*3))\n');
    await waitForTerminalText(page, 'up-6');
    await page.keyboard.press('Alt+ArrowDown');
    await waitFor('focus back down', focusedId, (id) => id === bottom);
    expect(await countInTerminal(page, 'up-6')).toBe(0);
    await page.keyboard.press('Alt+ArrowLeft');
    await page.keyboard.type('echo left-$((3*3))\n');
    await waitForTerminalText(page, 'left-9');
    expect(await countInTerminal(page, 'first-2')).toBeGreaterThan(0);
  });

  it('drags the splitter, and the pod is told the new size: `stty size` agrees', async () => {
    const { page } = app;
    const before = await terminalSize(page);
    const splitter = app.page.locator('[role="separator"][aria-orientation="vertical"]');
    const box = (await splitter.boundingBox())!;
    // A quarter of the way down: at half height the right column's own splitter meets it.
    const y = box.y + box.height / 4;
    await page.mouse.move(box.x + box.width / 2, y);
    await page.mouse.down();
    await page.mouse.move(box.x + box.width / 2 + 200, y, { steps: 5 });
    await page.mouse.up();
    await waitFor('the splitter moved right', () => splitter.getAttribute('aria-valuenow'), (value) => Number(value) > 55);
    // The left pane is focused: it grew.
    await expect.poll(async () => (await terminalSize(page)).cols, { timeout: STEP_TIMEOUT_MS }).toBeGreaterThan(before.cols);
    const after = await terminalSize(page);
    await typeInTerminal(page, 'stty size\n');
    await waitForTerminalText(page, `${after.rows} ${after.cols}`);
    await app.screenshot('split-panes-resized');
  });

  it('takes a log tab dragged onto a pane: logs and a terminal side by side', async () => {
    const { page } = app;
    const shellTab = page.locator(`[role="tab"][data-tab="${await page.getByRole('tab', { selected: true }).getAttribute('data-tab')}"]`);
    const logsTab = await openLogs(page, cluster!.contexts.admin, single().namespace, single().name);
    await shellTab.click();
    const target = panes().first();
    const place = (await target.boundingBox())!;
    await logsTab.dragTo(target, { targetPosition: { x: place.width * 0.8, y: place.height * 0.3 } });
    await app.screenshot('split-panes-dropped');
    await waitFor('the log tab gone from the strip', () => page.getByRole('tab').count(), (n) => n === 1);
    await waitFor('4 panes', () => panes().count(), (n) => n === 4);
    await waitFor('the log pane keeps its lines', () => panes().locator('[role="log"] .row').count(), (n) => n > 0);
    await app.screenshot('split-panes-logs');
  });

  it('keeps the layout and every pane\'s shell across a reload', async () => {
    const { page } = app;
    const headers = () => panes().locator('.pane-header').evaluateAll((nodes) => nodes.map((node) => node.getAttribute('title')));
    const before = await headers();
    await page.reload();
    await waitFor('4 panes again', () => panes().count(), (n) => n === 4);
    expect(await headers()).toEqual(before);
    // The dropped log pane kept the focus; a click puts it in a shell.
    await panes().locator('.xterm').first().click();
    await typeInTerminal(page, 'echo after-reload-$((4*4))\n');
    await waitForTerminalText(page, 'after-reload-16');
    await app.screenshot('split-panes-reloaded');
  });

  it('closes the focused pane with the close key, and the tab with its last pane', async () => {
    const { page } = app;
    for (let left = 4; left > 0; left--) {
      await page.keyboard.press('Control+Shift+W');
      await waitFor(`${left - 1} panes`, () => page.locator('[data-pane]').count(), (n) => n === left - 1);
    }
    expect(await page.getByRole('tab').count()).toBe(0);
    expect(app.pageErrors).toEqual([]);
  });
});
