// The rest of the window end to end: port-forwards, merged and multi-container logs, the theme
// setting, and what the page says when Porthole itself goes away.
import { expect, it } from 'vitest';
import { activePanel, openLogs, selectPod, tabOf, tabIdOf, waitFor } from './harness.ts';
import { cluster, describeApp, useApp } from './use-app.ts';

describeApp('port-forwards, merged logs, settings', () => {
  const app = useApp();

  const rowTexts = () => activePanel(app.page).locator('[role="log"] .row').allTextContents();

  it('forwards a port chosen in the panel: the local address reaches the pod, Stop ends it', async () => {
    const { page } = app;
    const single = cluster!.pods.single;
    await selectPod(page, cluster!.contexts.admin, single.namespace, single.name);
    await page.getByRole('button', { name: 'Forward a port' }).click();
    const panel = page.getByRole('region', { name: 'Port-forwards' });
    expect(await panel.getByRole('textbox', { name: 'Pod' }).inputValue()).toBe(single.name);
    await panel.getByRole('spinbutton', { name: 'Remote port' }).fill(String(cluster!.portForward.httpPort));
    await panel.getByRole('button', { name: 'Start forwarding' }).click();
    const address = await waitFor('the local address', async () => (await panel.getByLabel('Local address').count()) > 0 ? await panel.getByLabel('Local address').textContent() : '', (text) => /^127\.0\.0\.1:\d+$/.test(text ?? ''));
    const response = await fetch(`http://${address}/`);
    expect(await response.text()).toBe(cluster!.portForward.httpBody);
    await waitFor('the forward live', () => panel.getByRole('status').first().textContent(), (text) => text === 'live');
    await app.screenshot('port-forwards');
    const forwards = () => app.core.listSessions().filter((info) => info.kind === 'port-forward');
    expect(forwards()).toHaveLength(1);
    await panel.getByRole('button', { name: /^Stop / }).click();
    await waitFor('the forward gone from the list', () => panel.getByText('No port-forwards running.').isVisible(), Boolean);
    await waitFor('the forward gone from main', () => forwards().length, (count) => count === 0);
    await panel.getByRole('button', { name: 'Close port-forwards' }).click();
  });

  it('merges the logs of every pod with the same app label, each line marked with its pod', async () => {
    const { page } = app;
    const seq = cluster!.pods.seq;
    await selectPod(page, cluster!.contexts.admin, seq.namespace, seq.name);
    await page.getByRole('button', { name: `Logs of all pods with app=${seq.name}` }).click();
    const merged = tabOf(page, await tabIdOf(page.getByRole('tab', { selected: true })));
    await waitFor('merged logs live', () => merged.locator('.badge').textContent(), (badge) => badge === 'live');
    expect(await merged.textContent()).toContain(`app=${seq.name}`);
    const lines = await waitFor('merged seq lines', rowTexts, (texts) => texts.filter((text) => text.startsWith(`${seq.name}/${seq.containers[0]} seq `)).length > 5);
    expect(lines.every((text) => text.startsWith(`${seq.name}/${seq.containers[0]} `))).toBe(true);
    await app.screenshot('merged-logs');
  });

  it('reads every container of a multi-container pod at once, and one of them on request', async () => {
    const { page } = app;
    const multi = cluster!.pods.multi;
    await openLogs(page, cluster!.contexts.admin, multi.namespace, multi.name);
    const sources = async () => new Set((await rowTexts()).map((text) => text.split(' ')[0]));
    const everyContainer = [...multi.initContainers, ...multi.containers].map((name) => `${multi.name}/${name}`);
    await waitFor('lines of every container', sources, (seen) => everyContainer.every((source) => seen.has(source)));
    await app.screenshot('logs-all-containers');
    await activePanel(page).getByRole('combobox', { name: 'Container' }).selectOption(multi.containers[1] as string);
    await waitFor('only the sidecar', rowTexts, (texts) => texts.length > 0 && texts.every((text) => !text.startsWith(`${multi.name}/`)));
  });

  it('switches to the dark theme and keeps it across a reload', async () => {
    const { page } = app;
    await page.getByRole('button', { name: 'Settings' }).click();
    await page.getByRole('combobox', { name: 'Theme' }).selectOption('dark');
    expect(await page.evaluate(() => document.documentElement.dataset['theme'])).toBe('dark');
    await page.reload();
    await waitFor('tabs back', () => page.getByRole('tab').count(), (count) => count > 0);
    expect(await page.evaluate(() => document.documentElement.dataset['theme'])).toBe('dark');
    await app.screenshot('dark-theme');
  });

  it('says so when Porthole stops, instead of failing silently', async () => {
    const { page } = app;
    await app.host.close();
    const alert = page.getByRole('alert').filter({ hasText: 'Not connected to Porthole' });
    await waitFor('the link banner', () => alert.isVisible(), Boolean);
    expect(await alert.textContent()).toContain('npm run web');
    await app.screenshot('host-stopped');
  });

  it('logged no console error and no uncaught exception', () => {
    expect(app.pageErrors).toEqual([]);
  });
});
