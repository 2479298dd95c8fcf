// Port-forwards end to end, on a Deployment of the test's own (2 replicas of the web image and a
// Service, forward-harness.ts; never the seed `web`): the pod row's key P opens the drawer on the
// pod, its declared port is offered, the forward follows the Deployment, goes live, counts the
// connections and bytes of requests sent through it, and, when its pod is deleted, says which pod
// it now goes through. A Service of the namespace is picked from the drawer's list, and its port,
// offered from the Service's spec, carries requests. Ctrl+Shift+Y shows and hides the drawer.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createForwardWorkload, httpGet, type ForwardWorkload } from '../integration/forward-harness.ts';
import { selectPod, treeRow, waitFor } from './harness.ts';
import { cluster, describeApp, useApp } from './use-app.ts';

/** The body of a GET of / through the forward at "127.0.0.1:PORT". */
async function bodyThrough(address: string): Promise<string> {
  return (await httpGet(Number(address.split(':')[1]))).body;
}

describeApp('port-forwards in the browser', () => {
  const app = useApp();
  let workload: ForwardWorkload;
  beforeAll(async () => {
    workload = await createForwardWorkload(cluster!, `e2e-forward-${process.pid}`);
  }, 90_000);
  afterAll(async () => {
    await workload.remove();
  });

  const drawer = () => app.page.getByRole('region', { name: 'Port-forwards' });
  const row = () => drawer().getByRole('listitem', { name: `Forward deploy/${workload.name}:${workload.containerPort}` });

  it("opens on the pod's key P with its port offered, and forwards to its Deployment: live, with connections and bytes", async () => {
    const { page } = app;
    const [first] = await workload.readyPods();
    await selectPod(page, cluster!.contexts.admin, workload.namespace, first ?? '');
    await treeRow(page, `${cluster!.contexts.admin}/${workload.namespace}/${first}`).press('p');
    await waitFor('the drawer', () => drawer().isVisible(), Boolean);
    const offered = drawer().getByRole('group', { name: "The pod's ports" }).getByRole('button');
    expect(await offered.allTextContents()).toEqual(['8080http']);
    expect(await offered.getAttribute('aria-pressed')).toBe('true');
    await drawer().getByRole('combobox', { name: 'Forward to' }).selectOption('workload');
    await drawer().getByRole('button', { name: 'Start forwarding' }).click();
    await waitFor('the forward live', () => row().getByRole('status').textContent(), (text) => text?.includes('live') === true);
    const address = (await row().getByLabel('Local address').textContent()) ?? '';
    for (let i = 0; i < 3; i++) expect(await bodyThrough(address)).toBe(cluster!.web.body);
    await waitFor('3 connections counted', () => row().getByLabel('Traffic').textContent(), (text) => text?.startsWith('0/3 connections') === true);
    expect(await row().getByLabel('Traffic').textContent()).toMatch(/↑ \d+ B.*↓ \d+ B/);
    expect(await row().getByRole('button', { name: /in the browser/ }).isVisible()).toBe(true);
    await app.screenshot('forwards-live');
  });

  it('moves to the other ready pod when its pod is deleted, and says so', async () => {
    const via = (await row().getByLabel('Forwarding to pod').textContent()) ?? '';
    const old = via.replace(/^via /, '').split(':')[0] ?? '';
    await workload.deletePod(old);
    const notice = await waitFor('the move', () => row().getByLabel('Latest notice').textContent().catch(() => ''), (text) => text?.startsWith('Now via ') === true);
    const now = notice?.replace('Now via ', '') ?? '';
    expect(now).not.toBe(old);
    expect(await row().getByLabel('Forwarding to pod').textContent()).toBe(`via ${now}:${workload.containerPort}`);
    const address = (await row().getByLabel('Local address').textContent()) ?? '';
    expect(await bodyThrough(address)).toBe(cluster!.web.body);
    await app.screenshot('forwards-moved');
  });

  it("offers the namespace's Services and the picked Service's ports, and forwards to it", async () => {
    const services = drawer().getByRole('combobox', { name: 'Services of the namespace' });
    await drawer().getByRole('combobox', { name: 'Forward to' }).selectOption('service');
    await waitFor('the Services listed', () => services.locator('option').allTextContents(), (names) => names.includes(workload.name));
    expect(await services.locator('option').allTextContents()).toContain(cluster!.web.name);
    await services.selectOption(workload.name);
    const offered = drawer().getByRole('group', { name: "The Service's ports" }).getByRole('button');
    await waitFor('the Service port offered', () => offered.allTextContents(), (texts) => texts.join() === `${workload.servicePort}http`);
    expect(await offered.getAttribute('aria-pressed')).toBe('true');
    expect(await offered.getAttribute('title')).toBe(`Service port ${workload.servicePort} (http): to the port its pods name http`);
    await drawer().getByRole('button', { name: 'Start forwarding' }).click();
    const serviceRow = drawer().getByRole('listitem', { name: `Forward svc/${workload.name}:${workload.servicePort}` });
    await waitFor('the Service forward live', () => serviceRow.getByRole('status').textContent(), (text) => text?.includes('live') === true);
    expect(await bodyThrough((await serviceRow.getByLabel('Local address').textContent()) ?? '')).toBe(cluster!.web.body);
    await app.screenshot('forwards-service');
  });

  it('Ctrl+Shift+Y hides and shows the drawer, in the dark theme too', async () => {
    const { page } = app;
    await page.keyboard.press('Control+Shift+Y');
    await waitFor('the drawer hidden', () => drawer().isVisible(), (visible) => !visible);
    await page.getByRole('button', { name: 'Settings' }).click();
    await page.getByRole('combobox', { name: 'Theme' }).selectOption('dark');
    await page.getByRole('button', { name: 'Close settings' }).click();
    await waitFor('the dark theme', () => page.evaluate(() => document.documentElement.dataset['theme']), (theme) => theme === 'dark');
    await page.keyboard.press('Control+Shift+Y');
    await waitFor('the drawer shown', () => drawer().isVisible(), Boolean);
    await app.screenshot('forwards-dark');
    expect(app.pageErrors).toEqual([]);
  });
});
