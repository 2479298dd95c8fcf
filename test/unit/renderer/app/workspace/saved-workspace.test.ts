import { describe, expect, it } from 'vitest';
import { DEFAULT_LOG_QUERY } from '../../../../../renderer/src/app/log-query.ts';
import { paneLayout } from '../../../../../renderer/src/app/workspace/layout.ts';
import { parseTabDetail, restorablePanes, restoreDetails, restoreTabs, serializeTabs } from '../../../../../renderer/src/app/workspace/saved-workspace.ts';
import { detailPod, filesDetail, logsDetail, paneSessions, shellDetail } from '../../../../../renderer/src/app/workspace/tab-kinds.ts';
import { activateTab, EMPTY_TABS, newPane, openTab, rebindPane, renameTab, shownTab, splitPane } from '../../../../../renderer/src/app/workspace/tab-strip.ts';
import { tabTitle } from '../../../../../renderer/src/lib/tabs.ts';
import { exec, ids, info, logs, newIds, opened, pane, restore } from './fixtures.ts';

const savedTab = { id: 't', layout: paneLayout('p'), focused: 'p' };
const savedPane = { sessionId: 's', kind: 'logs', context: 'c', title: 't' };
const savedOne = (tab: object, panes: object = { p: savedPane }) => ({ version: 2, tabs: [{ ...savedTab, ...tab }], panes, activeId: null });

