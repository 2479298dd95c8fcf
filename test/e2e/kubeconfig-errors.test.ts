// The whole broken-kubeconfig corpus (test/unit/main/core/kubeconfig/corpus/*.yaml) in the browser, at
// once: ONE kubeconfig holds the real cluster's admin context and every corpus case, each renamed
// so that nothing collides under kubectl's merge rules. For every broken context the sidebar must
// show the very error the core gives for it (the context named, the field at fault), whole and
// readable, with no stack trace and no made-up namespace; the admin context beside them must keep
// listing pods and opening shells — also while an exec plugin hangs.
//
// The cases about a file as a whole (not YAML, not a mapping, a dangling current-context, empty)
// go in files of their own on the same KUBECONFIG list. For those the sidebar's banner above the
// contexts must show the very problem the core reports for the file (kubeconfigProblems), whole,
// with no stack trace, and nothing for a file the core finds fine (the empty one).
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { load } from 'js-yaml';
import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { UserError } from '../../shared/bridge/errors.ts';
import { CoreError } from '../../main/core/errors/core-error.ts';
import { base64, createCertificateAuthority, issueCertificate, type CertificateAuthority } from '../fake-server/certificates.ts';
import { PLUGIN_SCRIPT } from '../unit/main/core/connection/plugin.ts';
import { openShell, treeRow, typeInTerminal, waitFor, waitForTerminalText } from './harness.ts';
import { cluster, describeApp, type UsedApp, useApp } from './use-app.ts';

const CORPUS = fileURLToPath(new URL('../unit/main/core/kubeconfig/corpus/', import.meta.url));
/** Short, so the hanging plugin's case ends within the test; the core's default is a minute. */
const CREDENTIAL_TIMEOUT_MS = 3_000;
const HANGING_CASE = 'exec-plugin-hangs';

/** A corpus file's expectation (its second line): `# expect: <context or @FILE@> | <mentions> | <stage>`. */
interface Case {
  /** The file's name without .yaml: also the name its broken context gets here. */
  readonly name: string;
  readonly subject: string;
  readonly mentions: string;
  readonly stage: string;
  readonly text: string;
}

function readCases(): Case[] {
  return readdirSync(CORPUS)
    .filter((file) => file.endsWith('.yaml'))
    .sort()
    .map((file) => {
      const text = readFileSync(join(CORPUS, file), 'utf8');
      const match = /^# expect: (.+?) \| (.+?) \| (\w+)$/.exec(text.split('\n')[1] ?? '');
      if (match === null) throw new Error(`${file}: no "# expect:" line`);
      return { name: file.slice(0, -'.yaml'.length), subject: match[1] ?? '', mentions: match[2] ?? '', stage: match[3] ?? '', text };
    });
}

const CASES = readCases();
const CONTEXT_CASES = CASES.filter((testCase) => testCase.subject !== '@FILE@');
const FILE_CASES = CASES.filter((testCase) => testCase.subject === '@FILE@');

type Entry = { name?: unknown; [key: string]: unknown };
type Document = { clusters?: Entry[]; users?: Entry[]; contexts?: Entry[]; [key: string]: unknown };

/**
 * One case's entries, renamed into its own name space: its context(s) get the case's name, its
 * clusters and users (and the names its contexts refer to, defined or not) a `<case>.` prefix.
 * The text the case expects is renamed alike (`user "u"` becomes `user "<case>.u"`).
 */
function renamed(testCase: Case, document: Document): { document: Document; mentions: string } {
  const prefixed = (name: unknown): unknown => (typeof name === 'string' ? `${testCase.name}.${name}` : name);
  const referenced = new Set<string>();
  const rename = (entries: Entry[] | undefined, newName: (name: unknown) => unknown): Entry[] =>
    (entries ?? []).map((entry) => {
      if (typeof entry.name === 'string') referenced.add(entry.name);
      return { ...entry, name: newName(entry.name) };
    });
  const contexts = rename(document.contexts, (name) => (name === testCase.subject ? testCase.name : prefixed(name))).map((entry) => {
    const body = entry['context'];
    if (typeof body !== 'object' || body === null) return entry; // a broken body stays broken
    const { cluster: clusterName, user, ...rest } = body as Record<string, unknown>;
    for (const name of [clusterName, user]) if (typeof name === 'string') referenced.add(name);
    return {
      ...entry,
      context: { ...rest, ...(clusterName === undefined ? {} : { cluster: prefixed(clusterName) }), ...(user === undefined ? {} : { user: prefixed(user) }) },
    };
  });
  const mentions = testCase.mentions.replace(/"([^"]+)"/g, (quoted, name: string) => (referenced.has(name) && name !== testCase.subject ? `"${testCase.name}.${name}"` : quoted));
  return { document: { clusters: rename(document.clusters, prefixed), users: rename(document.users, prefixed), contexts }, mentions };
}

