// No credential crosses the bridge: every WebSocket frame between the page and the web host (both
// directions) and every HTTP response the page loads, recorded during a run that uses the
// certificate (admin), token (viewer) and exec-plugin (plugin) contexts, is searched for the
// secrets in every form they could take there.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { STATIC_LOG_LINES } from '../cluster/fixtures.ts';
import { activePanel, openLogs, openShell, selectPod, STEP_TIMEOUT_MS, startApp, typeInTerminal, waitForTerminalText, type AppUnderTest } from './harness.ts';

const cluster = inject('cluster');
const chromium = inject('chromium');
const rendererDir = inject('rendererDir');

interface Captured {
  readonly where: string;
  readonly bytes: Buffer;
}

interface Secret {
  readonly name: string;
  /** Byte strings whose presence anywhere in the capture would mean the secret leaked. */
  readonly needles: readonly Buffer[];
}

/** Windows of this many characters are searched too, so a secret split across frames or lines is still found in part. */
const WINDOW = 32;

function windows(text: Buffer): Buffer[] {
  const parts: Buffer[] = [];
  for (let start = 0; start + WINDOW <= text.length; start += WINDOW) parts.push(text.subarray(start, start + WINDOW));
  return parts;
}

/** base64 of `value` as it would appear inside a longer base64 text, at each of the three byte alignments. */
function base64Forms(value: Buffer): Buffer[] {
  return [0, 1, 2].map((shift) => {
    const encoded = Buffer.concat([Buffer.alloc(shift), value]).toString('base64');
    // Drop the characters that also encode the padding bytes before, and the last group (padding).
    return Buffer.from(encoded.slice(Math.ceil((shift * 4) / 3) + 1, -4));
  });
}

function pemSecret(name: string, kubeconfigData: string): Secret {
  const pem = Buffer.from(kubeconfigData, 'base64').toString('utf8');
  const body = pem
    .split('\n')
    .filter((line) => line !== '' && !line.startsWith('-----'))
    .join('');
  const der = Buffer.from(body, 'base64');
  return {
    name,
    needles: [
      Buffer.from(kubeconfigData),
      ...windows(Buffer.from(kubeconfigData)),
      Buffer.from(pem),
      Buffer.from(body),
      ...windows(Buffer.from(body)),
      der,
      ...windows(der),
    ],
  };
}

function tokenSecret(name: string, token: string): Secret {
  const bytes = Buffer.from(token);
  return { name, needles: [bytes, ...base64Forms(bytes)] };
}

interface KubeconfigUsers {
  users: Array<{ name: string; user: Record<string, unknown> }>;
}

async function readSecrets(): Promise<Secret[]> {
  const kubeconfig = JSON.parse(await readFile(cluster!.kubeconfigPath, 'utf8')) as KubeconfigUsers;
  const user = (name: string) => {
    const found = kubeconfig.users.find((entry) => entry.name === name);
    if (!found) throw new Error(`no user ${name} in the cluster's kubeconfig`);
    return found.user;
  };
  const admin = user('admin');
  const viewerToken = user('viewer').token;
  if (typeof admin['client-certificate-data'] !== 'string' || typeof admin['client-key-data'] !== 'string' || typeof viewerToken !== 'string') {
    throw new Error('the cluster kubeconfig no longer has embedded admin certificate/key and viewer token');
  }
  const pluginToken = (await readFile(join(cluster!.dir, 'plugin-token'), 'utf8')).trim();
  const secrets = [
    pemSecret('admin client key', admin['client-key-data']),
    pemSecret('admin client certificate', admin['client-certificate-data']),
    tokenSecret('viewer token', viewerToken),
    tokenSecret('plugin token', pluginToken),
  ];
  // A needle too short to be specific would make the search meaningless (and flaky).
  for (const secret of secrets) for (const needle of secret.needles) expect(needle.length, secret.name).toBeGreaterThanOrEqual(16);
  return secrets;
}

describe.skipIf(cluster === null || chromium === null)('no credential crosses the bridge', () => {
  let app: AppUnderTest;
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

  beforeAll(async () => {
    app = await startApp(cluster!, chromium!, rendererDir, { beforeLoad: record });
  });

  afterAll(async () => {
    await app?.close();
  });

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
    const secrets = await readSecrets();
    const leaks: string[] = [];
    for (const secret of secrets) {
      for (const entry of captured) {
        if (secret.needles.some((needle) => entry.bytes.includes(needle))) leaks.push(`${secret.name} in ${entry.where}`);
      }
    }
    expect(leaks).toEqual([]);
    // The search itself works: a frame holding a secret would have been found.
    const planted = Buffer.concat([Buffer.from('{"x":"'), secrets[2]!.needles[0]!, Buffer.from('"}')]);
    expect(secrets[2]!.needles.some((needle) => planted.includes(needle))).toBe(true);
  });
});
