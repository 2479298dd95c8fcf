// Log tabs end to end: the `seq` pod writes `seq N` every 100 ms while the cluster runs.
import { readFile } from 'node:fs/promises';
import { beforeAll, expect, it } from 'vitest';
import { activePanel, openLogs, STEP_TIMEOUT_MS } from './harness.ts';
import { cluster, describeApp, useApp } from './use-app.ts';

const SEQ_LINE = /^seq (\d+)$/;
const STAMPED_SEQ_LINE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z seq (\d+)$/;

describeApp('log tabs in the browser', () => {
  const app = useApp();

  beforeAll(async () => {
    const seq = cluster!.pods.seq;
    await openLogs(app.page, cluster!.contexts.admin, seq.namespace, seq.name);
  });

  const rows = () => activePanel(app.page).locator('[role="log"] .row');
  async function visibleNumbers(pattern = SEQ_LINE): Promise<number[]> {
    const texts = await rows().allTextContents();
    return texts.map((text) => pattern.exec(text)).filter((match) => match !== null).map((match) => Number(match[match.length - 1]));
  }
  const newest = async () => Math.max(-1, ...(await visibleNumbers()));

  it('follows: new `seq N` lines keep arriving at the bottom, in order and without gaps', async () => {
    await expect.poll(newest, { timeout: STEP_TIMEOUT_MS }).toBeGreaterThan(0);
    const first = await newest();
    await expect.poll(newest, { timeout: STEP_TIMEOUT_MS }).toBeGreaterThanOrEqual(first + 5);
    const numbers = await visibleNumbers();
    expect(numbers.length).toBeGreaterThan(10);
    // The rows in view are consecutive lines, the newest last.
    numbers.forEach((n, i) => expect(n).toBe((numbers[0] as number) + i));
    await app.screenshot('logs-follow');
  });

  it('pauses following when scrolled up and resumes with the Follow button', async () => {
    const { page } = app;
    const log = activePanel(page).getByRole('log');
    await log.hover();
    await page.mouse.wheel(0, -2000);
    const resume = activePanel(page).getByRole('button', { name: 'Follow', exact: true });
    await expect.poll(() => resume.isVisible(), { timeout: STEP_TIMEOUT_MS }).toBe(true);
    const pausedAt = await newest();
    // Lines keep arriving in the buffer (the count grows) while the view stays where it was.
    const count = activePanel(page).getByRole('status', { name: 'Loaded lines' });
    const loaded = async () => Number(((await count.textContent()) ?? '').replace(/[^0-9]/g, ''));
    const loadedAtPause = await loaded();
    await expect.poll(loaded, { timeout: STEP_TIMEOUT_MS }).toBeGreaterThan(loadedAtPause + 3);
    expect(await newest()).toBe(pausedAt);
    await resume.click();
    await expect.poll(newest, { timeout: STEP_TIMEOUT_MS }).toBeGreaterThan(pausedAt + 3);
  });

  it('shows timestamps on request and filters by regular expression', async () => {
    const { page } = app;
    const panel = activePanel(page);
    await panel.getByRole('button', { name: 'Timestamps' }).click();
    await expect.poll(async () => (await visibleNumbers(STAMPED_SEQ_LINE)).length, { timeout: STEP_TIMEOUT_MS }).toBeGreaterThan(10);
    await panel.getByRole('searchbox', { name: 'Filter', exact: true }).fill('seq \\d*7$');
    await expect.poll(async () => (await visibleNumbers(STAMPED_SEQ_LINE)).every((n) => n % 10 === 7), { timeout: STEP_TIMEOUT_MS }).toBe(true);
    expect((await visibleNumbers(STAMPED_SEQ_LINE)).length).toBeGreaterThan(2);
    await app.screenshot('logs-filtered');
    await panel.getByRole('searchbox', { name: 'Filter', exact: true }).fill('');
    await panel.getByRole('button', { name: 'Timestamps' }).click();
  });

  it('downloads what is loaded as a text file', async () => {
    const { page } = app;
    const [download] = await Promise.all([page.waitForEvent('download'), activePanel(page).getByRole('button', { name: 'Download' }).click()]);
    const path = await download.path();
    const lines = (await readFile(path, 'utf8')).split('\n').filter((line) => line !== '');
    expect(lines.length).toBeGreaterThan(10);
    const numbers = lines.map((line) => Number(SEQ_LINE.exec(line)?.[1]));
    numbers.forEach((n, i) => expect(n).toBe((numbers[0] as number) + i));
    expect(download.suggestedFilename()).toMatch(/^seq_counter .*\.log$/);
  });

  it('logged no console error and no uncaught exception', () => {
    expect(app.pageErrors).toEqual([]);
  });
});