interface Kubeconfig {
  clusters: Entry[];
  users: Entry[];
  contexts: Array<{ name: string; context: { cluster: string; user: string } }>;
}

interface Setup {
  /** The KUBECONFIG list: file cases' files around the one file with every context. */
  readonly kubeconfigEnv: string;
  /** Per broken context: the text its error must contain, renamed. */
  readonly mentions: ReadonlyMap<string, string>;
  /** Per file case: the file written for it. */
  readonly files: ReadonlyMap<string, string>;
}

/** The corpus's placeholders, with the real cluster where the corpus used a fake server. */
function substitutions(dir: string, otherCa: CertificateAuthority, caPem: string): Record<string, string> {
  const client = issueCertificate(otherCa, { commonName: 'alice' });
  const expired = issueCertificate(otherCa, { commonName: 'alice', notBefore: '20200101000000Z', notAfter: '20210101000000Z' });
  const file = (name: string, text: string): void => writeFileSync(join(dir, name), text, { mode: 0o644 });
  file('client.crt', client.certPem);
  file('client.key', client.keyPem);
  file('expired.crt', expired.certPem);
  file('expired.key', expired.keyPem);
  execFileSync('openssl', ['genpkey', '-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-out', join(dir, 'other.key')]);
  file('garbage.pem', 'this is not a certificate\n');
  file('not-executable', '#!/bin/sh\necho never\n');
  file('runs', '');
  mkdirSync(join(dir, 'a-directory'));
  return {
    '@SERVER@': cluster!.server,
    '@CA_DATA@': base64(caPem),
    // The real kube-apiserver asks for client certificates too: it stands in for the corpus's mTLS server.
    '@MTLS_SERVER@': cluster!.server,
    '@MTLS_CA_DATA@': base64(caPem),
    '@OTHER_CA_DATA@': base64(otherCa.certPem),
    '@CLIENT_CERT_DATA@': base64(client.certPem),
    '@CLIENT_KEY_DATA@': base64(client.keyPem),
    '@DIR@': dir,
    '@NODE@': process.execPath,
    '@PLUGIN@': PLUGIN_SCRIPT,
    '@RUNS@': join(dir, 'runs'),
  };
}

function writeKubeconfigs(dir: string, otherCa: CertificateAuthority): Setup {
  const source = JSON.parse(readFileSync(cluster!.kubeconfigPath, 'utf8')) as Kubeconfig;
  const admin = source.contexts.find((context) => context.name === cluster!.contexts.admin)!;
  const values = substitutions(dir, otherCa, readFileSync(cluster!.caPath, 'utf8'));
  const substitute = (text: string): string => Object.entries(values).reduce((result, [placeholder, value]) => result.replaceAll(placeholder, value), text);

  const combined = {
    apiVersion: 'v1',
    kind: 'Config',
    'current-context': admin.name,
    clusters: source.clusters.filter((entry) => entry.name === admin.context.cluster),
    users: source.users.filter((entry) => entry.name === admin.context.user),
    contexts: [admin] as Entry[],
  };
  const mentions = new Map<string, string>();
  for (const testCase of CONTEXT_CASES) {
    const { document, mentions: expected } = renamed(testCase, load(substitute(testCase.text)) as Document);
    combined.clusters.push(...(document.clusters ?? []));
    combined.users.push(...(document.users ?? []));
    combined.contexts.push(...(document.contexts ?? []));
    mentions.set(testCase.name, expected);
  }
  const main = join(dir, 'kubeconfig.json');
  writeFileSync(main, JSON.stringify(combined));

  const files = new Map<string, string>();
  for (const testCase of FILE_CASES) {
    const path = join(dir, `${testCase.name}.yaml`);
    writeFileSync(path, substitute(testCase.text));
    files.set(testCase.name, path);
  }
  // A dangling current-context only counts in the first file that sets one: it goes first.
  const first = FILE_CASES.filter((testCase) => testCase.stage === 'file' && /current-context/.test(testCase.mentions)).map((testCase) => files.get(testCase.name)!);
  const rest = [...files.values()].filter((path) => !first.includes(path));
  return { kubeconfigEnv: [...first, main, ...rest].join(delimiter), mentions, files };
}

