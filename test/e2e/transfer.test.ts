// File transfers end to end: a file dragged onto a shell's pane is uploaded into the container's
// /tmp (the drop target marked while the file is over it), the transfers drawer shows it verified,
// and `cat` in the shell shows its content. Writes only a uniquely named file in the seed pod's /tmp.
import { expect, it } from 'vitest';
import type { JSHandle } from 'playwright-core';
import { activePanel, openShell, STEP_TIMEOUT_MS, typeInTerminal, waitFor, waitForTerminalText } from './harness.ts';
import { cluster, describeApp, useApp } from './use-app.ts';

describeApp('file transfers in the browser', () => {
  const app = useApp();
  const suffix = Math.random().toString(36).slice(2, 7);
  const name = `dropped ☃ ${suffix}.txt`;

  it('a file dropped on a terminal lands in the pod, verified, and cat shows it', async () => {
    const { page } = app;
    const single = cluster!.pods.single;
    await openShell(page, cluster!.contexts.admin, single.namespace, single.name);
    const pane = activePanel(page).locator('[data-drop-label]');
    const dataTransfer: JSHandle<DataTransfer> = await page.evaluateHandle((fileName) => {
      const transfer = new DataTransfer();
      transfer.items.add(new File([`porthole drop ${6 * 7}\n`], fileName, { type: 'text/plain' }));
      return transfer;
    }, name);
    await pane.dispatchEvent('dragenter', { dataTransfer });
    await pane.dispatchEvent('dragover', { dataTransfer });
    expect(await pane.getAttribute('data-drop-target')).toBe('');
    await app.screenshot('transfer-drop-target');
    await pane.dispatchEvent('drop', { dataTransfer });
    expect(await pane.getAttribute('data-drop-target')).toBeNull();

    await page.keyboard.press('Control+Shift+U');
    const row = page.locator('[aria-label="Transfers list"] li').first();
    await waitFor('the upload verified', () => row.getAttribute('data-state'), (state) => state === 'done', STEP_TIMEOUT_MS);
    expect(await row.textContent()).toContain('Verified (SHA-256)');
    await app.screenshot('transfer-drawer');

    await page.keyboard.press('Control+Shift+U');
    await activePanel(page).locator('.xterm').click();
    // A glob, not the name: what is typed stays ASCII.
    await typeInTerminal(page, `cat /tmp/dropped*${suffix}.txt && rm /tmp/dropped*${suffix}.txt\n`);
    await waitForTerminalText(page, 'porthole drop 42');
    await app.screenshot('transfer-cat');
    expect(app.pageErrors).toEqual([]);
  });
});
