import { describe, expect, it } from 'vitest';
import { DEFAULT_LOG_QUERY } from '../../../../../renderer/src/app/log-query.ts';
import { parseTabDetail, restoreDetails, restoreTabs, serializeTabs } from '../../../../../renderer/src/app/workspace/saved-workspace.ts';
import { detailPod, logsDetail, shellDetail, tabSessions } from '../../../../../renderer/src/app/workspace/tab-kinds.ts';
import { activateTab, EMPTY_TABS, openTab, rebindTab, renameTab } from '../../../../../renderer/src/app/workspace/tab-strip.ts';
import { tabTitle } from '../../../../../renderer/src/lib/tabs.ts';
import { exec, ids, info, logs, opened, paneKey, restore, tab } from './fixtures.ts';

describe('tabs: persistence', () => {
  it('round-trips through JSON and re-binds to the sessions main still has', () => {
    let state = opened('a', 'b', 'c');
    state = renameTab(state, 'b', 'my logs');
    state = activateTab(state, 'b');
    const saved = JSON.parse(JSON.stringify(serializeTabs(state).tabs));
    const result = restore(saved, [info('c', 'exec', { kind: 'live', protocol: 'v5' }), info('b', 'exec', { kind: 'exited', exitCode: 0 })]);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(ids(result.state)).toEqual(['b', 'c']);
    expect(result.state.activeId).toBe('b');
    expect(tabTitle(result.state.tabs[0]!)).toBe('my logs');
    expect(result.state.tabs.map((tab) => tab.status.kind)).toEqual(['exited', 'live']);
    expect(result.gone.map((tab) => tab.sessionId)).toEqual(['a']);
  });

  it('activates the first surviving tab when the active one is gone', () => {
    const saved = serializeTabs(activateTab(opened('a', 'b'), 'a')).tabs;
    const result = restore(saved, [info('b')]);
    expect(result.ok && result.state.activeId).toBe('b');
    const none = restore(saved, []);
    expect(none.ok && none.state).toEqual({ tabs: [], activeId: null });
  });

  it.each<[unknown, string]>([
    [null, 'saved tabs are not an object'],
    [{ version: 2, tabs: [], activeId: null }, 'saved tabs have format version 2, expected 1'],
    [{ version: 1, activeId: null }, 'saved tabs have no tab list'],
    [{ version: 1, tabs: [], activeId: 3 }, 'saved tabs have an invalid active tab'],
    [{ version: 1, tabs: ['x'], activeId: null }, 'tab 0 is not an object'],
    [{ version: 1, tabs: [{ sessionId: '', kind: 'logs', context: 'c', defaultTitle: 't' }], activeId: null }, 'tab 0 has no session id'],
    [{ version: 1, tabs: [{ sessionId: 's', kind: 'pf', context: 'c', defaultTitle: 't' }], activeId: null }, 'tab 0 has an unknown kind "pf"'],
    [{ version: 1, tabs: [{ sessionId: 's', kind: 'logs', defaultTitle: 't' }], activeId: null }, 'tab 0 has no context'],
    [{ version: 1, tabs: [{ sessionId: 's', kind: 'logs', context: 'c' }], activeId: null }, 'tab 0 has no title'],
    [{ version: 1, tabs: [{ sessionId: 's', kind: 'logs', context: 'c', defaultTitle: 't', customTitle: 5 }], activeId: null }, 'tab 0 has an invalid custom title'],
    [
      {
        version: 1,
        tabs: [
          { sessionId: 's', kind: 'logs', context: 'c', defaultTitle: 't' },
          { sessionId: 's', kind: 'logs', context: 'c', defaultTitle: 't' },
        ],
        activeId: null,
      },
      'session s is saved twice',
    ],
  ])('refuses damaged saved data %j', (saved, error) => {
    expect(restore(saved, [])).toEqual({ ok: false, error });
  });
});

describe('tab details', () => {
  it('round-trip through JSON with their tabs', () => {
    const state = [tab(info('s1'), 'prod', exec), tab(info('s2', 'logs'), 'prod', logs), tab(info('s3'))].reduce(openTab, EMPTY_TABS);
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

  it('check exec and attach requests with the bridge schema main checks calls with', () => {
    // Names main would refuse in a URL, and fields the bridge does not know, are refused here too.
    expect(parseTabDetail({ kind: 'exec', request: { ...exec.request, pod: '../../secrets' } })).toBeNull();
    expect(parseTabDetail({ kind: 'attach', request: { context: 'c', namespace: 'n', pod: 'p', tty: true, stdin: true, extra: 1 } })).toBeNull();
    expect(parseTabDetail({ kind: 'exec', request: { ...exec.request, command: { kind: 'argv', argv: [] } } })).toBeNull();
  });

  it('are replaced whole, and kept only for the tabs that came back', () => {
    const one = openTab(EMPTY_TABS, tab(info('s1'), 'prod', exec));
    const moved = rebindTab(one, 's1', info('s2'), exec);
    expect(one.tabs.map((t) => [t.sessionId, t.detail])).toEqual([['s1', exec]]);
    expect(moved.tabs.map((t) => [t.sessionId, t.detail])).toEqual([['s2', exec]]);
    const saved = serializeTabs(opened('a', 'b')).tabs;
    const result = restoreTabs(saved, { a: exec, b: logs }, [info('b'), info('c')], paneKey);
    expect(result.ok && result.state.tabs.map((t) => [t.sessionId, t.detail])).toEqual([['b', logs]]);
  });

  it('name the pod a tab runs in and every session it reads', () => {
    expect(detailPod(exec)).toMatchObject({ pod: 'web-1', container: 'app' });
    expect(detailPod(logs)).toEqual({ context: 'prod', namespace: 'web', pod: 'web-1' });
    expect(tabSessions({ sessionId: 's2', detail: logs })).toEqual(['s2', 's9']);
    expect(tabSessions({ sessionId: 's1', detail: exec })).toEqual(['s1']);
  });

  it('have one factory per kind: a shell, and a log tab with the default query and view', () => {
    expect(shellDetail({ context: 'c', namespace: 'n', pod: 'p' })).toEqual({ kind: 'exec', request: { context: 'c', namespace: 'n', pod: 'p', command: { kind: 'shell' }, tty: true, stdin: true } });
    expect(logsDetail({ kind: 'session', title: 't' })).toEqual({ kind: 'logs', target: { kind: 'session', title: 't' }, query: DEFAULT_LOG_QUERY, view: { timestamps: false, wrap: false }, extraSessions: [] });
  });
});
