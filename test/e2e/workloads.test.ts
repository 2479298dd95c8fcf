// Workloads end to end: the sidebar groups pods under their Deployment with ready/desired, and a
// workload's log tab, opened from its row, follows a rollout of a Deployment of this file's own
// (never the seed `web`), showing the new pods' joins and the old pods' leaves as marker rows; then
// the same tab also follows a context that cannot connect, which says why while the other flows.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createApiClient, type ApiClient } from '../cluster/api-client.ts';
import { adminCredentials } from '../cluster/create-pods.ts';
import { deploymentsPath, writerDeploymentManifest, type TemplateAnnotations } from '../cluster/real-node/writer-deployment.ts';
import { activePanel, STEP_TIMEOUT_MS, tabIdOf, tabOf, treeRow, waitFor } from './harness.ts';
import { cluster, describeApp, useApp } from './use-app.ts';

const WRITER = { namespace: 'porthole-a', name: 'e2e-rollout', replicas: 2, intervalSeconds: 0.5 };

describeApp('workloads in the browser', () => {
  const app = useApp();
  let admin: ApiClient;
  const context = () => cluster!.contexts.admin;
  const workloadPath = (name: string) => `${context()}/${WRITER.namespace}/Deployment ${name}`;

  beforeAll(async () => {
    admin = createApiClient(adminCredentials(cluster!.kubeconfigPath));
    await admin.post(deploymentsPath(WRITER.namespace), writerDeploymentManifest(WRITER, cluster!.images));
  });
  afterAll(async () => {
    await admin.raw('DELETE', `${deploymentsPath(WRITER.namespace)}/${WRITER.name}`);
    admin.close();
  });

  it('groups pods under their Deployment, with how many are ready', async () => {
    const { page } = app;
    const web = treeRow(page, workloadPath(cluster!.web.name));
    await waitFor('the web Deployment row', () => web.isVisible(), Boolean);
    await expect.poll(() => web.textContent(), { timeout: STEP_TIMEOUT_MS }).toContain(`${cluster!.web.replicas}/${cluster!.web.replicas}`);
    // Its pods are listed under it, one level deeper.
    const level = Number(await web.getAttribute('aria-level'));
    const firstPod = page.locator(`[role="treeitem"][data-path^="${context()}/${WRITER.namespace}/${cluster!.web.name}-"]`).first();
    expect(Number(await firstPod.getAttribute('aria-level'))).toBe(level + 1);
    await web.click();
    await expect.poll(() => firstPod.isVisible(), { timeout: STEP_TIMEOUT_MS }).toBe(false);
    await page.keyboard.press('ArrowRight');
    await expect.poll(() => firstPod.isVisible(), { timeout: STEP_TIMEOUT_MS }).toBe(true);
    await app.screenshot('workloads-sidebar');
  });

  it('opens the logs of a workload from its row and marks the pods a rollout brings and takes away', async () => {
    const { page } = app;
    const row = treeRow(page, workloadPath(WRITER.name));
    await waitFor('the writer Deployment row', () => row.textContent(), (text) => (text ?? '').includes(`${WRITER.replicas}/${WRITER.replicas}`));
    await row.click();
    const logs = page.getByRole('toolbar', { name: 'Pod actions' }).getByRole('button', { name: `Logs of every pod of Deployment ${WRITER.name}` });
    expect(await logs.getAttribute('title')).toContain('(L)');
    const before = await page.getByRole('tab').count();
    await page.keyboard.press('l');
    await waitFor('a new tab', () => page.getByRole('tab').count(), (count) => count === before + 1);
    const tab = tabOf(page, await tabIdOf(page.getByRole('tab', { selected: true })));
    await waitFor('the workload logs live', () => tab.locator('.badge').textContent(), (badge) => badge === 'live');
    const panel = activePanel(page);
    await expect.poll(() => panel.locator('[role="log"] .row').count(), { timeout: STEP_TIMEOUT_MS }).toBeGreaterThan(2);

    const path = `${deploymentsPath(WRITER.namespace)}/${WRITER.name}`;
    const deployment = await admin.get<TemplateAnnotations>(path);
    deployment.spec.template.metadata.annotations = { 'porthole.test/rollout': String(Date.now()) };
    expect((await admin.raw('PUT', path, deployment)).status).toBe(200);

    const markers = (kind: string) => panel.locator(`.log-marker[data-marker="${kind}"]`);
    await expect.poll(() => markers('left').count(), { timeout: 60_000 }).toBe(WRITER.replicas);
    await expect.poll(() => markers('joined').count(), { timeout: STEP_TIMEOUT_MS }).toBe(WRITER.replicas);
    expect(await markers('left').first().textContent()).toMatch(new RegExp(`^pod ${WRITER.name}-[a-z0-9]+-[a-z0-9]+ deleted$`));
    await app.screenshot('workloads-rollout-markers');
    expect(app.pageErrors).toEqual([]);
  }, 120_000);

  it('follows the workload in a context that fails too: the pane says why that context failed while the working one keeps flowing', async () => {
    const { page } = app;
    const panel = activePanel(page);
    await panel.getByRole('button', { name: 'Follow in more contexts' }).click();
    const picker = panel.getByRole('group', { name: 'Follow in more contexts' });
    await picker.getByRole('checkbox', { name: cluster!.contexts.badCa }).check();
    await app.screenshot('workloads-contexts-picker');
    await picker.getByRole('button', { name: 'Apply' }).click();
    const failed = panel.locator('.log-marker[data-marker="context-failed"]');
    await waitFor('the failed context marked', () => failed.count(), (count) => count > 0, STEP_TIMEOUT_MS);
    // The bad-ca context's server certificate is signed by a CA the kubeconfig does not trust.
    const reason = await failed.first().textContent();
    expect(reason).toMatch(new RegExp(`^context ${cluster!.contexts.badCa}: .*certificate`, 'i'));
    // Longer than the pane is wide: the whole reason shows on hover.
    expect(await failed.first().getAttribute('title')).toBe(reason);
    const loaded = () => panel.getByRole('status', { name: 'Loaded lines' }).textContent().then((text) => Number((text ?? '').replace(/[^0-9]/g, '')));
    const after = await loaded();
    // The writer prints twice a second: the admin context's lines keep coming.
    await expect.poll(loaded, { timeout: STEP_TIMEOUT_MS }).toBeGreaterThan(after + 2);
    expect(await page.getByRole('tab', { selected: true }).locator('.badge').textContent()).toBe('live');
    await app.screenshot('workloads-context-failed');
    expect(app.pageErrors).toEqual([]);
  });
});
