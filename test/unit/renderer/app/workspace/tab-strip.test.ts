import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { panesOf, rectangles } from '../../../../../renderer/src/app/workspace/layout.ts';
import {
  activateTab,
  applySessionState,
  closePane,
  closeTab,
  cycleTab,
  EMPTY_TABS,
  focusNeighbour,
  focusPane,
  moveTab,
  moveTabInto,
  newPane,
  openGridTab,
  openTab,
  paneWhere,
  rebindPane,
  renameTab,
  resizeSplit,
  shownTab,
  splitPane,
  TabsError,
  type TabsState,
} from '../../../../../renderer/src/app/workspace/tab-strip.ts';
import { tabTitle } from '../../../../../renderer/src/lib/tabs.ts';
import { exec, ids, info, logs, opened, pane } from './fixtures.ts';

const shown = (state: TabsState, index = 0) => shownTab(state, state.tabs[index]!);

describe('tabs: open, close, activate', () => {
  it('opens after the active tab and activates the new one', () => {
    let state = opened('a', 'b');
    state = activateTab(state, 'a');
    state = openTab(state, 'c', pane(info('c', 'logs'), 'ctx-b'));
    expect(ids(state)).toEqual(['a', 'c', 'b']);
    expect(state.activeId).toBe('c');
    expect(shown(state, 1)).toMatchObject({ id: 'c', sessionId: 'c', kind: 'logs', context: 'ctx-b', defaultTitle: 'title-c', status: { kind: 'connecting' }, panes: 1 });
  });

  it('activates the existing tab instead of opening a session twice', () => {
    const state = openTab(activateTab(opened('a', 'b'), 'a'), 'b2', newPane('p-other', info('b'), 'ctx-a', null));
    expect(ids(state)).toEqual(['a', 'b']);
    expect(state.activeId).toBe('b');
  });

  it('refuses a port-forward, which has no tab', () => {
    expect(() => newPane('p', info('p', 'port-forward'), 'c', null)).toThrow(new TabsError('a port-forward session does not open in a pane'));
  });

  it('activates the right neighbour when the active tab closes, the left one at the end', () => {
    let state = activateTab(opened('a', 'b', 'c'), 'b');
    state = closeTab(state, 'b');
    expect([ids(state), state.activeId]).toEqual([['a', 'c'], 'c']);
    state = closeTab(state, 'c');
    expect([ids(state), state.activeId]).toEqual([['a'], 'a']);
    state = closeTab(state, 'a');
    expect(state).toEqual({ tabs: [], panes: {}, activeId: null });
  });

  it('keeps the active tab when another one closes', () => {
    const state = closeTab(activateTab(opened('a', 'b', 'c'), 'a'), 'c');
    expect([ids(state), state.activeId]).toEqual([['a', 'b'], 'a']);
  });

  it('names an unknown session in its error', () => {
    expect(() => closeTab(opened('a'), 'zz')).toThrow(new TabsError('no tab zz'));
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
    expect(tabTitle(shown(state))).toBe('prod shell');
    state = renameTab(state, 'a', '   ');
    expect(state.tabs[0]).not.toHaveProperty('customTitle');
    expect(tabTitle(shown(state))).toBe('title-a');
    expect(() => renameTab(state, 'a', 'x'.repeat(121))).toThrow(/at most 120 characters, this one has 121/);
  });
});

describe('panes: a new session in an existing pane', () => {
  it('keeps the place, the tab\'s title and the activation, and takes the new session', () => {
    let state = opened('a', 'b', 'c');
    state = renameTab(state, 'b', 'my shell');
    state = activateTab(state, 'b');
    const next = rebindPane(state, 'p-b', { ...info('b2'), title: 'new title', state: { kind: 'live', protocol: 'v5.channel.k8s.io' } }, null);
    expect(ids(next)).toEqual(['a', 'b', 'c']);
    expect(next.activeId).toBe('b');
    expect(shown(next, 1)).toMatchObject({ sessionId: 'b2', customTitle: 'my shell', defaultTitle: 'new title', status: { kind: 'live' } });
  });

  it('refuses a session that already has a pane, or of another kind', () => {
    const state = opened('a', 'b');
    expect(() => rebindPane(state, 'p-a', info('b'), null)).toThrow(/session b already has a pane/);
    expect(() => rebindPane(state, 'p-a', info('x', 'logs'), null)).toThrow(/a terminal pane cannot show a logs session/);
    expect(() => rebindPane(state, 'nope', info('x'), null)).toThrow(/no pane nope/);
  });
});

describe('panes: state from main', () => {
  it('updates the pane of a session and ignores sessions without one', () => {
    const state = opened('a');
    const next = applySessionState(state, 'a', { kind: 'exited', exitCode: 3 });
    expect(next.panes['p-a']?.status).toEqual({ kind: 'exited', exitCode: 3 });
    expect(applySessionState(state, 'other-window', { kind: 'closed' })).toBe(state);
  });
});

