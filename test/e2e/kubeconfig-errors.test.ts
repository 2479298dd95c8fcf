// A kubeconfig with broken contexts, in the browser: each broken context shows its own problem,
// naming the context and the field, in our words (no stack trace); the good context beside them
// keeps working (pods listed, a shell opens).
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { openShell, selectPod, startApp, treeRow, typeInTerminal, waitFor, waitForTerminalText, type AppUnderTest } from './harness.ts';

const cluster = inject('cluster');
const chromium = inject('chromium');
const rendererDir = inject('rendererDir');

const MISSING_KEY_CONTEXT = 'broken-client-key';
const MISSING_PLUGIN_CONTEXT = 'broken-exec-plugin';
const MISSING_PLUGIN_COMMAND = 'porthole-e2e-no-such-plugin';

interface Kubeconfig {
  clusters: Array<{ name: string; cluster: object }>;
  users: Array<{ name: string; user: Record<string, unknown> }>;
  contexts: Array<{ name: string; context: { cluster: string; user: string; namespace?: string } }>;
}

/** The admin context of the cluster's kubeconfig, and two contexts broken in different ways. */
async function writeBrokenKubeconfig(dir: string): Promise<string> {
  const source = JSON.parse(await readFile(cluster!.kubeconfigPath, 'utf8')) as Kubeconfig;
  const adminContext = source.contexts.find((context) => context.name === cluster!.contexts.admin)!;
  const adminUser = source.users.find((user) => user.name === adminContext.context.user)!;
  const clusterEntry = source.clusters.find((entry) => entry.name === adminContext.context.cluster)!;
  const certFile = join(dir, 'client.crt');
  await writeFile(certFile, Buffer.from(adminUser.user['client-certificate-data'] as string, 'base64'));
  const kubeconfig = {
    apiVersion: 'v1',
    kind: 'Config',
    'current-context': adminContext.name,
    clusters: [clusterEntry],
    users: [
      adminUser,
      { name: 'missing-key', user: { 'client-certificate': certFile, 'client-key': join(dir, 'no-such.key') } },
      {
        name: 'missing-plugin',
        user: { exec: { apiVersion: 'client.authentication.k8s.io/v1', command: MISSING_PLUGIN_COMMAND, interactiveMode: 'Never' } },
      },
    ],
    contexts: [
      adminContext,
      { name: MISSING_KEY_CONTEXT, context: { cluster: clusterEntry.name, user: 'missing-key' } },
      { name: MISSING_PLUGIN_CONTEXT, context: { cluster: clusterEntry.name, user: 'missing-plugin' } },
    ],
  };
  const path = join(dir, 'kubeconfig.json');
  await writeFile(path, JSON.stringify(kubeconfig));
  return path;
}

describe.skipIf(cluster === null || chromium === null)('broken kubeconfig contexts in the browser', () => {
  let app: AppUnderTest;
  let dir = '';

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'porthole-e2e-kubeconfig-'));
    app = await startApp(cluster!, chromium!, rendererDir, { kubeconfigPath: await writeBrokenKubeconfig(dir) });
  });

  afterAll(async () => {
    await app?.close();
    if (dir !== '') await rm(dir, { recursive: true, force: true });
  });

  /** Expands a context and returns what its error row says: the text and the detail (its tooltip). */
  async function problemShownFor(context: string): Promise<string> {
    const { page } = app;
    const row = treeRow(page, context);
    await waitFor(`context row ${context}`, () => row.isVisible(), Boolean);
    if ((await row.getAttribute('aria-expanded')) !== 'true') await row.click();
    // The message row right below the context row.
    const message = row.locator('xpath=following-sibling::*[1]');
    await waitFor(`an error row under ${context}`, () => message.locator('.message.tone-text-error').count(), (count) => count === 1);
    const text = (await message.textContent()) ?? '';
    const detail = (await message.getAttribute('title')) ?? '';
    return `${text}\n${detail}`;
  }

  function expectNoStackTrace(shown: string): void {
    expect(shown).not.toMatch(/^\s*at /m);
    expect(shown).not.toMatch(/\bat .*\.(ts|js):\d+/);
    expect(shown).not.toContain('TypeError');
  }

  it('shows the missing client-key file, naming the context and the field', async () => {
    const shown = await problemShownFor(MISSING_KEY_CONTEXT);
    expect(shown).toContain(MISSING_KEY_CONTEXT);
    expect(shown).toContain('client-key');
    expectNoStackTrace(shown);
  });

  it('shows the missing exec plugin, naming the context and the command', async () => {
    const shown = await problemShownFor(MISSING_PLUGIN_CONTEXT);
    expect(shown).toContain(MISSING_PLUGIN_CONTEXT);
    expect(shown).toContain(MISSING_PLUGIN_COMMAND);
    expectNoStackTrace(shown);
    await app.screenshot('kubeconfig-errors');
  });

  it('still lists pods and opens a shell in the good context', async () => {
    const { page } = app;
    const { namespace, name } = cluster!.pods.single;
    await selectPod(page, cluster!.contexts.admin, namespace, name);
    await openShell(page, cluster!.contexts.admin, namespace, name);
    await typeInTerminal(page, 'echo still-works-$((6*7))\n');
    await waitForTerminalText(page, 'still-works-42');
    expect(app.pageErrors).toEqual([]);
  });
});
