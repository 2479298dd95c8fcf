import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CoreError } from '../../../../../main/core/errors/core-error.ts';
import { KubeconfigStore } from '../../../../../main/core/kubeconfig/kubeconfig-store.ts';

let directory: string;
const stores: KubeconfigStore[] = [];

beforeEach(() => {
  directory = mkdtempSync(path.join(os.tmpdir(), 'porthole-store-'));
});
afterEach(() => {
  for (const store of stores.splice(0)) store.close();
  rmSync(directory, { recursive: true, force: true });
});

function config(options: { current?: string; contexts: Record<string, { server: string; token: string }> }): string {
  const names = Object.keys(options.contexts);
  return JSON.stringify({
    ...(options.current === undefined ? {} : { 'current-context': options.current }),
    clusters: names.map((name) => ({ name: `${name}-cluster`, cluster: { server: options.contexts[name]?.server } })),
    users: names.map((name) => ({ name: `${name}-user`, user: { token: options.contexts[name]?.token } })),
    contexts: names.map((name) => ({ name, context: { cluster: `${name}-cluster`, user: `${name}-user` } })),
  });
}

function write(name: string, text: string): string {
  const file = path.join(directory, name);
  writeFileSync(file, text);
  return file;
}

function open(files: string[], debounceMs = 20): KubeconfigStore {
  const store = new KubeconfigStore({ kubeconfigEnv: files.join(path.delimiter), debounceMs });
  stores.push(store);
  return store;
}

function nextChange(store: KubeconfigStore): Promise<void> {
  return new Promise((resolve) => {
    const off = store.onChange(() => {
      off();
      resolve();
    });
  });
}

