// Terminal tabs end to end: the real core and cluster behind the web host, Chromium in front.
import { expect, it } from 'vitest';
import {
  activePanel,
  countInTerminal,
  openShell,
  selectPod,
  tabIdOf,
  STEP_TIMEOUT_MS,
  tabOf as tabOfPage,
  terminalSize,
  typeInTerminal,
  waitForTerminalText,
} from './harness.ts';
import { cluster, describeApp, useApp } from './use-app.ts';

describeApp('terminal tabs in the browser', () => {
  const app = useApp();
  /** The first shell (admin context), by session id: several tabs share its title. */
  let adminTabId = '';
  const single = () => cluster!.pods.single;
  const tabOf = (id: string) => tabOfPage(app.page, id);

  it('opens a shell on the pod, and `echo hi` shows hi', async () => {
    const { page } = app;
    adminTabId = await tabIdOf(await openShell(page, cluster!.contexts.admin, single().namespace, single().name));
    await typeInTerminal(page, 'echo hi');
    // The typed command line holds one "hi"; the output line adds the second.
    await waitForTerminalText(page, 'echo hi');
    const beforeEnter = await countInTerminal(page, 'hi');
    await typeInTerminal(page, '\n');
    await waitForTerminalText(page, 'hi', beforeEnter + 1);
    await app.screenshot('shell');
  });

  it('tells the pod the new size when the window is resized: `stty size` agrees', async () => {
    const { page } = app;
    const before = await terminalSize(page);
    await page.setViewportSize({ width: 1000, height: 600 });
    await expect.poll(async () => (await terminalSize(page)).cols, { timeout: STEP_TIMEOUT_MS }).toBeLessThan(before.cols);
    const after = await terminalSize(page);
    expect(after.rows).toBeLessThan(before.rows);
    await typeInTerminal(page, 'stty size\n');
    // stty prints "rows cols"; the command line itself does not contain those digits together.
    await waitForTerminalText(page, `${after.rows} ${after.cols}`);
    await app.screenshot('shell-resized');
    await page.setViewportSize({ width: 1280, height: 800 });
  });

  it('runs two shells in two contexts at once (admin: client certificate, plugin: exec credential plugin)', async () => {
    const { page } = app;
    const adminTab = tabOf(adminTabId);
    const pluginTab = tabOf(await tabIdOf(await openShell(page, cluster!.contexts.plugin, single().namespace, single().name)));
    expect(await pluginTab.getAttribute('title')).toContain(cluster!.contexts.plugin);
    await typeInTerminal(page, 'echo plugin-side-$((6*7))\n');
    await waitForTerminalText(page, 'plugin-side-42');

    await adminTab.click();
    expect(await adminTab.getAttribute('title')).toContain(cluster!.contexts.admin);
    await typeInTerminal(page, 'echo admin-side-$((6*7))\n');
    await waitForTerminalText(page, 'admin-side-42');
    // Each tab shows its own session's output only.
    expect(await countInTerminal(page, 'plugin-side-42')).toBe(0);
    await expect.poll(() => pluginTab.locator('.badge').textContent()).toBe('live');
    await expect.poll(() => adminTab.locator('.badge').textContent()).toBe('live');
    await app.screenshot('two-contexts');
  });

  it('copies with Ctrl+Shift+C and pastes with Ctrl+Shift+V and with a right click', async () => {
    const { page } = app;
    await typeInTerminal(page, 'echo copy-me-$((5*5))\n');
    await waitForTerminalText(page, 'copy-me-25');
    // Find selects its match: that is the selection to copy.
    const panel = activePanel(page);
    await panel.getByRole('button', { name: 'Find in terminal' }).click();
    const box = panel.getByRole('searchbox', { name: 'Find text in terminal' });
    await box.fill('copy-me-25');
    await box.press('Enter');
    await panel.locator('.xterm-helper-textarea').focus();
    await page.keyboard.press('Control+Shift+C');
    await expect.poll(() => page.evaluate(() => navigator.clipboard.readText())).toBe('copy-me-25');
    await box.press('Escape'); // closes Find; its highlights would keep selecting the match

    await typeInTerminal(page, 'echo pasted-');
    await page.keyboard.press('Control+Shift+V');
    await typeInTerminal(page, '\n');
    await waitForTerminalText(page, 'pasted-copy-me-25', 2); // the command line and its output

    await page.evaluate(() => navigator.clipboard.writeText('echo right-click-$((1+1))'));
    // A right click copies a selection if there is one (Find left its match selected): click it away.
    await panel.locator('.xterm-screen').click();
    await panel.locator('.xterm-screen').click({ button: 'right' });
    await typeInTerminal(page, '\n');
    await waitForTerminalText(page, 'right-click-2');
  });

  it('shows the exit and starts the shell again in the same tab with "Run again"', async () => {
    const { page } = app;
    const before = await page.getByRole('tab').count();
    await typeInTerminal(page, 'exit\n');
    const banner = activePanel(page).getByRole('status').filter({ hasText: 'Exited with code 0' });
    await expect.poll(() => banner.isVisible(), { timeout: STEP_TIMEOUT_MS }).toBe(true);
    expect(await page.getByRole('tab', { selected: true }).locator('.badge').textContent()).toBe('exited 0');
    await app.screenshot('shell-exited');
    await activePanel(page).getByRole('button', { name: 'Run again' }).click();
    const again = page.getByRole('tab', { selected: true });
    await expect.poll(() => again.locator('.badge').textContent(), { timeout: STEP_TIMEOUT_MS }).toBe('live');
    expect(await page.getByRole('tab').count()).toBe(before);
    adminTabId = await tabIdOf(again);
    await typeInTerminal(page, 'echo again-$((2+2))\n');
    await waitForTerminalText(page, 'again-4');
  });

  it('shows the viewer context’s exec refusal in the server’s own words', async () => {
    const { page } = app;
    const count = await page.getByRole('tab').count();
    await selectPod(page, cluster!.contexts.viewer, single().namespace, single().name);
    await page.keyboard.press('Enter');
    await expect.poll(() => page.getByRole('tab').count(), { timeout: STEP_TIMEOUT_MS }).toBe(count + 1);
    const alert = activePanel(page).getByRole('alert');
    await expect.poll(() => alert.textContent(), { timeout: STEP_TIMEOUT_MS }).toContain(`pods "${single().name}" is forbidden`);
    const text = (await alert.textContent()) ?? '';
    expect(text).toContain('pods/exec');
    expect(text).toContain(cluster!.users.viewer);
    expect(await page.getByRole('tab', { selected: true }).locator('.badge').textContent()).toBe('error');
    await app.screenshot('viewer-exec-denied');
  });

  it('draws with the DOM renderer on software WebGL, and with WebGL when the settings ask for it', async () => {
    const { page } = app;
    await tabOf(adminTabId).click();
    const pane = activePanel(page).locator('.terminal-pane');
    // This Chromium runs with --disable-gpu: its WebGL is SwiftShader, on the CPU.
    expect(await pane.getAttribute('data-renderer')).toBe('dom');
    await page.getByRole('button', { name: 'Settings' }).click();
    await page.getByRole('combobox', { name: 'Terminal drawing' }).selectOption('webgl');
    await expect.poll(() => pane.getAttribute('data-renderer'), { timeout: STEP_TIMEOUT_MS }).toBe('webgl');
    // Only the visible terminal holds a WebGL context (browsers allow a handful per page).
    const hiddenPanes = page.locator('[role="tabpanel"][hidden] .terminal-pane');
    const hiddenRenderers = await hiddenPanes.evaluateAll((panes) => panes.map((hidden) => hidden.getAttribute('data-renderer')));
    expect(hiddenRenderers.length).toBeGreaterThan(0);
    expect(new Set(hiddenRenderers)).toEqual(new Set(['dom']));
    await page.getByRole('button', { name: 'Close settings' }).click();
    await typeInTerminal(page, 'echo on-webgl-$((4*4))\n');
    await waitForTerminalText(page, 'on-webgl-16');
  });

  it('falls back to the DOM renderer when the WebGL context is lost, keeping the screen', async () => {
    const { page } = app;
    const pane = activePanel(page).locator('.terminal-pane');
    expect(await pane.getAttribute('data-renderer')).toBe('webgl');
    await page.evaluate(() => {
      const canvases = document.querySelectorAll<HTMLCanvasElement>('[role="tabpanel"]:not([hidden]) .xterm-screen canvas');
      for (const canvas of canvases) {
        const gl = canvas.getContext('webgl2');
        gl?.getExtension('WEBGL_lose_context')?.loseContext();
      }
    });
    await expect.poll(() => pane.getAttribute('data-renderer'), { timeout: STEP_TIMEOUT_MS }).toBe('dom');
    // The DOM renderer draws text as text: the earlier output is on screen.
    await typeInTerminal(page, 'echo after-fallback-$((3*3))\n');
    await expect.poll(() => activePanel(page).locator('.xterm-rows').textContent(), { timeout: STEP_TIMEOUT_MS }).toContain('after-fallback-9');
  });

  it('logged no console error and no uncaught exception', () => {
    expect(app.pageErrors).toEqual([]);
  });
});
