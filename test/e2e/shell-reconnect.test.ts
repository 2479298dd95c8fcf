// A shell whose connection to the API server drops cannot be resumed: the kubelet ends an exec's
// process with its stream. The pane says so, keeps the last screen, and Enter (or Reconnect) starts
// a new shell in the same pod and container, in the same pane. The drop is real: the core reaches
// the real API server through a TCP proxy that cuts every connection on demand.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { CuttingProxy, kubeconfigVia } from '../integration/logs-harness.ts';
import { activePanel, openShell, typeInTerminal, waitFor, waitForTerminalText } from './harness.ts';
import { cluster, describeApp, useApp } from './use-app.ts';

describeApp('a shell whose connection dropped', () => {
  let proxy: CuttingProxy | undefined;
  let kubeconfig: { path: string; remove: () => Promise<void> } | undefined;
  // Before useApp's own beforeAll: the app's core reads this kubeconfig.
  beforeAll(async () => {
    proxy = await CuttingProxy.start(cluster!.server);
    kubeconfig = await kubeconfigVia(cluster!, `https://127.0.0.1:${proxy.port}`);
  });
  afterAll(async () => {
    await proxy?.close();
    await kubeconfig?.remove();
  });
  const app = useApp(() => ({ kubeconfigPath: kubeconfig!.path }));

  it('says it cannot be resumed, keeps its last screen, and reconnects in the same pane on Enter', async () => {
    const { page } = app;
    const { single } = cluster!.pods;
    await openShell(page, cluster!.contexts.admin, single.namespace, single.name);
    const liveShells = (): string[] => app.core.listSessions().filter((info) => info.kind === 'exec' && info.state.kind === 'live').map((info) => info.id);
    expect(liveShells()).toHaveLength(1);
    const [first] = liveShells();
    await typeInTerminal(page, 'echo before-drop-$((4*4))\n');
    await waitForTerminalText(page, 'before-drop-16');

    expect(proxy!.cutAll()).toBeGreaterThan(0);
    const banner = activePanel(page).getByRole('alert');
    const said = await waitFor('the lost connection said', () => banner.textContent(), (text) => text?.includes('this shell cannot be resumed') === true);
    expect(said).toContain('Press Enter or Reconnect for a new shell in the same pod and container.');
    expect(await banner.getByRole('button', { name: 'Reconnect' }).getAttribute('title')).toBe('Start a new shell in the same pod and container (Enter)');
    // The last screen stays.
    await waitForTerminalText(page, 'before-drop-16');
    await app.screenshot('shell-connection-lost');

    await activePanel(page).locator('.xterm').click();
    await page.keyboard.press('Enter');
    await waitFor('a new shell in main', liveShells, (ids) => ids.length === 1 && ids[0] !== first);
    const shellTab = page.getByRole('tab', { selected: true });
    await waitFor('the pane live again', () => shellTab.locator('.badge').textContent(), (badge) => badge === 'live');
    expect(await banner.count()).toBe(0);
    await typeInTerminal(page, 'echo reconnected-$((3*3))\n');
    await waitForTerminalText(page, 'reconnected-9');
    await app.screenshot('shell-reconnected');
  });

  it('logged no console error and no uncaught exception', () => {
    expect(app.pageErrors).toEqual([]);
  });
});
