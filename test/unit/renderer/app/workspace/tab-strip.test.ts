import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { activateTab, applySessionState, closeTab, cycleTab, EMPTY_TABS, moveTab, newTab, openTab, rebindTab, renameTab, TabsError } from '../../../../../renderer/src/app/workspace/tab-strip.ts';
import { tabTitle } from '../../../../../renderer/src/lib/tabs.ts';
import { ids, info, opened, tab } from './fixtures.ts';

describe('tabs: open, close, activate', () => {
  it('opens after the active tab and activates the new one', () => {
    let state = opened('a', 'b');
    state = activateTab(state, 'a');
    state = openTab(state, tab(info('c', 'logs'), 'ctx-b'));
    expect(ids(state)).toEqual(['a', 'c', 'b']);
    expect(state.activeId).toBe('c');
    expect(state.tabs[1]).toMatchObject({ kind: 'logs', context: 'ctx-b', defaultTitle: 'title-c', status: { kind: 'connecting' } });
  });

  it('activates the existing tab instead of opening a session twice', () => {
    const state = openTab(activateTab(opened('a', 'b'), 'a'), tab(info('b')));
    expect(ids(state)).toEqual(['a', 'b']);
    expect(state.activeId).toBe('b');
  });

  it('refuses a port-forward, which has no tab', () => {
    expect(() => newTab(info('p', 'port-forward'), 'c', null, 1)).toThrow(new TabsError('a port-forward session does not open in a tab'));
  });

  it('activates the right neighbour when the active tab closes, the left one at the end', () => {
    let state = activateTab(opened('a', 'b', 'c'), 'b');
    state = closeTab(state, 'b');
    expect([ids(state), state.activeId]).toEqual([['a', 'c'], 'c']);
    state = closeTab(state, 'c');
    expect([ids(state), state.activeId]).toEqual([['a'], 'a']);
    state = closeTab(state, 'a');
    expect(state).toEqual({ tabs: [], activeId: null });
  });

  it('keeps the active tab when another one closes', () => {
    const state = closeTab(activateTab(opened('a', 'b', 'c'), 'a'), 'c');
    expect([ids(state), state.activeId]).toEqual([['a', 'b'], 'a']);
  });

  it('names an unknown session in its error', () => {
    expect(() => closeTab(opened('a'), 'zz')).toThrow(new TabsError('no tab for session zz'));
    expect(() => activateTab(opened('a'), 'zz')).toThrow(TabsError);
  });
});

describe('tabs: next and previous', () => {
  it('wraps around at both ends', () => {
    let state = activateTab(opened('a', 'b', 'c'), 'c');
    state = cycleTab(state, 1);
    expect(state.activeId).toBe('a');
    state = cycleTab(state, -1);
    expect(state.activeId).toBe('c');
    state = cycleTab(state, -1);
    expect(state.activeId).toBe('b');
  });

  it('does nothing without tabs and picks an end when none is active', () => {
    expect(cycleTab(EMPTY_TABS, 1)).toBe(EMPTY_TABS);
    const none = { ...opened('a', 'b', 'c'), activeId: null };
    expect(cycleTab(none, 1).activeId).toBe('a');
    expect(cycleTab(none, -1).activeId).toBe('c');
  });
});

describe('tabs: reorder and rename', () => {
  it('moves a tab to any position, clamped to the strip', () => {
    const state = opened('a', 'b', 'c', 'd');
    expect(ids(moveTab(state, 'a', 2))).toEqual(['b', 'c', 'a', 'd']);
    expect(ids(moveTab(state, 'd', 0))).toEqual(['d', 'a', 'b', 'c']);
    expect(ids(moveTab(state, 'b', 99))).toEqual(['a', 'c', 'd', 'b']);
    expect(ids(moveTab(state, 'c', -5))).toEqual(['c', 'a', 'b', 'd']);
    expect(moveTab(state, 'b', 1)).toBe(state);
    expect(() => moveTab(state, 'b', 1.5)).toThrow(/whole number/);
  });

  it('keeps every tab exactly once whatever the moves (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.integer({ min: 0, max: 4 }), fc.integer({ min: -2, max: 7 }))), (moves) => {
        let state = opened('a', 'b', 'c', 'd', 'e');
        for (const [from, to] of moves) state = moveTab(state, ids(state)[from] as string, to);
        expect([...ids(state)].sort()).toEqual(['a', 'b', 'c', 'd', 'e']);
      }),
    );
  });

  it('renames, cleans the title, and goes back to the session title when cleared', () => {
    let state = opened('a');
    state = renameTab(state, 'a', '  prod\u0007 shell \n');
    expect(tabTitle(state.tabs[0]!)).toBe('prod shell');
    state = renameTab(state, 'a', '   ');
    expect(state.tabs[0]).not.toHaveProperty('customTitle');
    expect(tabTitle(state.tabs[0]!)).toBe('title-a');
    expect(() => renameTab(state, 'a', 'x'.repeat(121))).toThrow(/at most 120 characters, this one has 121/);
  });
});

describe('tabs: a new session in an existing tab', () => {
  it('keeps the position, the user title and the activation, and takes the new session', () => {
    let state = opened('a', 'b', 'c');
    state = renameTab(state, 'b', 'my shell');
    state = activateTab(state, 'b');
    const next = rebindTab(state, 'b', { ...info('b2'), title: 'new title', state: { kind: 'live', protocol: 'v5.channel.k8s.io' } }, null);
    expect(ids(next)).toEqual(['a', 'b2', 'c']);
    expect(next.activeId).toBe('b2');
    expect(next.tabs[1]).toMatchObject({ customTitle: 'my shell', defaultTitle: 'new title', status: { kind: 'live' } });
  });

  it('leaves another active tab active', () => {
    const state = activateTab(opened('a', 'b'), 'a');
    expect(rebindTab(state, 'b', info('b2'), null).activeId).toBe('a');
  });

  it('refuses a session that already has a tab, or of another kind', () => {
    const state = opened('a', 'b');
    expect(() => rebindTab(state, 'a', info('b'), null)).toThrow(/session b already has a tab/);
    expect(() => rebindTab(state, 'a', info('x', 'logs'), null)).toThrow(/a terminal tab cannot show a logs session/);
    expect(() => rebindTab(state, 'nope', info('x'), null)).toThrow(/no tab for session nope/);
  });
});

describe('tabs: state from main', () => {
  it('updates the tab of a session and ignores sessions without a tab', () => {
    const state = opened('a');
    const next = applySessionState(state, 'a', { kind: 'exited', exitCode: 3 });
    expect(next.tabs[0]?.status).toEqual({ kind: 'exited', exitCode: 3 });
    expect(applySessionState(state, 'other-window', { kind: 'closed' })).toBe(state);
  });
});

