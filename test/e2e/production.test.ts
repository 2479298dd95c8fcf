// The production guard end to end: the admin context marked production in the settings (by the
// pattern), its panes marked PROD, and a multi-line paste or turning broadcast on asking first.
import { expect, it } from 'vitest';
import { activePanel, countInTerminal, openShell, typeInTerminal, waitFor, waitForTerminalText } from './harness.ts';
import { cluster, describeApp, useApp } from './use-app.ts';

describeApp('the production guard in the browser', () => {
  const app = useApp();
  const admin = () => cluster!.contexts.admin;
  const single = () => cluster!.pods.single;
  const panes = () => app.page.locator('[data-pane]:not([hidden])');

  it('marks the admin context production by a pattern in the settings', async () => {
    const { page } = app;
    await page.getByRole('button', { name: 'Settings' }).click();
    const settings = page.getByRole('region', { name: 'Settings' });
    const pattern = settings.getByRole('textbox', { name: 'Production pattern' });
    expect(await pattern.inputValue()).toBe('*prod*');
    await pattern.fill(admin());
    await pattern.press('Tab');
    const row = settings.getByRole('listitem').filter({ hasText: admin() });
    await waitFor('the admin context marked PROD', () => row.textContent(), (text) => text?.includes('PROD') === true);
    await app.screenshot('settings-production');
    await page.getByRole('button', { name: 'Close settings' }).click();
  });

  it('asks before a multi-line paste into a production shell: cancelled, nothing is sent; confirmed, all of it', async () => {
    const { page } = app;
    await openShell(page, admin(), single().namespace, single().name);
    expect(await activePanel(page).getByRole('img', { name: `Production context ${admin()}` }).count()).toBe(1);
    await page.evaluate(() => navigator.clipboard.writeText('echo first-$((2+3))\necho second-$((3+4))\n'));
    await typeInTerminal(page, '');
    await page.keyboard.press('Control+Shift+V');
    const dialog = page.getByRole('alertdialog', { name: 'Paste 2 lines into production?' });
    await dialog.waitFor();
    expect(await dialog.getByLabel('What would be pasted').textContent()).toBe('echo first-$((2+3))\necho second-$((3+4))');
    await app.screenshot('production');
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
    expect(await countInTerminal(page, 'first-$((2+3))')).toBe(0);
    // Nothing lost: the text is still on the clipboard.
    expect(await page.evaluate(() => navigator.clipboard.readText())).toContain('second-$((3+4))');

    await typeInTerminal(page, '');
    await page.keyboard.press('Control+Shift+V');
    await dialog.waitFor();
    await page.keyboard.press('Enter');
    await waitForTerminalText(page, 'first-5');
    await waitForTerminalText(page, 'second-7');
  });

  it('asks before turning broadcast on for a tab with production panes, naming the context', async () => {
    const { page } = app;
    await page.keyboard.press('Control+Shift+D');
    await waitFor('two panes', () => panes().count(), (count) => count === 2);
    await typeInTerminal(page, '');
    await page.keyboard.press('Control+Shift+B');
    const dialog = page.getByRole('alertdialog', { name: 'Broadcast into production?' });
    await dialog.waitFor();
    expect(await dialog.getByRole('list', { name: 'Production contexts' }).textContent()).toContain(`PROD ${admin()}`);
    await app.screenshot('production-broadcast');
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
    expect(await panes().getByRole('img', { name: /^Broadcast to/ }).count()).toBe(0);

    await typeInTerminal(page, '');
    await page.keyboard.press('Control+Shift+B');
    await dialog.waitFor();
    await page.keyboard.press('Enter');
    await waitFor('both panes marked broadcast', () => panes().getByRole('img', { name: 'Broadcast to 2 panes' }).count(), (count) => count === 2);
    // Confirmed once for this arm of the group: typing asks nothing more and reaches both panes.
    await typeInTerminal(page, 'echo both-$((4*4))\n');
    await waitForTerminalText(page, 'both-16');
    await panes().nth(0).locator('.xterm').click();
    await waitForTerminalText(page, 'both-16');
    expect(await page.getByRole('alertdialog').count()).toBe(0);
    expect(app.pageErrors).toEqual([]);
  });
});