describe('KubeconfigStore', () => {
  it('merges the $KUBECONFIG files, skipping missing ones, first current-context winning', () => {
    const a = write('a', config({ current: 'one', contexts: { one: { server: 'https://one.example', token: 't1' } } }));
    const b = write('b', config({ current: 'two', contexts: { two: { server: 'https://two.example', token: 't2' } } }));
    const store = open([a, path.join(directory, 'missing'), b]);
    expect(store.contexts().map((c) => [c.name, c.server, c.isCurrent])).toEqual([
      ['one', 'https://one.example', true],
      ['two', 'https://two.example', false],
    ]);
    expect(store.fileProblems()).toEqual([]);
  });

  it('reads ~/.kube/config when $KUBECONFIG is not set', () => {
    mkdirSync(path.join(directory, '.kube'));
    write('.kube/config', config({ contexts: { home: { server: 'https://home.example', token: 't' } } }));
    const store = new KubeconfigStore({ kubeconfigEnv: undefined, home: directory, watch: false });
    stores.push(store);
    expect(store.contexts().map((c) => c.name)).toEqual(['home']);
  });

  it('reports a file that is not YAML and keeps the other files’ contexts', () => {
    const bad = write('bad', 'clusters: [ {');
    const good = write('good', config({ contexts: { ok: { server: 'https://ok.example', token: 't' } } }));
    const store = open([bad, good]);
    expect(store.contexts().map((c) => c.name)).toEqual(['ok']);
    expect(store.fileProblems()).toEqual([{ file: bad, problem: expect.objectContaining({ kind: 'kubeconfig', detail: expect.stringContaining(bad) }) }]);
  });

  it('hands out one connection per context, built for that context (several live at once)', async () => {
    const file = write('a', config({ contexts: { one: { server: 'https://one.example', token: 't1' }, two: { server: 'https://two.example', token: 't2' } } }));
    const store = open([file]);
    const one = store.connection('one');
    const two = store.connection('two');
    expect(store.connection('one')).toBe(one);
    expect([one.context, one.user, one.server.href]).toEqual(['one', 'one-user', 'https://one.example/']);
    expect([two.context, two.user, two.server.href]).toEqual(['two', 'two-user', 'https://two.example/']);
    expect((await one.requestOptions()).headers['Authorization']).toBe('Bearer t1');
    expect((await two.requestOptions()).headers['Authorization']).toBe('Bearer t2');
  });

  it('connection() of an unknown or unusable context throws a kubeconfig CoreError naming it', () => {
    const file = write('a', JSON.stringify({ contexts: [{ name: 'broken', context: { cluster: 'nowhere' } }] }));
    const store = open([file]);
    expect(() => store.connection('ghost')).toThrow(CoreError);
    expect(() => store.connection('ghost')).toThrow(/No kubeconfig context is named "ghost"/);
    try {
      store.connection('broken');
      expect.unreachable();
    } catch (error) {
      expect((error as CoreError).userError).toMatchObject({ kind: 'kubeconfig', context: 'broken' });
      expect((error as CoreError).userError.detail).toContain('context.cluster "nowhere"');
    }
  });

  it('reloads when a file changes; changed contexts get a new connection, old ones keep working', async () => {
    const file = write('a', config({ contexts: { one: { server: 'https://one.example', token: 'old' }, two: { server: 'https://two.example', token: 't2' } } }));
    const store = open([file]);
    const oldOne = store.connection('one');
    const two = store.connection('two');

    const changed = nextChange(store);
    write('a', config({ contexts: { one: { server: 'https://one.example', token: 'new' }, two: { server: 'https://two.example', token: 't2' } } }));
    await changed;

    const newOne = store.connection('one');
    expect(newOne).not.toBe(oldOne);
    expect((await newOne.requestOptions()).headers['Authorization']).toBe('Bearer new');
    // The connection an open session holds is not disturbed by the edit.
    expect((await oldOne.requestOptions()).headers['Authorization']).toBe('Bearer old');
    // An untouched context keeps its connection (and with it any cached plugin credentials).
    expect(store.connection('two')).toBe(two);
  });

  it('notices a listed file that appears later and a file replaced by rename', async () => {
    const later = path.join(directory, 'later');
    const first = write('first', config({ contexts: { one: { server: 'https://one.example', token: 't' } } }));
    const store = open([first, later]);
    expect(store.contexts().map((c) => c.name)).toEqual(['one']);

    let changed = nextChange(store);
    write('later', config({ contexts: { late: { server: 'https://late.example', token: 't' } } }));
    await changed;
    expect(store.contexts().map((c) => c.name)).toEqual(['one', 'late']);

    changed = nextChange(store);
    const temporary = write('first.tmp', config({ contexts: { renamed: { server: 'https://r.example', token: 't' } } }));
    const { renameSync } = await import('node:fs');
    renameSync(temporary, first);
    await changed;
    expect(store.contexts().map((c) => c.name)).toEqual(['renamed', 'late']);
  });

  it('keeps the contexts of a file saved half-way (invalid YAML), with its problem, until it parses again', async () => {
    const file = write('a', config({ contexts: { one: { server: 'https://one.example', token: 't' } } }));
    const store = open([file]);
    let changed = nextChange(store);
    write('a', '{"clusters": [');
    await changed;
    expect(store.contexts().map((c) => c.name)).toEqual(['one']);
    expect(store.fileProblems()).toEqual([{ file, problem: expect.objectContaining({ kind: 'kubeconfig', detail: expect.stringContaining('last good version') as unknown }) as unknown }]);

    changed = nextChange(store);
    write('a', config({ contexts: { one: { server: 'https://one.example', token: 't' }, two: { server: 'https://two.example', token: 't' } } }));
    await changed;
    expect(store.contexts().map((c) => c.name)).toEqual(['one', 'two']);
    expect(store.fileProblems()).toEqual([]);
  });

  it('reload() reports no change when the content is the same', () => {
    const file = write('a', config({ contexts: { one: { server: 'https://one.example', token: 't' } } }));
    const store = open([file]);
    let notified = 0;
    store.onChange(() => (notified += 1));
    expect(store.reload()).toBe(false);
    write('a', config({ contexts: { one: { server: 'https://one.example', token: 'u' } } }));
    expect(store.reload()).toBe(true);
    expect(notified).toBe(1);
  });
});