describe('panes: split, focus, close', () => {
  /** Tab 'a': pane p-a, split right into p-b, then p-b split down into p-c. */
  function splitTab(): TabsState {
    let state = opened('a', 'x');
    state = splitPane(state, 'p-a', 'right', pane(info('b')));
    return splitPane(state, 'p-b', 'down', pane(info('c')));
  }

  it('splits a pane, focuses the new one and activates its tab; the strip shows the focused pane', () => {
    const state = splitTab();
    expect(state.activeId).toBe('a');
    expect(panesOf(state.tabs[0]!.layout)).toEqual(['p-a', 'p-b', 'p-c']);
    expect(shown(state)).toMatchObject({ focused: 'p-c', sessionId: 'c', defaultTitle: 'title-c', panes: 3 });
    expect(() => splitPane(state, 'p-a', 'down', pane(info('x')))).toThrow(new TabsError('pane p-x already exists'));
  });

  it('moves the focus by geometry and stays at the edge', () => {
    let state = splitTab();
    state = focusNeighbour(state, 'left');
    expect(state.tabs[0]?.focused).toBe('p-a');
    expect(focusNeighbour(state, 'left')).toBe(state);
    state = focusNeighbour(state, 'right');
    expect(state.tabs[0]?.focused).toBe('p-b');
    expect(focusNeighbour(EMPTY_TABS, 'up')).toBe(EMPTY_TABS);
  });

  it('focuses a pane of another tab by activating that tab', () => {
    const state = focusPane(activateTab(splitTab(), 'x'), 'p-a');
    expect([state.activeId, state.tabs[0]?.focused]).toEqual(['a', 'p-a']);
    expect(focusPane(state, 'p-a')).toBe(state);
  });

  it('closes a pane, gives the focus to its neighbour, and closes the tab with its last pane', () => {
    let state = closePane(splitTab(), 'p-c');
    expect(panesOf(state.tabs[0]!.layout)).toEqual(['p-a', 'p-b']);
    expect(state.tabs[0]?.focused).toBe('p-b');
    expect(Object.keys(state.panes).sort()).toEqual(['p-a', 'p-b', 'p-x']);
    state = closePane(closePane(state, 'p-a'), 'p-b');
    expect([ids(state), state.activeId, Object.keys(state.panes)]).toEqual([['x'], 'x', ['p-x']]);
  });

  it('moves another tab\'s panes into a pane, as a split', () => {
    const state = moveTabInto(splitTab(), 'x', 'p-a', 'down');
    expect(ids(state)).toEqual(['a']);
    expect(panesOf(state.tabs[0]!.layout)).toEqual(['p-a', 'p-x', 'p-b', 'p-c']);
    expect(shown(state)).toMatchObject({ focused: 'p-x' });
    expect(rectangles(state.tabs[0]!.layout).get('p-x')).toEqual({ x: 0, y: 0.5, width: 0.5, height: 0.5 });
    expect(() => moveTabInto(splitTab(), 'a', 'p-b', 'down')).toThrow(new TabsError('a tab cannot be moved into its own pane'));
  });

  it('names where each pane runs for its header', () => {
    expect(paneWhere(pane(info('a'), 'prod', exec))).toEqual(['prod', 'web', 'web-1', 'app']);
    expect(paneWhere(pane(info('b', 'logs'), 'prod', logs))).toEqual(['prod', 'web', 'web-1', 'all containers']);
    const selector = { ...logs, target: { kind: 'selector', context: 'prod', namespace: 'web', selector: 'app=web', container: null } } as const;
    expect(paneWhere(pane(info('c', 'merged-logs'), 'prod', selector))).toEqual(['prod', 'web', 'app=web']);
    expect(paneWhere(pane(info('d'), '', null))).toEqual(['title-d']);
  });

  it('resizes a split of a tab', () => {
    const state = resizeSplit(splitTab(), 'a', [], 0, 0.25);
    expect(rectangles(state.tabs[0]!.layout).get('p-a')?.width).toBe(0.75);
  });

  it('opens a grid tab titled by the caller, the first pane focused', () => {
    const state = openGridTab(opened('x'), 'g', ['a', 'b', 'c'].map((id) => pane(info(id))), 'web: 3 pods');
    expect(shown(state, 1)).toMatchObject({ id: 'g', customTitle: 'web: 3 pods', focused: 'p-a', panes: 3 });
    expect(() => openGridTab(EMPTY_TABS, 'g', [], 'none')).toThrow(new TabsError('a grid tab needs at least one pane'));
  });

  it('keeps every pane in exactly one tab and in the pane records, whatever the splits, closes and moves (property)', () => {
    const step = fc.tuple(fc.constantFrom('split', 'close', 'move', 'open'), fc.nat(), fc.constantFrom<'right' | 'down'>('right', 'down'));
    fc.assert(
      fc.property(fc.array(step, { maxLength: 40 }), (steps) => {
        let state = opened('s0');
        let next = 1;
        for (const [op, at, side] of steps) {
          const all = Object.keys(state.panes);
          const target = all[at % Math.max(1, all.length)];
          if (op === 'open' || target === undefined) {
            state = openTab(state, `t${next}`, pane(info(`s${next}`)));
            next += 1;
          } else if (op === 'split') {
            state = splitPane(state, target, side, pane(info(`s${next++}`)));
          } else if (op === 'close') {
            state = closePane(state, target);
          } else {
            const other = state.tabs.find((tab) => !panesOf(tab.layout).includes(target));
            if (other) state = moveTabInto(state, other.id, target, side);
          }
        }
        const inLayouts = state.tabs.flatMap((tab) => panesOf(tab.layout));
        expect([...inLayouts].sort()).toEqual(Object.keys(state.panes).sort());
        expect(new Set(inLayouts).size).toBe(inLayouts.length);
        for (const tab of state.tabs) expect(panesOf(tab.layout)).toContain(tab.focused);
        expect(state.activeId === null ? state.tabs.length === 0 : state.tabs.some((tab) => tab.id === state.activeId)).toBe(true);
      }),
    );
  });
});
