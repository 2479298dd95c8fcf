// No credential crosses the bridge: every WebSocket frame between the page and the web host (both
// directions) and every HTTP response the page loads, recorded during a run that uses the
// certificate (admin), token (viewer) and exec-plugin (plugin) contexts, is searched for the
// secrets in every form they could take there.
import type { Page } from 'playwright-core';
import { expect, it } from 'vitest';
import { STATIC_LOG_LINES } from '../cluster/fixtures.ts';
import { clusterSecrets, findLeaks, type Captured } from '../security/secret-search.ts';
import { activePanel, openLogs, openShell, selectPod, STEP_TIMEOUT_MS, typeInTerminal, waitForTerminalText } from './harness.ts';
import { cluster, describeApp, useApp } from './use-app.ts';

describeApp('no credential crosses the bridge', () => {
  const app = useApp(() => ({ beforeLoad: record }));
  const captured: Captured[] = [];
  const pendingBodies: Promise<void>[] = [];
  const single = () => cluster!.pods.single;

  function record(page: Page): void {
    page.on('websocket', (socket) => {
      const add = (direction: string) => (frame: { payload: string | Buffer }) => {
        const bytes = typeof frame.payload === 'string' ? Buffer.from(frame.payload, 'utf8') : Buffer.from(frame.payload);
        captured.push({ where: `ws ${direction} ${socket.url()}`, bytes });
      };
      socket.on('framesent', add('sent'));
      socket.on('framereceived', add('received'));
    });
    page.on('response', (response) => {
      pendingBodies.push(
        response.body().then(
          (body) => void captured.push({ where: `http ${response.status()} ${response.url()}`, bytes: body }),
          // Redirects and the WebSocket upgrade have no body to read.
          () => undefined,
        ),
      );
    });
  }

  it('records shells and logs in the certificate and exec-plugin contexts and the viewer’s denied exec', async () => {
    const { page } = app;
    const { namespace, name } = single();
    for (const context of [cluster!.contexts.admin, cluster!.contexts.plugin]) {
      await openShell(page, context, namespace, name);
      await typeInTerminal(page, `echo secrets-probe-${context}-$((6*7))\n`);
      await waitForTerminalText(page, `secrets-probe-${context}-42`);
      await openLogs(page, context, namespace, name);
    }
    const count = await page.getByRole('tab').count();
    await selectPod(page, cluster!.contexts.viewer, namespace, name);
    await page.keyboard.press('Enter');
    await expect.poll(() => page.getByRole('tab').count(), { timeout: STEP_TIMEOUT_MS }).toBe(count + 1);
    await expect.poll(() => activePanel(page).getByRole('alert').textContent(), { timeout: STEP_TIMEOUT_MS }).toContain('forbidden');
    await Promise.all(pendingBodies);
  });

  it('captured the traffic: the contexts list, shell output and the page itself', () => {
    const all = Buffer.concat(captured.map((entry) => entry.bytes));
    expect(captured.some((entry) => entry.where.startsWith('ws received'))).toBe(true);
    expect(captured.some((entry) => entry.where.startsWith('ws sent'))).toBe(true);
    expect(captured.some((entry) => entry.where.startsWith('http 200'))).toBe(true);
    for (const context of Object.values(cluster!.contexts)) expect(all.includes(Buffer.from(context)), context).toBe(true);
    expect(all.includes(Buffer.from(`secrets-probe-${cluster!.contexts.admin}-42`))).toBe(true);
    expect(all.includes(Buffer.from(`secrets-probe-${cluster!.contexts.plugin}-42`))).toBe(true);
    expect(all.includes(Buffer.from(STATIC_LOG_LINES.default[0]))).toBe(true);
    // The viewer's refusal, which names its user.
    expect(all.includes(Buffer.from(cluster!.users.viewer))).toBe(true);
  });

  it('finds no key, certificate or token in any of it', async () => {
    const secrets = await clusterSecrets(cluster!);
    expect(findLeaks(secrets, captured)).toEqual([]);
    // The search itself works: a frame holding a secret would have been found.
    const viewerToken = secrets.find((secret) => secret.name === 'viewer token')!;
    const planted: Captured = { where: 'planted', bytes: Buffer.concat([Buffer.from('{"x":"'), viewerToken.needles[0]!, Buffer.from('"}')]) };
    expect(findLeaks(secrets, [planted])).toEqual(['viewer token in planted']);
  });
});
