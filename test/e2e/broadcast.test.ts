// Broadcast input end to end: a shell in every pod of the 3-replica web Deployment, in one grid, and
// one command typed once reaching all three pods (and not an opted-out one), on the real cluster.
import { expect, it } from 'vitest';
import { countInTerminal, selectPod, waitFor, waitForTerminalText } from './harness.ts';
import { cluster, describeApp, useApp } from './use-app.ts';

describeApp('broadcast input in the browser', () => {
  const app = useApp();
  /** The panes of the tab that is showing. */
  const panes = () => app.page.locator('[data-pane]:not([hidden])');

  /** Focuses pane `index` of the shown tab (a click in its terminal), so Find and the keys go there. */
  async function focusPane(index: number): Promise<void> {
    await panes().nth(index).locator('.xterm').click();
    await waitFor(`pane ${index} focused`, () => panes().nth(index).getAttribute('data-focused'), (focused) => focused === 'true');
  }

  it('shells into every ready pod of web, broadcasts one hostname to all three, and leaves an opted-out pane out', async () => {
    const { page } = app;
    const admin = cluster!.contexts.admin;
    const { namespace } = cluster!.web;
    // Open the namespace through a seed pod there, then pick a web replica.
    await selectPod(page, admin, namespace, cluster!.pods.single.name);
    const webRows = page.locator(`[role="treeitem"][data-path^="${admin}/${namespace}/${cluster!.web.name}-"]`);
    await waitFor('the web replicas in the sidebar', () => webRows.count(), (count) => count === cluster!.web.replicas);
    await webRows.first().click();
    await page.keyboard.press('g');
    await waitFor('one pane per replica', () => panes().count(), (count) => count === cluster!.web.replicas);

    // Each pane's header names its pod: three different pods, broadcast off until turned on.
    const pods: string[] = [];
    for (let i = 0; i < cluster!.web.replicas; i++) pods.push(((await panes().nth(i).locator('.pane-header').getAttribute('title')) ?? '').split(' · ')[2] ?? '');
    expect(new Set(pods).size).toBe(cluster!.web.replicas);
    expect(await page.getByRole('img', { name: /^Broadcast to/ }).count()).toBe(0);

    await focusPane(0);
    await page.keyboard.press('Control+Shift+B');
    await waitFor('every pane marked broadcast', () => panes().getByRole('img', { name: `Broadcast to ${pods.length} panes` }).count(), (count) => count === pods.length);
    await page.keyboard.type('echo host-$(hostname)\n');
    for (const [index, pod] of pods.entries()) {
      await focusPane(index);
      await waitForTerminalText(page, `host-${pod}`);
      for (const other of pods.filter((name) => name !== pod)) expect(await countInTerminal(page, `host-${other}`)).toBe(0);
    }
    await app.screenshot('broadcast');

    // One click opts the last pane out; what is typed in the first reaches the other two only.
    await panes().nth(2).getByRole('button', { name: 'Opt this pane out of broadcast' }).click();
    await waitFor('the pane marked opted out', () => panes().nth(2).getByText('opted out').count(), (count) => count === 1);
    await focusPane(0);
    await page.keyboard.type('echo only-$((1+1))\n');
    await waitForTerminalText(page, 'only-2');
    await focusPane(1);
    await waitForTerminalText(page, 'only-2');
    await focusPane(2);
    expect(await countInTerminal(page, 'only-2')).toBe(0);
    await app.screenshot('broadcast-opted-out');
    expect(app.pageErrors).toEqual([]);
  });
});