/** What the core says is wrong with a context: its kubeconfig problem, or why listing its namespaces fails. */
async function coreError(app: UsedApp, context: string): Promise<{ error: UserError; atLoad: boolean }> {
  const problem = (await app.core.listContexts()).find((summary) => summary.name === context)?.problem;
  if (problem !== undefined) return { error: problem, atLoad: true };
  try {
    await app.core.listNamespaces(context);
  } catch (error) {
    if (error instanceof CoreError) return { error: error.userError, atLoad: false };
    throw error;
  }
  throw new Error(`context ${context} works; the corpus says it must not`);
}

function expectNoStackTrace(shown: string): void {
  expect(shown).not.toMatch(/^\s+at /m);
  expect(shown).not.toMatch(/\bat \S+:\d+:\d+/);
  expect(shown).not.toMatch(/^\s*\w*Error:/m);
  expect(shown).not.toMatch(/\[object Object\]|TypeError|ReferenceError/);
}

/**
 * The sidebar's tree is virtual: only the rows in view (and a few more) exist. Scrolls it, in the
 * page, until the row of `path` is drawn, then puts that row near the top (its id ends in its
 * index; every row has the list's one fixed height). The list redraws a frame after a scroll,
 * so each look waits for two frames.
 */
async function reveal(page: Page, path: string): Promise<Locator> {
  const found = await page.getByRole('tree', { name: 'Contexts, namespaces and pods' }).evaluate(async (tree, wanted) => {
    const frames = (): Promise<void> => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(() => resolve())));
    const drawn = (): HTMLElement | null =>
      [...tree.querySelectorAll<HTMLElement>('[role="treeitem"]')].find((row) => row.dataset['path'] === wanted) ?? null;
    tree.scrollTo({ top: 0 });
    await frames();
    while (drawn() === null) {
      const before = tree.scrollTop;
      tree.scrollTo({ top: before + tree.clientHeight });
      if (tree.scrollTop === before) return false;
      await frames();
    }
    const row = drawn() as HTMLElement;
    const index = Number(/-(\d+)$/.exec(row.id)?.[1]);
    tree.scrollTo({ top: Math.max(0, (index - 3) * parseFloat(row.style.height)) });
    await frames();
    const box = drawn()?.getBoundingClientRect();
    const view = tree.getBoundingClientRect();
    return box !== undefined && box.top >= view.top && box.bottom <= view.bottom;
  }, path);
  if (!found) throw new Error(`cannot bring row ${path} into view in the sidebar`);
  return treeRow(page, path);
}

/** What the banner above the tree shows for one kubeconfig file: title and detail, or null. */
async function fileProblemShown(page: Page, file: string): Promise<{ title: string; detail: string } | null> {
  const banner = page.getByRole('region', { name: 'Kubeconfig file problems' });
  const items = banner.locator('li');
  const count = await items.count();
  for (let index = 0; index < count; index += 1) {
    const item = items.nth(index);
    if ((await item.getAttribute('data-file')) !== file) continue;
    return { title: (await item.locator('.details-title').textContent()) ?? '', detail: (await item.locator('.details-text').textContent()) ?? '' };
  }
  return null;
}

/** What the details area below the tree shows: title and detail. */
async function problemShown(page: Page): Promise<{ title: string; detail: string }> {
  const region = page.getByRole('region', { name: 'Problem details' });
  return { title: (await region.locator('.details-title').textContent()) ?? '', detail: (await region.locator('.details-text').textContent()) ?? '' };
}

