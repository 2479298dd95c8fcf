// Structured logs end to end: a pod of this test's own on the real node prints JSON, logfmt, klog
// and plain lines with levels; its log tab colours them by severity, filters by minimum level (the
// control and the v key), shows a picked field as a column, filters on a field, and expands a line.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createApiClient, type ApiClient } from '../cluster/api-client.ts';
import { adminCredentials } from '../cluster/create-pods.ts';
import { loggingPodManifest } from '../cluster/real-node/seed-manifests.ts';
import { activePanel, openLogs, STEP_TIMEOUT_MS, waitFor } from './harness.ts';
import { cluster, describeApp, useApp } from './use-app.ts';

const NAMESPACE = 'porthole-a';
const POD = `structured-${Date.now().toString(36)}`;
const LINES = [
  '{"level":"info","msg":"GET /healthz","status":200,"trace_id":"trace-a1"}',
  '{"level":"error","msg":"GET /orders failed","status":500,"trace_id":"trace-b2"}',
  'time=2024-05-01T12:00:00Z level=warn msg="slow query" latency_ms=900 trace_id=trace-c3',
  '{"level":"debug","msg":"cache miss","trace_id":"trace-d4"}',
  'E0501 12:00:00.000000       1 controller.go:42] sync failed',
  'plain line without a level',
];

describeApp('structured logs in the browser', () => {
  const app = useApp();
  let admin: ApiClient;

  beforeAll(async () => {
    const c = cluster!;
    admin = createApiClient(adminCredentials(c.kubeconfigPath));
    await admin.post(`/api/v1/namespaces/${NAMESPACE}/pods`, loggingPodManifest({ namespace: NAMESPACE, name: POD }, LINES, c.images));
    await waitFor(
      `${POD} running`,
      () => admin.get<{ status?: { phase?: string } }>(`/api/v1/namespaces/${NAMESPACE}/pods/${POD}`),
      (pod) => pod.status?.phase === 'Running',
      60_000,
    );
    await openLogs(app.page, c.contexts.admin, NAMESPACE, POD);
  });

  afterAll(async () => {
    await admin.raw('DELETE', `/api/v1/namespaces/${NAMESPACE}/pods/${POD}?gracePeriodSeconds=0`);
    admin.close();
  });

  const rows = () => activePanel(app.page).locator('[role="log"] .row');
  const severities = async (): Promise<Array<string | null>> => rows().evaluateAll((elements) => elements.map((row) => row.getAttribute('data-severity')));

  it('colours each line by its severity, whatever its format', async () => {
    await expect.poll(() => rows().count(), { timeout: STEP_TIMEOUT_MS }).toBe(LINES.length);
    expect(await severities()).toEqual(['info', 'error', 'warn', 'debug', 'error', 'unknown']);
    const [errorColour, plainColour] = await rows().evaluateAll((elements) => [getComputedStyle(elements[1]!).color, getComputedStyle(elements[5]!).color]);
    expect(errorColour).not.toBe(plainColour);
    await app.screenshot('structured-logs-levels');
  });

  it('keeps lines at or above a minimum level, from the control and the v key', async () => {
    const panel = activePanel(app.page);
    const level = panel.getByRole('combobox', { name: 'Minimum level' });
    expect(await level.getAttribute('title')).toBe('Minimum level (V)');
    await panel.getByRole('log').focus();
    for (let press = 0; press < 3; press++) await app.page.keyboard.press('v');
    expect(await level.inputValue()).toBe('warn');
    await expect.poll(severities, { timeout: STEP_TIMEOUT_MS }).toEqual(['error', 'warn', 'error']);
    await app.screenshot('structured-logs-min-level');
    await level.selectOption('unknown');
    await expect.poll(() => rows().count(), { timeout: STEP_TIMEOUT_MS }).toBe(LINES.length);
  });

  it('shows a picked field as a column and filters on a field', async () => {
    const { page } = app;
    const panel = activePanel(page);
    await panel.getByRole('log').focus();
    await page.keyboard.press('c');
    await panel.getByRole('checkbox', { name: 'trace_id' }).check();
    await page.keyboard.press('Escape');
    await expect.poll(() => panel.getByRole('group', { name: 'Columns' }).count(), { timeout: STEP_TIMEOUT_MS }).toBe(0);
    const cells = () => rows().evaluateAll((elements) => elements.map((row) => row.querySelector('.cell')?.textContent ?? null));
    await expect.poll(cells, { timeout: STEP_TIMEOUT_MS }).toEqual(['trace-a1', 'trace-b2', 'trace-c3', 'trace-d4', '', '']);
    await app.screenshot('structured-logs-column');
    await panel.getByRole('searchbox', { name: 'Include, exclude and field filters' }).fill('status>=500');
    await expect.poll(() => rows().allTextContents(), { timeout: STEP_TIMEOUT_MS }).toEqual([`trace-b2${LINES[1]}`]);
    await panel.getByRole('searchbox', { name: 'Include, exclude and field filters' }).fill('status=');
    expect(await panel.getByRole('alert').textContent()).toBe('"status=": a value is missing after =');
    await panel.getByRole('searchbox', { name: 'Include, exclude and field filters' }).fill('-healthz');
    await expect.poll(() => rows().count(), { timeout: STEP_TIMEOUT_MS }).toBe(LINES.length - 1);
  });

  it('expands the selected line with Enter, pretty-printed with its fields', async () => {
    const { page } = app;
    const panel = activePanel(page);
    await panel.getByRole('searchbox', { name: 'Include, exclude and field filters' }).fill('');
    await rows().nth(1).click();
    await page.keyboard.press('Enter');
    const detail = panel.getByRole('region', { name: 'Expanded line' });
    await expect.poll(() => detail.locator('pre').textContent(), { timeout: STEP_TIMEOUT_MS }).toBe(JSON.stringify(JSON.parse(LINES[1]!), null, 2));
    expect(await detail.locator('th').allTextContents()).toEqual(['level', 'msg', 'status', 'trace_id']);
    await app.screenshot('structured-logs-expanded');
    await page.keyboard.press('Escape');
    await expect.poll(() => detail.count(), { timeout: STEP_TIMEOUT_MS }).toBe(0);
  });

  it('looks calm in the dark theme too', async () => {
    const { page } = app;
    await page.evaluate(() => (document.documentElement.dataset['theme'] = 'dark'));
    await app.screenshot('structured-logs-dark');
    const colours = await rows().evaluateAll((elements) => elements.map((row) => getComputedStyle(row).color));
    expect(new Set(colours).size).toBeGreaterThan(2);
    await page.evaluate(() => (document.documentElement.dataset['theme'] = 'light'));
  });
});
