import { describe, expect, it } from 'vitest';
import { APP_ACTIONS, type AppAction } from '../../../../renderer/src/app/app-actions.ts';
import { PaletteEntries, PaletteSearch, resultParts, type PaletteEntry, type PaletteIndex, type PaletteSources } from '../../../../renderer/src/app/palette.ts';
import { POD_ACTIONS, type PodAction, type PodActionHost } from '../../../../renderer/src/app/pod-actions.ts';
import type { PodRow } from '../../../../renderer/src/app/pod-tree.ts';
import { compileQuery, NO_MATCH, score } from '../../../../renderer/src/lib/fuzzy.ts';
import { TAB_KIND_ICONS } from '../../../../renderer/src/lib/tab-kind-icons.ts';
import { pod } from '../fake-bridge.ts';
import { fakeActionHost, hostWithTabs, type FakeActionHost } from './fake-action-host.ts';

function podRow(name: string, labels: Record<string, string> = {}, context = 'dev'): PodRow {
  return { kind: 'pod', key: `p/${context}/default/${name}`, depth: 2, path: `${context}/default/${name}`, context, pod: pod(name, { labels }), expanded: false };
}

function podHost(calls: string[]): PodActionHost {
  return {
    onShell: (row) => calls.push(`shell:${row.pod.name}`),
    onLogs: (row) => calls.push(`logs:${row.pod.name}`),
    onAppLogs: (row, selector) => calls.push(`app-logs:${selector}`),
    onPortForward: (row) => calls.push(`forward:${row.pod.name}`),
  };
}

function sources(host: FakeActionHost, pods: readonly PodRow[], extra: Partial<PaletteSources> = {}): PaletteSources {
  return { actions: APP_ACTIONS, host, platform: 'other', pods, elsewhere: [], openHere: (id) => host.calls.push(`openHere:${id}`), ...extra };
}

const all = (index: PaletteIndex): PaletteEntry[] => [...index.entries()];
const texts = (entries: readonly PaletteEntry[]) => entries.map((entry) => `${entry.kind} ${entry.target.text}${entry.keys === null ? '' : ` [${entry.keys}]`}`);

// Tables of the tests' own, so that entries other features add to the app's tables change nothing here.
const APP: readonly AppAction[] = [
  { id: 'new-shell', label: 'New shell', help: 'Opens a shell', command: 'new-shell', run: (host) => host.newShell() },
  { id: 'close-tab', label: 'Close tab', help: 'Closes the tab', command: 'close-tab', when: (host) => host.workspace.activeId !== null, run: () => undefined },
  { id: 'settings', label: 'Settings', help: 'Shows the settings', run: (host) => host.toggleDrawer('settings') },
];
const POD: readonly PodAction[] = [
  { id: 'shell', label: 'Shell', icon: TAB_KIND_ICONS.terminal, name: 'Open a shell', title: 'Shell', key: 'Enter', run: (row, host) => host.onShell(row) },
  { id: 'logs', label: 'Logs', icon: TAB_KIND_ICONS.logs, name: 'Open logs', title: 'Logs', run: (row, host) => host.onLogs(row) },
  { id: 'app-logs', label: 'All', icon: TAB_KIND_ICONS.logs, name: (row) => `Logs of app=${row.pod.labels['app']}`, title: 'All', when: (row) => 'app' in row.pod.labels, run: (row, host) => host.onAppLogs(row, 'app') },
];