describe('tabs: persistence', () => {
  it('round-trips through JSON and re-binds to the sessions main still has', () => {
    let state = opened('a', 'b', 'c');
    state = renameTab(state, 'b', 'my logs');
    state = activateTab(state, 'b');
    const saved = JSON.parse(JSON.stringify(serializeTabs(state).tabs));
    const result = restore(saved, [info('c', 'exec', { kind: 'live', protocol: 'v5' }), info('b', 'exec', { kind: 'exited', exitCode: 0 })]);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.state.tabs.map((tab) => shownTab(result.state, tab).sessionId)).toEqual(['b', 'c']);
    expect(ids(result.state)).toEqual(['t1', 't2']);
    expect(result.state.activeId).toBe('t1');
    expect(tabTitle(shownTab(result.state, result.state.tabs[0]!))).toBe('my logs');
    expect(Object.values(result.state.panes).map((p) => p.status.kind)).toEqual(['exited', 'live']);
    expect(result.gone.map((p) => p.sessionId)).toEqual(['a']);
  });

  it('keeps a split tab\'s layout and focus, dropping the panes whose sessions ended', () => {
    let state = opened('a');
    state = splitPane(state, 'p-a', 'right', pane(info('b')));
    state = splitPane(state, 'p-b', 'down', pane(info('c')));
    const saved = JSON.parse(JSON.stringify(serializeTabs(state).tabs));
    const all = restore(saved, [info('a'), info('b'), info('c')]);
    expect(all.ok && all.state.tabs[0]).toEqual({ id: 't1', layout: { kind: 'split', direction: 'row', children: [paneLayout('p1'), { kind: 'split', direction: 'column', children: [paneLayout('p2'), paneLayout('p3')], sizes: [0.5, 0.5] }], sizes: [0.5, 0.5] }, focused: 'p3' });
    const some = restore(saved, [info('a'), info('b')]);
    expect(some.ok && some.state.tabs[0]).toEqual({ id: 't1', layout: { kind: 'split', direction: 'row', children: [paneLayout('p1'), paneLayout('p2')], sizes: [0.5, 0.5] }, focused: 'p1' });
    expect(some.ok && some.gone.map((p) => p.title)).toEqual(['title-c']);
  });

  it('does not save panes main has no session for, nor a tab left without panes', () => {
    const failed = newPane('p-f', { id: null, kind: 'exec', title: 'web-1: shell', state: { kind: 'failed', error: { kind: 'not-found', title: 'No', detail: 'no' } } }, 'c', exec);
    let state = openTab(opened('a'), 'f', failed);
    state = splitPane(state, 'p-a', 'right', newPane('p-g', { id: null, kind: 'exec', title: 'g', state: { kind: 'connecting' } }, 'c', null));
    const { tabs, details } = serializeTabs(state);
    expect(tabs).toEqual({ version: 2, tabs: [{ id: 'a', layout: paneLayout('p-a'), focused: 'p-a' }], panes: { 'p-a': { sessionId: 'a', kind: 'terminal', context: 'ctx-a', title: 'title-a' } }, activeId: 'a' });
    expect(details.details).toEqual({});
  });

  it('counts the panes a saved workspace would bring back, none when it is damaged or absent', () => {
    const saved = { tabs: serializeTabs(splitPane(opened('a', 'b'), 'p-a', 'down', pane(info('c')))).tabs, details: null };
    expect(restorablePanes(saved, [info('a'), info('c'), info('x')])).toBe(2);
    expect(restorablePanes(saved, [])).toBe(0);
    expect(restorablePanes({ tabs: { version: 9 }, details: null }, [info('a')])).toBe(0);
    expect(restorablePanes({ tabs: null, details: null }, [info('a')])).toBe(0);
  });

  it('keeps a file browser (no session in main) with the container and folder it showed, beside a shell', () => {
    const files = filesDetail({ context: 'prod', namespace: 'web', pod: 'web-1', container: 'app' });
    const browsing = { ...files, path: '/etc/ssl dir' };
    const state = splitPane(opened('a'), 'p-a', 'right', newPane('p-f', { id: null, kind: 'files', title: 'web-1/app: files', state: { kind: 'live', protocol: '' } }, 'prod', browsing));
    const saved = JSON.parse(JSON.stringify(serializeTabs(state).tabs));
    expect(saved.panes['p-f']).toEqual({ kind: 'files', place: files.place, path: '/etc/ssl dir', title: 'web-1/app: files' });
    const result = restore(saved, [info('a')]);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const restored = Object.values(result.state.panes).find((p) => p.kind === 'files');
    expect(restored).toMatchObject({ sessionId: null, kind: 'files', context: 'prod', title: 'web-1/app: files', detail: browsing, status: { kind: 'live' } });
    expect(result.state.tabs[0]?.layout.kind).toBe('split');
    // Only panes with sessions are counted as what a saved workspace brings back from main.
    expect(restorablePanes({ tabs: saved, details: null }, [info('a')])).toBe(1);
  });

  it('activates the first surviving tab when the active one is gone', () => {
    const saved = serializeTabs(activateTab(opened('a', 'b'), 'a')).tabs;
    const result = restore(saved, [info('b')]);
    expect(result.ok && result.state.activeId).toBe('t1');
    const none = restore(saved, []);
    expect(none.ok && none.state).toEqual({ tabs: [], panes: {}, activeId: null });
  });

  it.each<[unknown, string]>([
    [null, 'saved tabs are not an object'],
    [{ version: 1, tabs: [], activeId: null }, 'saved tabs have format version 1, expected 2'],
    [{ version: 2, panes: {}, activeId: null }, 'saved tabs have no tab list'],
    [{ version: 2, tabs: [], activeId: null }, 'saved tabs have no pane list'],
    [{ version: 2, tabs: [], panes: {}, activeId: 3 }, 'saved tabs have an invalid active tab'],
    [{ version: 2, tabs: ['x'], panes: {}, activeId: null }, 'tab 0 is not an object'],
    [savedOne({ id: '' }), 'tab 0 has no id'],
    [savedOne({ layout: { kind: 'split', direction: 'row', children: [], sizes: [] } }), 'tab 0 has a damaged layout: layout.children: a split needs a list of at least 2 children'],
    [savedOne({ focused: 'q' }), 'tab 0 focuses a pane it does not have'],
    [savedOne({ customTitle: 5 }), 'tab 0 has an invalid custom title'],
    [savedOne({}, {}), 'pane p is not saved'],
    [savedOne({}, { p: { ...savedPane, sessionId: '' } }), 'pane p has no session id'],
    [savedOne({}, { p: { ...savedPane, kind: 'pf' } }), 'pane p has an unknown kind "pf"'],
    [savedOne({}, { p: { ...savedPane, context: null } }), 'pane p has no context'],
    [savedOne({}, { p: { ...savedPane, title: 1 } }), 'pane p has no title'],
    [savedOne({}, { p: { kind: 'playback', recording: '../../etc/passwd', title: 'x' } }), 'pane p plays no recording'],
    [savedOne({}, { p: { kind: 'playback', recording: 'a.cast', title: null } }), 'pane p has no title'],
    [savedOne({}, { p: { kind: 'files', place: { context: 'c', namespace: 'n' }, path: '/', title: 'x' } }), 'pane p browses no container'],
    [savedOne({}, { p: { kind: 'files', place: { context: 'c', namespace: 'n', pod: 'p' }, path: 'etc', title: 'x' } }), 'pane p browses no absolute path'],
    [savedOne({}, { p: { kind: 'files', place: { context: 'c', namespace: 'n', pod: 'p' }, path: '/etc/../root', title: 'x' } }), 'pane p browses no absolute path'],
    [savedOne({}, { p: { kind: 'files', place: { context: 'c', namespace: 'n', pod: 'p' }, path: '/', title: 5 } }), 'pane p has no title'],
    [
      { version: 2, tabs: [savedTab, { ...savedTab, id: 'u', layout: paneLayout('q'), focused: 'q' }], panes: { p: savedPane, q: savedPane }, activeId: null },
      'session s is saved twice',
    ],
  ])('refuses damaged saved data %j', (saved, error) => {
    expect(restore(saved, [])).toEqual({ ok: false, error });
  });
});

