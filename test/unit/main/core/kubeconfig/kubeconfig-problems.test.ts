// The core's kubeconfigProblems(): every problem of a whole kubeconfig file, with the file it
// belongs to, from the real PortholeCore over a real KubeconfigStore — and fresh after the files
// change, as the contexts are.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { PortholeCore } from '../../../../../main/core/core.ts';
import { KubeconfigStore } from '../../../../../main/core/kubeconfig/kubeconfig-store.ts';

let directory: string;
const cores: PortholeCore[] = [];

beforeEach(() => {
  directory = mkdtempSync(path.join(os.tmpdir(), 'porthole-file-problems-'));
});
afterEach(async () => {
  for (const core of cores.splice(0)) await core.dispose();
  rmSync(directory, { recursive: true, force: true });
});

const GOOD = JSON.stringify({
  clusters: [{ name: 'c', cluster: { server: 'https://good.example' } }],
  users: [{ name: 'u', user: { token: 't' } }],
  contexts: [{ name: 'good', context: { cluster: 'c', user: 'u' } }],
});

function write(name: string, text: string): string {
  const file = path.join(directory, name);
  writeFileSync(file, text);
  return file;
}

function coreOver(files: readonly string[], watch = false): { core: PortholeCore; store: KubeconfigStore } {
  const store = new KubeconfigStore({ kubeconfigEnv: files.join(path.delimiter), watch, debounceMs: 20 });
  const core = new PortholeCore(store);
  cores.push(core);
  return { core, store };
}

describe('PortholeCore.kubeconfigProblems', () => {
  it('names each broken file and what is wrong with it, and keeps the good file’s contexts', async () => {
    const dangling = write('dangling.yaml', 'current-context: nowhere\ncontexts: []\n');
    const notYaml = write('not-yaml.yaml', 'clusters: [ {name: c\n  cluster: : : }\n');
    const list = write('list.yaml', '- clusters\n- users\n');
    const unreadable = path.join(directory, 'a-directory');
    mkdirSync(unreadable);
    const good = write('good.yaml', GOOD);
    const { core } = coreOver([dangling, notYaml, list, unreadable, good]);

    const problems = await core.kubeconfigProblems();
    expect(problems.map(({ file, problem }) => [file, problem.kind, problem.title])).toEqual([
      [unreadable, 'kubeconfig', 'Kubeconfig file unusable'],
      [notYaml, 'kubeconfig', 'Kubeconfig file unusable'],
      [list, 'kubeconfig', 'Kubeconfig file unusable'],
      [dangling, 'kubeconfig', 'Current context not found'],
    ]);
    const details = problems.map(({ problem }) => problem.detail);
    expect(details[0]).toBe(`The kubeconfig file ${unreadable} cannot be read (EISDIR); it is ignored.`);
    expect(details[1]).toMatch(new RegExp(`^The kubeconfig file ${notYaml} is not valid YAML \\(.+\\); it is ignored\\.$`));
    expect(details[2]).toBe(`The kubeconfig file ${list} is not a kubeconfig (not a YAML mapping); it is ignored.`);
    expect(details[3]).toBe(`The kubeconfig file ${dangling} sets current-context "nowhere", which no kubeconfig file defines; no context is current.`);
    expect((await core.listContexts()).map((context) => [context.name, context.problem])).toEqual([['good', undefined]]);
  });

  it('reports nothing for good, empty and missing files', async () => {
    const { core } = coreOver([write('empty.yaml', '# nothing here\n'), path.join(directory, 'missing.yaml'), write('good.yaml', GOOD)]);
    expect(await core.kubeconfigProblems()).toEqual([]);
  });

  it('follows the files: a broken file fixed on disk drops its problem, and its contexts appear', async () => {
    const file = write('config.yaml', '- not a mapping\n');
    const { core, store } = coreOver([file], true);
    expect((await core.kubeconfigProblems()).map(({ file: named }) => named)).toEqual([file]);

    const changed = new Promise<void>((resolve) => {
      const off = store.onChange(() => {
        off();
        resolve();
      });
    });
    write('config.yaml', GOOD);
    await changed;
    expect(await core.kubeconfigProblems()).toEqual([]);
    expect((await core.listContexts()).map((context) => context.name)).toEqual(['good']);

    write('config.yaml', 'current-context: gone\n');
    store.reload();
    expect((await core.kubeconfigProblems()).map(({ problem }) => problem.detail)).toEqual([
      `The kubeconfig file ${file} sets current-context "gone", which no kubeconfig file defines; no context is current.`,
    ]);
  });
});