describe('the palette entries', () => {
  it('lists the app actions that apply now with their keys, then every pod action that applies for every pod', () => {
    const host = fakeActionHost();
    const entries = all(new PaletteEntries(POD, podHost(host.calls)).build(sources(host, [podRow('web-1', { app: 'web' }), podRow('db-0')], { actions: APP })));
    expect(texts(entries)).toEqual([
      'command New shell [Ctrl+Shift+T]',
      'command Settings',
      'pod Open a shell: web-1 (default · dev)',
      'pod Open logs: web-1 (default · dev)',
      'pod Logs of app=web: web-1 (default · dev)',
      'pod Open a shell: db-0 (default · dev)',
      'pod Open logs: db-0 (default · dev)',
    ]);
    expect(entries.find((entry) => entry.kind === 'pod')?.labelLength).toBe('Open a shell: web-1'.length);
    expect(entries.filter((entry) => entry.kind === 'pod').map((entry) => entry.icon)).toEqual([TAB_KIND_ICONS.terminal, TAB_KIND_ICONS.logs, TAB_KIND_ICONS.logs, TAB_KIND_ICONS.terminal, TAB_KIND_ICONS.logs]);
    expect(new Set(entries.map((entry) => entry.id)).size).toBe(entries.length);
  });

  it('draws from the app\'s own tables', () => {
    const host = fakeActionHost();
    const entries = all(new PaletteEntries(POD_ACTIONS, podHost(host.calls)).build(sources(host, [podRow('web-1', { app: 'web' })])));
    expect(texts(entries)).toEqual(expect.arrayContaining(['command New shell [Ctrl+Shift+T]', 'pod Open a shell: web-1 (default · dev)', 'pod Forward a port: web-1 (default · dev)']));
    expect(texts(entries).some((text) => text.startsWith('command Port-forwards'))).toBe(true);
    expect(texts(entries)).not.toContain('command Close tab [Ctrl+Shift+W]');
  });

  it('runs what an entry names against the window and the sidebar\'s pod host', () => {
    const host = fakeActionHost();
    const entries = all(new PaletteEntries(POD, podHost(host.calls)).build(sources(host, [podRow('web-1', { app: 'web' })], { actions: APP })));
    for (const entry of entries) entry.run();
    expect(host.calls).toEqual(['newShell', 'drawer:settings', 'shell:web-1', 'logs:web-1', 'app-logs:app']);
  });

  it('offers the other tabs and the sessions main runs without a tab here', async () => {
    const host = await hostWithTabs(2);
    const [first] = host.workspace.tabs;
    const entries = all(
      new PaletteEntries(POD, podHost(host.calls)).build(sources(host, [], { elsewhere: [{ id: 'x1', kind: 'logs', title: 'api-1/main', state: { kind: 'live', protocol: 'http' } }] })),
    );
    const tabs = entries.filter((entry) => entry.kind === 'tab' || entry.kind === 'session');
    expect(texts(tabs)).toEqual([`tab Go to ${first?.defaultTitle} (dev)`, 'session Open here: api-1/main']);
    for (const entry of tabs) entry.run();
    expect(host.workspace.activeId).toBe(first?.id);
    expect(host.calls).toEqual(['openHere:x1']);
  });

  it('picks up a new app action and a new pod action with nothing else to change', () => {
    const host = fakeActionHost();
    const reopen: AppAction = { id: 'reopen', label: 'Reopen', help: 'Opens it again', command: 'find', run: (h) => h.notice('reopened') };
    const describeAction: PodAction = { id: 'describe', label: 'Describe', icon: TAB_KIND_ICONS.logs, name: 'Describe', title: 'Describe', run: (row, h) => h.onLogs(row) };
    const entries = all(new PaletteEntries([...POD_ACTIONS, describeAction], podHost(host.calls)).build(sources(host, [podRow('web-1')], { actions: [...APP_ACTIONS, reopen] })));
    expect(texts(entries)).toContain('command Reopen [Ctrl+Shift+F]');
    expect(texts(entries)).toContain('pod Describe: web-1 (default · dev)');
  });

  it('builds a pod row\'s entries once, and again for a new row of the pod only when they read differently', () => {
    const host = fakeActionHost();
    const builder = new PaletteEntries(POD, podHost(host.calls));
    const row = podRow('web-1');
    const podEntries = (rows: readonly PodRow[]) => all(builder.build(sources(host, rows))).filter((entry) => entry.kind === 'pod');
    const first = podEntries([row]);
    expect(podEntries([row])).toEqual(first);
    expect(podEntries([row])[0]).toBe(first[0]);
    // Its status changed: a new row, the same text. The entry stays, and runs on the new row.
    const failing = { ...podRow('web-1'), pod: pod('web-1', { phase: 'Failed' }) };
    const [kept] = podEntries([failing]);
    expect(kept).toBe(first[0]);
    kept?.run();
    expect(host.calls.at(-1)).toBe('shell:web-1');
    // A label that adds an action: new entries.
    expect(podEntries([podRow('web-1', { app: 'web' })]).map((entry) => entry.target.text)).toContain('Logs of app=web: web-1 (default · dev)');
  });

  it('makes new entries for a new row whose action reads differently, and keeps a pod\'s entries while it is away', () => {
    const host = fakeActionHost();
    const builder = new PaletteEntries(POD, podHost(host.calls));
    const podEntries = (rows: readonly PodRow[]) => all(builder.build(sources(host, rows))).filter((entry) => entry.kind === 'pod');
    const web = podEntries([podRow('web-1', { app: 'web' })]);
    const api = podEntries([podRow('web-1', { app: 'api' })]);
    expect(api.map((entry) => entry.target.text)).toContain('Logs of app=api: web-1 (default · dev)');
    expect(api[0]).not.toBe(web[0]);
    // Gone for a build, back with a new row that reads the same: the same entries.
    expect(podEntries([podRow('db-0')])).toHaveLength(2);
    expect(podEntries([podRow('web-1', { app: 'api' })])[0]).toBe(api[0]);
    expect(podEntries([{ ...podRow('web-1', { app: 'api' }), context: 'prod' }])[0]).not.toBe(api[0]);
  });

  it('answers the same index while nothing it lists reads differently, so the open palette is not searched again', () => {
    const host = fakeActionHost();
    const builder = new PaletteEntries(POD, podHost(host.calls));
    const first = builder.build(sources(host, [podRow('web-1'), podRow('db-0')]));
    expect(builder.build(sources(host, [podRow('web-1'), { ...podRow('db-0'), pod: pod('db-0', { phase: 'Pending' }) }]))).toBe(first);
    expect(builder.build(sources(host, [podRow('web-1')]))).not.toBe(first);
    expect(builder.build(sources(host, [podRow('web-1')], { actions: APP }))).not.toBe(builder.build(sources(host, [podRow('web-1')])));
  });
});