describe('tab details', () => {
  it('round-trip through JSON with their tabs', () => {
    const state = [pane(info('s1'), 'prod', exec), pane(info('s2', 'logs'), 'prod', logs), pane(info('s3'))].reduce((tabs, p) => openTab(tabs, p.id, p), EMPTY_TABS);
    const saved = JSON.parse(JSON.stringify(serializeTabs(state).details));
    expect(Object.entries(restoreDetails(saved))).toEqual([['s1', exec], ['s2', logs]]);
  });

  it('drop entries that do not validate, and everything of another format', () => {
    const broken = { kind: 'exec', request: { ...exec.request, tty: 'yes' } };
    const saved = { version: 1, details: { s1: exec, s2: broken, s3: { kind: 'logs', target: { kind: 'pod' } } } };
    expect(Object.keys(restoreDetails(saved))).toEqual(['s1']);
    expect(restoreDetails({ version: 2, details: { s1: exec } })).toEqual({});
    expect(restoreDetails('nonsense')).toEqual({});
    const attach = { kind: 'attach', request: { context: 'c', namespace: 'n', pod: 'p', tty: true, stdin: true } };
    expect(parseTabDetail(attach)).toEqual(attach);
    expect(parseTabDetail({ ...logs, target: { kind: 'session', title: 'web-1/app' } })).toEqual({ ...logs, target: { kind: 'session', title: 'web-1/app' } });
    expect(parseTabDetail({ ...logs, target: { kind: 'session' } })).toBeNull();
  });

  it('keep debug and node shells, checked by the bridge schema too, so they can run again after a reload', () => {
    const debug = { kind: 'debug', request: { context: 'c', namespace: 'n', pod: 'p', container: 'app', image: 'busybox:1.36' } };
    const node = { kind: 'node-shell', request: { context: 'c', namespace: 'n', node: 'worker-1', image: 'busybox:1.36' } };
    expect(parseTabDetail(debug)).toEqual(debug);
    expect(parseTabDetail(node)).toEqual(node);
    expect(parseTabDetail({ ...debug, request: { ...debug.request, image: 'busy box' } })).toBeNull();
    expect(parseTabDetail({ ...node, request: { ...node.request, node: 'Worker_1' } })).toBeNull();
  });

  it('check exec and attach requests with the bridge schema main checks calls with', () => {
    // Names main would refuse in a URL, and fields the bridge does not know, are refused here too.
    expect(parseTabDetail({ kind: 'exec', request: { ...exec.request, pod: '../../secrets' } })).toBeNull();
    expect(parseTabDetail({ kind: 'attach', request: { context: 'c', namespace: 'n', pod: 'p', tty: true, stdin: true, extra: 1 } })).toBeNull();
    expect(parseTabDetail({ kind: 'exec', request: { ...exec.request, command: { kind: 'argv', argv: [] } } })).toBeNull();
  });

  it('are replaced whole, and kept only for the panes that came back', () => {
    const one = openTab(EMPTY_TABS, 't', pane(info('s1'), 'prod', exec));
    const moved = rebindPane(one, 'p-s1', info('s2'), exec);
    expect(Object.values(one.panes).map((p) => [p.sessionId, p.detail])).toEqual([['s1', exec]]);
    expect(Object.values(moved.panes).map((p) => [p.sessionId, p.detail])).toEqual([['s2', exec]]);
    const saved = serializeTabs(opened('a', 'b')).tabs;
    const result = restoreTabs(saved, { a: exec, b: logs }, [info('b'), info('c')], newIds());
    expect(result.ok && Object.values(result.state.panes).map((p) => [p.sessionId, p.detail])).toEqual([['b', logs]]);
  });

  it('name the pod a pane runs in and the session it reads', () => {
    expect(detailPod(exec)).toMatchObject({ pod: 'web-1', container: 'app' });
    expect(detailPod(logs)).toEqual({ context: 'prod', namespace: 'web', pod: 'web-1' });
    expect(paneSessions({ sessionId: 's2' })).toEqual(['s2']);
    expect(paneSessions({ sessionId: null })).toEqual([]);
  });

  it('have one factory per kind: a shell, and a log tab with the default query and view', () => {
    expect(shellDetail({ context: 'c', namespace: 'n', pod: 'p' })).toEqual({ kind: 'exec', request: { context: 'c', namespace: 'n', pod: 'p', command: { kind: 'shell' }, tty: true, stdin: true } });
    expect(logsDetail({ kind: 'session', title: 't' })).toEqual({ kind: 'logs', target: { kind: 'session', title: 't' }, query: DEFAULT_LOG_QUERY, view: { timestamps: false, wrap: false } });
  });
});
