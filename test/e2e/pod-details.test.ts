// The pod's own story in the browser: the crash-looping seed pod's details beside the sidebar (the
// problem said at the top, its container, its events arriving live), its YAML in the read-only
// view, and a context added to the kubeconfig while the app runs showing in the sidebar.
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { dump, load } from 'js-yaml';
import { afterAll, expect, it } from 'vitest';
import { selectPod, treeRow, waitFor } from './harness.ts';
import { cluster, describeApp, useApp } from './use-app.ts';

describeApp('pod details in the browser', () => {
  const directory = mkdtempSync(join(tmpdir(), 'porthole-e2e-details-'));
  const kubeconfig = join(directory, 'config');
  const app = useApp(() => {
    copyFileSync(cluster!.kubeconfigPath, kubeconfig);
    return { kubeconfigPath: kubeconfig, watchKubeconfig: true };
  });
  afterAll(() => rmSync(directory, { recursive: true, force: true }));
  const details = () => app.page.getByRole('region', { name: 'Pod details' });
  const crashloop = () => cluster!.pods.crashloop;

  it('shows the crash-looping pod: why it crashes at the top, its container, and its events', async () => {
    const { page } = app;
    await selectPod(page, cluster!.contexts.admin, crashloop().namespace, crashloop().name);
    const problem = details().getByRole('status', { name: 'Problem' });
    await waitFor('the problem at the top', () => problem.textContent(), (text) => /Container main .*(keeps crashing|exited with code 3)/.test(text ?? ''));
    expect(await details().getByRole('listitem', { name: 'Container main' }).textContent()).toContain('restarts');
    const events = details().getByRole('list', { name: 'Events' }).getByRole('listitem');
    await waitFor('events of the pod', () => events.count(), (count) => count > 0);
    // Live: no "connecting" or "reconnecting" chip once both watches run.
    await waitFor('the watches live', () => details().getByText(/^(connecting|reconnecting)$/).count(), (count) => count === 0);
    await app.screenshot('pod-details');
    await page.emulateMedia({ colorScheme: 'dark' });
    await app.screenshot('pod-details-dark');
    await page.emulateMedia({ colorScheme: 'light' });
  }, 60_000);

  it('hides and shows the panel with Ctrl+Shift+K', async () => {
    const { page } = app;
    await page.keyboard.press('Control+Shift+K');
    await waitFor('the panel hidden', () => details().count(), (count) => count === 0);
    await page.keyboard.press('Control+Shift+K');
    await waitFor('the panel back', () => details().count(), (count) => count === 1);
  });

  it('shows the pod YAML read-only on y, without managedFields until asked', async () => {
    const { page } = app;
    await treeRow(page, `${cluster!.contexts.admin}/${crashloop().namespace}/${crashloop().name}`).click();
    await page.keyboard.press('y');
    const view = page.getByRole('dialog', { name: /YAML of crashloop/ });
    const yaml = view.getByLabel('YAML', { exact: true });
    await waitFor('the YAML', () => yaml.textContent(), (text) => (text ?? '').includes('kind: Pod'));
    expect(await yaml.textContent()).not.toContain('managedFields');
    await view.getByLabel('Find in the YAML').fill('restartCount');
    await waitFor('a match marked', () => view.locator('mark').count(), (count) => count > 0);
    await app.screenshot('pod-yaml');
    await view.getByRole('checkbox').check();
    await waitFor('managedFields shown', () => yaml.textContent(), (text) => (text ?? '').includes('managedFields'));
    await page.keyboard.press('Escape');
    await waitFor('the YAML view closed', () => view.count(), (count) => count === 0);
  });

  it('shows a context added to the kubeconfig while the app runs, without a reload', async () => {
    const { page } = app;
    const config = load(readFileSync(kubeconfig, 'utf8')) as { contexts: { name: string; context: object }[] };
    const admin = config.contexts.find((entry) => entry.name === cluster!.contexts.admin);
    config.contexts.push({ name: 'e2e-added', context: admin?.context ?? {} });
    writeFileSync(kubeconfig, dump(config));
    await waitFor('the new context in the sidebar', () => treeRow(page, 'e2e-added').count(), (count) => count === 1);
    await app.screenshot('kubeconfig-context-added');
    expect(app.pageErrors).toEqual([]);
  });
});