describe('the palette search', () => {
  const host = fakeActionHost();
  const pods = ['web-7d9f', 'web-2c1a', 'api-0', 'db-0'].map((name) => podRow(name, {}, name === 'db-0' ? 'prod' : 'dev'));
  const entries = new PaletteEntries(POD, podHost(host.calls)).build(sources(host, pods, { actions: [...APP, { id: 'port-forwards', label: 'Port-forwards', help: 'Shows the port-forwards', run: () => undefined }] }));
  const listed = all(entries);
  const top = (search: PaletteSearch, query: string, limit = 3) => search.search(entries, query, limit).results.map((result) => result.entry.target.text);

  it('puts a pod\'s shell first for a few letters of its name', () => {
    expect(top(new PaletteSearch(), 'api', 1)).toEqual(['Open a shell: api-0 (default · dev)']);
    expect(top(new PaletteSearch(), 'w7', 2)).toEqual(['Open a shell: web-7d9f (default · dev)', 'Open logs: web-7d9f (default · dev)']);
  });

  it('finds app commands and pods by words in any order, and by context', () => {
    expect(top(new PaletteSearch(), 'pf', 1)).toEqual(['Port-forwards']);
    expect(top(new PaletteSearch(), 'logs web2', 1)).toEqual(['Open logs: web-2c1a (default · dev)']);
    expect(top(new PaletteSearch(), 'shell prod', 1)).toEqual(['Open a shell: db-0 (default · prod)']);
  });

  it('lists everything in table order for a blank query, and counts all the matches beyond the limit', () => {
    const search = new PaletteSearch();
    expect(search.search(entries, '', 2)).toMatchObject({ total: listed.length, results: [{ entry: listed[0] }, { entry: listed[1] }] });
    expect(search.search(entries, 'web', 1).total).toBe(4);
  });

  it('gives the same answers typing a query letter by letter as all at once, and after deleting letters', () => {
    const typed = new PaletteSearch();
    let answer: string[] = [];
    for (const query of ['l', 'lo', 'log', 'logs', 'logs ', 'logs d']) answer = top(typed, query, 10);
    expect(answer).toEqual(top(new PaletteSearch(), 'logs d', 10));
    expect(top(typed, 'lo', 10)).toEqual(top(new PaletteSearch(), 'lo', 10));
    expect(typed.search(entries, 'zzz', 10)).toEqual({ results: [], total: 0 });
  });

  it('keeps narrowing as the query is typed when the index is rebuilt meanwhile: a changed or new pod is looked at, the others stay as they were', () => {
    const builder = new PaletteEntries(POD, podHost(host.calls));
    const rows = ['web-7d9f', 'api-0', 'db-0'].map((name) => podRow(name));
    const typed = new PaletteSearch();
    const shownFor = (search: PaletteSearch, index: PaletteIndex, query: string) => search.search(index, query, 10).results.map((result) => result.entry.target.text);
    shownFor(typed, builder.build(sources(host, rows)), 'w');
    // web-7d9f changed (a new row), web-2c1a came: both are looked at again; api-0 and db-0 keep their place.
    const rebuilt = builder.build(sources(host, [podRow('web-7d9f'), podRow('web-2c1a'), rows[1]!, rows[2]!]));
    expect(shownFor(typed, rebuilt, 'we')).toEqual(shownFor(new PaletteSearch(), rebuilt, 'we'));
    expect(shownFor(typed, rebuilt, 'web2')).toEqual(['Open a shell: web-2c1a (default · dev)', 'Open logs: web-2c1a (default · dev)']);
  });

  it('keeps a term\'s scores while it stays in the query, across rebuilds that add names and across builders', () => {
    const builder = new PaletteEntries(POD, podHost(host.calls));
    const rows = [podRow('web-7d9f', { app: 'web' }), podRow('api-0'), podRow('db-0', { app: 'db' })];
    const typed = new PaletteSearch();
    const shownFor = (search: PaletteSearch, index: PaletteIndex, query: string) => {
      const found = search.search(index, query, 10);
      return { total: found.total, shown: found.results.map((result) => result.entry.target.text) };
    };
    for (const query of ['l', 'lo', 'logs', 'logs ', 'logs w']) shownFor(typed, builder.build(sources(host, rows)), query);
    // A new pod with an app label of its own: a name the kept term "logs" has not met.
    const rebuilt = builder.build(sources(host, [...rows, podRow('web-2c1a', { app: 'web2' })]));
    expect(shownFor(typed, rebuilt, 'logs we')).toEqual(shownFor(new PaletteSearch(), rebuilt, 'logs we'));
    expect(shownFor(typed, rebuilt, 'logs web2').shown).toEqual(['Logs of app=web2: web-2c1a (default · dev)', 'Open logs: web-2c1a (default · dev)']);
    // Another builder numbers its names apart ("Open logs" first here): what the search kept for "logs" does not apply there.
    const other = new PaletteEntries([POD[1]!, POD[0]!, POD[2]!], podHost(host.calls)).build(sources(host, [podRow('db-0', { app: 'db' }), podRow('web-1', { app: 'web1' })]));
    expect(shownFor(typed, other, 'logs web1')).toEqual(shownFor(new PaletteSearch(), other, 'logs web1'));
  });

  it('matches a term in the action\'s name, in the pod, or across the two, and ranks the same whichever way it is typed', () => {
    expect(top(new PaletteSearch(), 'shell web2', 1)).toEqual(['Open a shell: web-2c1a (default · dev)']);
    expect(top(new PaletteSearch(), 'web2 shell', 1)).toEqual(['Open a shell: web-2c1a (default · dev)']);
    // "lodb": "lo" in "Open logs", "db" in the pod: one term across the two parts.
    expect(top(new PaletteSearch(), 'lodb', 5)).toEqual(['Open logs: db-0 (default · prod)']);
    const [across] = new PaletteSearch().search(entries, 'lodb', 1).results;
    expect(resultParts(across!).filter((part) => part.matched).map((part) => part.text)).toEqual(['lo', 'db']);
  });

  it('lists the same best entries, in the same order, whatever the limit: pods whose entries cannot make the list are only counted', () => {
    // Pods of varied names in two contexts, and queries typed a letter at a time (the narrowing path).
    let seed = 11;
    const random = (below: number) => (seed = (seed * 1103515245 + 12345) % 2 ** 31) % below;
    const letters = 'abdelopsw-0123';
    const word = (length: number) => Array.from({ length }, () => letters[random(letters.length)]).join('');
    const rows = Array.from({ length: 60 }, (_, at) => podRow(`${word(3)}-${at}`, at % 3 === 0 ? { app: word(2) } : {}, at % 2 === 0 ? 'dev' : 'prod'));
    const index = new PaletteEntries(POD, podHost(host.calls)).build(sources(host, rows, { actions: APP }));
    const queries = ['shell', 'logs 0', 'op d', 'web', 'a0', ...Array.from({ length: 12 }, () => `${word(2)} ${word(1 + random(3))}`)];
    for (const query of queries) {
      const typed = new Map([1, 3, 7].map((limit) => [limit, new PaletteSearch()]));
      const unlimited = new PaletteSearch();
      for (let length = 1; length <= query.length; length++) {
        const all = unlimited.search(index, query.slice(0, length), 10_000);
        for (const [limit, search] of typed) {
          const found = search.search(index, query.slice(0, length), limit);
          expect({ query: query.slice(0, length), limit, total: found.total, ids: found.results.map((result) => result.entry.id) }).toEqual({
            query: query.slice(0, length),
            limit,
            total: all.total,
            ids: all.results.slice(0, limit).map((result) => result.entry.id),
          });
        }
      }
    }
  });

  it('counts the same matches as scoring every entry\'s whole text, with names shared by every pod or each pod\'s own', () => {
    let seed = 23;
    const random = (below: number) => (seed = (seed * 1103515245 + 12345) % 2 ** 31) % below;
    const letters = 'abdelopsvw-0';
    const word = (length: number) => Array.from({ length }, () => letters[random(letters.length)]).join('');
    // Most pods with an app label of their own (a name per pod: "Logs of app=…"), some sharing one, some with none.
    const rows = Array.from({ length: 40 }, (_, at) => {
      const name = `${word(2 + random(4))}-${at}`;
      return podRow(name, at % 5 === 0 ? {} : { app: at % 5 === 1 ? 'shared' : name }, ['dev', 'prod'][at % 2]);
    });
    const index = new PaletteEntries(POD, podHost(host.calls)).build(sources(host, rows, { actions: APP }));
    const queries = ['shell', 'sweb', 'logs app', 'lodev', 'wd', 'e-1 pr', 'ofshared', ...Array.from({ length: 20 }, () => `${word(1 + random(4))} ${word(random(3))}`.trim())];
    for (const query of queries) {
      const wanted = all(index).filter((entry) => score(compileQuery(query), entry.target) !== NO_MATCH).length;
      const typed = new PaletteSearch();
      for (let length = 1; length < query.length; length++) typed.search(index, query.slice(0, length), 5);
      expect({ query, total: new PaletteSearch().search(index, query, 5).total, typed: typed.search(index, query, 5).total }).toEqual({ query, total: wanted, typed: wanted });
    }
  });

  it('counts each pod entry that matches, and finds nothing for letters no entry has', () => {
    expect(new PaletteSearch().search(entries, 'db', 10).total).toBe(2);
    expect(new PaletteSearch().search(entries, 'zzz', 10)).toEqual({ results: [], total: 0 });
  });

  it('highlights the matched characters', () => {
    const [result] = new PaletteSearch().search(entries, 'api', 1).results;
    expect(result?.ranges).toEqual([{ start: 'Open a shell: '.length, end: 'Open a shell: api'.length }]);
  });

  it('cuts a result where the highlight or the dimmer detail starts and ends', () => {
    const [result] = new PaletteSearch().search(entries, 'shdev', 1).results;
    const parts = resultParts(result!).map(({ text, matched, detail }) => `${detail ? 'detail' : 'label'}${matched ? '*' : ''}:${text}`);
    expect(parts).toEqual(['label:Open a ', 'label*:sh', 'label:ell: api-0', 'detail: (default · ', 'detail*:dev', 'detail:)']);
  });
});
