// A shell for every container, end to end: a shell tab on a distroless pod says in one sentence that
// the container has no shell and offers a debug container; the offer (Enter) opens a shell beside
// it that sees the target's process. N on a pod asks, naming the node, then opens a shell on the
// node, whose pod is deleted when the tab closes. The pods are this file's own (a debug container
// can never be removed from a pod).
import { hostname } from 'node:os';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createApiClient, type ApiClient } from '../cluster/api-client.ts';
import { adminCredentials } from '../cluster/create-pods.ts';
import { NODE_SHELL_LABEL } from '../../main/core/debug/node-shell.ts';
import { createOwnPod } from '../integration/own-pods.ts';
import { activePanel, selectPod, typeInTerminal, waitFor, waitForTerminalText } from './harness.ts';
import { cluster, describeApp, useApp } from './use-app.ts';

const POD = `debug-e2e-${Math.random().toString(36).slice(2, 7)}`;

describeApp('debug containers and node shells in the browser', () => {
  const app = useApp();
  let admin: ApiClient;
  const namespace = () => cluster!.pods.single.namespace;
  const context = () => cluster!.contexts.admin;
  const selectedTab = () => app.page.getByRole('tab', { selected: true });
  const nodeShellPods = async (): Promise<number> =>
    (await admin.get<{ items: unknown[] }>(`/api/v1/namespaces/${namespace()}/pods?labelSelector=${encodeURIComponent(`${NODE_SHELL_LABEL}=true`)}`)).items.length;

  beforeAll(async () => {
    admin = createApiClient(adminCredentials(cluster!.kubeconfigPath));
    await createOwnPod(admin, namespace(), POD, cluster!.images.distroless);
    // The shipped default (a public busybox tag) cannot be pulled here: the node has the cluster's own.
    await app.page.evaluate((image) => localStorage.setItem('porthole.settings', JSON.stringify({ debugImage: image })), cluster!.images.busybox);
    await app.page.reload();
  }, 120_000);
  afterAll(async () => {
    await admin?.raw('DELETE', `/api/v1/namespaces/${namespace()}/pods/${POD}`);
    admin?.close();
  });

  it('a shell on a distroless pod says it has no shell and offers a debug container; Enter opens one that sees its process', async () => {
    const { page } = app;
    await selectPod(page, context(), namespace(), POD);
    await page.keyboard.press('Enter');
    const offer = activePanel(page).getByRole('button', { name: 'Debug with an ephemeral container' });
    await offer.waitFor();
    expect(await activePanel(page).getByRole('alert').textContent()).toContain('This container has no shell');
    expect(await offer.getAttribute('title')).toBe('Debug with an ephemeral container (Enter)');
    await app.screenshot('debug-no-shell');

    await offer.focus();
    await page.keyboard.press('Enter');
    await waitFor('a debug tab', () => selectedTab().textContent(), (text) => text?.includes(`${POD}/main: debug`) ?? false);
    await waitFor('the debug shell live', () => selectedTab().locator('.badge').textContent(), (badge) => badge === 'live', 90_000);
    await waitForTerminalText(page, 'Debug container porthole-debug-');
    await typeInTerminal(page, `echo "pid1=$(tr -d '\\0' < /proc/1/cmdline)"\n`);
    await waitForTerminalText(page, 'pid1=/tick');
    await app.screenshot('debug-shell');
  });

  it('N asks, naming the node, then opens a shell on the node; closing the tab deletes its pod', async () => {
    const { page } = app;
    await selectPod(page, context(), namespace(), POD);
    await page.keyboard.press('n');
    const dialog = page.getByRole('alertdialog', { name: `Open a shell on node ${cluster!.realNode.name}?` });
    await dialog.waitFor();
    await app.screenshot('node-shell-confirm');
    await page.keyboard.press('Enter');
    await waitFor('a node shell tab', () => selectedTab().textContent(), (text) => text?.includes(`node ${cluster!.realNode.name}: shell`) ?? false);
    await waitFor('the node shell live', () => selectedTab().locator('.badge').textContent(), (badge) => badge === 'live', 90_000);
    expect(await nodeShellPods()).toBe(1);
    await typeInTerminal(page, 'echo "host=$(hostname)"\n');
    await waitForTerminalText(page, `host=${hostname()}`);
    await app.screenshot('node-shell');

    await page.keyboard.press('Control+Shift+W');
    await waitFor('the node shell pod deleted', () => nodeShellPods(), (count) => count === 0, 60_000);
    expect(app.pageErrors).toEqual([]);
  });
});