describeApp('the broken-kubeconfig corpus in the browser', () => {
  let dir = '';
  let otherCa: CertificateAuthority | undefined;
  let setup: Setup;
  /** Asked of the core at the start, all at once (the hanging plugin's answer takes its timeout). */
  let expected: Map<string, Promise<{ error: UserError; atLoad: boolean }>>;

  // Registered before useApp: afterAll hooks run in reverse order, so this runs once the app has closed.
  afterAll(() => {
    otherCa?.dispose();
    if (dir !== '') rmSync(dir, { recursive: true, force: true });
  });

  const app = useApp(() => {
    dir = mkdtempSync(join(tmpdir(), 'porthole-e2e-corpus-'));
    otherCa = createCertificateAuthority('porthole-e2e-unrelated-ca');
    setup = writeKubeconfigs(dir, otherCa);
    return { kubeconfigPath: setup.kubeconfigEnv, credentialTimeoutMs: CREDENTIAL_TIMEOUT_MS };
  });

  beforeAll(() => {
    expected = new Map(CONTEXT_CASES.map((testCase) => [testCase.name, coreError(app, testCase.name)]));
  });

  it('lists the admin context and every broken context, and nothing from the unusable files', async () => {
    const names = (await app.core.listContexts()).map((summary) => summary.name);
    expect(names).toEqual([cluster!.contexts.admin, ...CONTEXT_CASES.map((testCase) => testCase.name)]);
    expect(CASES.length).toBeGreaterThanOrEqual(30);
  });

  it('opens every broken context at once, the one whose exec plugin hangs first', async () => {
    const { page } = app;
    for (const name of [HANGING_CASE, ...CONTEXT_CASES.map((testCase) => testCase.name).filter((name) => name !== HANGING_CASE)]) {
      const row = await reveal(page, name);
      await row.click();
      await waitFor(`${name} open`, () => row.getAttribute('aria-expanded'), (value) => value === 'true');
    }
  });

  it('still lists pods and opens a shell in the admin context', async () => {
    const { page } = app;
    const { namespace, name } = cluster!.pods.single;
    await reveal(page, cluster!.contexts.admin);
    await openShell(page, cluster!.contexts.admin, namespace, name);
    await typeInTerminal(page, 'echo still-works-$((6*7))\n');
    await waitForTerminalText(page, 'still-works-42');
  });

  it.each(CONTEXT_CASES.map((testCase) => [testCase.name, testCase] as const))(
    '%s: the sidebar shows the core’s error, whole, and no namespace',
    async (name, testCase) => {
      const { page } = app;
      const { error, atLoad } = await expected.get(name)!;
      expect(atLoad, `stage ${testCase.stage}`).toBe(testCase.stage === 'load');
      expect(error.detail).toContain(`"${name}"`);
      expect(error.detail).toContain(setup.mentions.get(name));

      const contextRow = await reveal(page, name);
      // Right below the context: its error row (a tree item of its own), then the next context.
      const errorRow = contextRow.locator('xpath=following-sibling::*[1]');
      await waitFor(`the error row under ${name}`, () => errorRow.getAttribute('aria-label', { timeout: 500 }), (label) => label === error.title);
      const next = contextRow.locator('xpath=following-sibling::*[2]');
      const after = (await next.count()) > 0 ? await next.getAttribute('data-path') : null;
      expect(after === null || !after.includes('/'), `${after} is listed under ${name}`).toBe(true);
      await expect.poll(() => contextRow.locator('.chip[data-tone="error"]').textContent()).toBe('problem');

      await errorRow.click();
      await waitFor(`${name}'s error row selected`, () => errorRow.getAttribute('aria-selected'), (value) => value === 'true');
      const shown = await problemShown(page);
      expect(shown).toEqual({ title: error.title, detail: error.detail });
      expectNoStackTrace(`${(await errorRow.textContent()) ?? ''}\n${shown.title}\n${shown.detail}`);
    },
  );

  it.each(FILE_CASES.map((testCase) => [testCase.name, testCase] as const))('%s: the banner above the contexts shows the core’s problem with the file, whole', async (name, testCase) => {
    const { page } = app;
    const file = setup.files.get(name)!;
    const reported = (await app.core.kubeconfigProblems()).filter((entry) => entry.file === file);
    if (testCase.stage === 'ignored') {
      expect(reported).toEqual([]);
      // The banner is there (the other file cases are in it), and says nothing of this file.
      await expect.poll(() => page.getByRole('region', { name: 'Kubeconfig file problems' }).locator('li').count()).toBeGreaterThan(0);
      expect(await fileProblemShown(page, file)).toBeNull();
      return;
    }
    expect(reported).toHaveLength(1);
    const { problem } = reported[0]!;
    expect(problem.detail).toContain(file);
    expect(problem.detail).toContain(testCase.mentions);

    const shown = await waitFor(`the banner's entry for ${name}`, () => fileProblemShown(page, file), (entry) => entry !== null);
    expect(shown).toEqual({ title: problem.title, detail: problem.detail });
    expectNoStackTrace(`${shown?.title}\n${shown?.detail}`);
  });

  it('fits every file problem in the banner, wrapped, not cut off', async () => {
    const { page } = app;
    const banner = page.getByRole('region', { name: 'Kubeconfig file problems' });
    const texts = banner.locator('.details-text');
    await expect.poll(() => texts.count()).toBe(FILE_CASES.filter((testCase) => testCase.stage !== 'ignored').length);
    // Wrapped: no paragraph is wider than the banner, so no part of a path is hidden sideways.
    const overflows = await texts.evaluateAll((elements) => elements.map((element) => element.scrollWidth > element.clientWidth));
    expect(overflows.every((overflow) => !overflow)).toBe(true);
  });

  it('shows the broken contexts readably (screenshot) and raised no error in the page', async () => {
    const { page } = app;
    const contextRow = await reveal(page, 'client-key-file-missing');
    await contextRow.locator('xpath=following-sibling::*[1]').click();
    await app.screenshot('kubeconfig-corpus-sidebar');
    expect(app.pageErrors).toEqual([]);
  });
});
