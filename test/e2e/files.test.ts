// The file browser end to end: F on a pod opens its files in a pane; folders open with a double
// click or Enter and Backspace goes back; N makes a folder and Delete removes it after asking; a
// picked file uploads into the folder shown; D has the browser save the selected file (a folder: its tar). The pod is this file's own (it changes its files).
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createApiClient, type ApiClient } from '../cluster/api-client.ts';
import { adminCredentials } from '../cluster/create-pods.ts';
import { createOwnPod } from '../integration/own-pods.ts';
import { activePanel, selectPod, STEP_TIMEOUT_MS, waitFor } from './harness.ts';
import { cluster, describeApp, useApp } from './use-app.ts';

const POD = `files-e2e-${Math.random().toString(36).slice(2, 7)}`;
const MAKE_TREE = "mkdir -p /data/docs && echo hello > /data/docs/readme.txt && printf 12345 > '/data/a b.txt'; trap 'exit 0' TERM; sleep 3600 & wait";

describeApp('the file browser in the browser', () => {
  const app = useApp();
  let admin: ApiClient;
  const namespace = () => cluster!.pods.single.namespace;
  const context = () => cluster!.contexts.admin;
  const row = (name: string) => activePanel(app.page).locator(`[role="row"][data-name="${name}"]`);
  const shown = (name: string) => waitFor(`row ${name}`, () => row(name).isVisible(), Boolean);
  const gone = (name: string) => waitFor(`row ${name} gone`, () => row(name).count(), (count) => count === 0);
  const at = (path: string) => waitFor(`the breadcrumb at ${path}`, () => activePanel(app.page).locator('.crumb[aria-current="location"]').getAttribute('title'), (title) => title === `Open ${path}`);

  beforeAll(async () => {
    admin = createApiClient(adminCredentials(cluster!.kubeconfigPath));
    await createOwnPod(admin, namespace(), POD, cluster!.images.busybox, { command: ['sh', '-c', MAKE_TREE] });
  }, 120_000);
  afterAll(async () => {
    await admin?.raw('DELETE', `/api/v1/namespaces/${namespace()}/pods/${POD}`);
    admin?.close();
  });

  it('opens Files on a pod with F, walks into folders and comes back with Backspace', async () => {
    const { page } = app;
    await selectPod(page, context(), namespace(), POD);
    await page.keyboard.press('f');
    await waitFor('a files tab', () => page.getByRole('tab', { selected: true }).textContent(), (text) => text?.includes(`${POD}/main: files`) ?? false);
    await shown('data');
    await row('data').dblclick();
    await at('/data');
    await shown('a b.txt');
    expect(await row('a b.txt').textContent()).toContain('5 B');
    // Folders come first: docs is the first row, and selected.
    await waitFor('docs selected', () => row('docs').getAttribute('aria-selected'), (selected) => selected === 'true');
    await page.keyboard.press('Enter');
    await at('/data/docs');
    await shown('readme.txt');
    await app.screenshot('files-docs');
    await page.keyboard.press('Backspace');
    await at('/data');
    await waitFor('docs selected again', () => row('docs').getAttribute('aria-selected'), (selected) => selected === 'true');
    await app.screenshot('files-data');
  });

  it('makes a folder with N, and deletes it with Delete after asking', async () => {
    const { page } = app;
    const panel = activePanel(page);
    await page.keyboard.press('n');
    const name = panel.getByRole('textbox', { name: 'Folder name' });
    await name.fill('new folder 🙂');
    await app.screenshot('files-new-folder');
    await name.press('Enter');
    await shown('new folder 🙂');
    const listing = await app.core.listDirectory({ context: context(), namespace: namespace(), pod: POD, container: 'main', path: '/data' });
    expect(listing.kind === 'listed' && listing.listing.entries.some((entry) => entry.name === 'new folder 🙂' && entry.kind === 'directory')).toBe(true);

    await waitFor('the new folder selected', () => row('new folder 🙂').getAttribute('aria-selected'), (selected) => selected === 'true');
    await page.keyboard.press('Delete');
    const question = panel.getByRole('alertdialog', { name: 'Delete' });
    await waitFor('the delete question', () => question.isVisible(), Boolean);
    expect(await question.textContent()).toContain('new folder 🙂 and everything in it?');
    await app.screenshot('files-delete');
    await page.keyboard.press('Enter');
    await gone('new folder 🙂');
  });

  it('uploads a picked file into the folder shown, and lists it when the upload ends', async () => {
    await activePanel(app.page).locator('input[type="file"]').setInputFiles({ name: 'uploaded.txt', mimeType: 'text/plain', buffer: Buffer.from('uploaded\n') });
    await shown('uploaded.txt');
    expect(await row('uploaded.txt').textContent()).toContain('9 B');
  });

  it('downloads the selected file with D: the browser saves the same bytes, and the transfers drawer shows it verified', async () => {
    const { page } = app;
    await row('a b.txt').click();
    await waitFor('a b.txt selected', () => row('a b.txt').getAttribute('aria-selected'), (selected) => selected === 'true');
    const saving = page.waitForEvent('download', { timeout: STEP_TIMEOUT_MS });
    await page.keyboard.press('d');
    const download = await saving;
    expect(download.suggestedFilename()).toBe('a b.txt');
    const path = await download.path();
    expect(readFileSync(path, 'utf8')).toBe('12345');
    await page.keyboard.press('Control+Shift+U');
    const transfer = page.locator('[aria-label="Transfers list"] li[data-state]').filter({ hasText: '/data/a b.txt' });
    await waitFor('the download verified', () => transfer.getAttribute('data-state'), (state) => state === 'done', STEP_TIMEOUT_MS);
    expect(await transfer.textContent()).toContain('Verified (SHA-256)');
    expect(await transfer.textContent()).toContain('sent to the browser as a b.txt');
    await app.screenshot('files-downloaded');
    await page.keyboard.press('Control+Shift+U');
  });

  it('downloads a folder as its tar, with every file in it', async () => {
    const { page } = app;
    await row('docs').click();
    await waitFor('folder docs selected', () => row('docs').getAttribute('aria-selected'), (selected) => selected === 'true');
    const saving = page.waitForEvent('download', { timeout: STEP_TIMEOUT_MS });
    await page.keyboard.press('d');
    const download = await saving;
    expect(download.suggestedFilename()).toBe('docs.tar');
    const saved = await download.path();
    expect(execFileSync('tar', ['tf', saved], { encoding: 'utf8' }).split('\n')).toEqual(expect.arrayContaining(['./docs/', './docs/readme.txt']));
    expect(execFileSync('tar', ['xOf', saved, './docs/readme.txt'], { encoding: 'utf8' })).toBe('hello\n');
  });

  it('reads the same in the dark theme', async () => {
    const { page } = app;
    await page.emulateMedia({ colorScheme: 'dark' });
    await app.screenshot('files-dark');
    await page.emulateMedia({ colorScheme: 'light' });
  });

  it('logged no page errors', () => {
    expect(app.pageErrors).toEqual([]);
  });
});
