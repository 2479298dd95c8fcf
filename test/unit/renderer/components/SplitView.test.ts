// @vitest-environment jsdom
import { createEvent, fireEvent, render, screen } from '@testing-library/svelte';
import { createRawSnippet } from 'svelte';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { paneLayout, split, type Layout } from '../../../../renderer/src/app/workspace/layout.ts';
import SplitView from '../../../../renderer/src/components/SplitView.svelte';
import { TAB_DRAG_TYPE } from '../../../../renderer/src/lib/tabs.ts';

/** a | b over c: a and b side by side on top, c below. */
const layout: Layout = split(split(paneLayout('a'), 'a', 'down', 'c'), 'a', 'right', 'b');
const pane = createRawSnippet((id: () => string) => ({ render: () => `<p>pane ${id()}</p>` }));

type Tabs = readonly { id: string; layout: Layout; focused: string }[];

/** Tab t1 is the split one; t2 has one pane, d. */
function setup(tabs: Tabs = [{ id: 't1', layout, focused: 'b' }, { id: 't2', layout: paneLayout('d'), focused: 'd' }], activeId = 't1') {
  const callbacks = { onFocus: vi.fn(), onResize: vi.fn(), onDropTab: vi.fn() };
  render(SplitView, { props: { tabs, activeId, labelOf: (id: string) => `pane ${id}`, pane, ...callbacks } });
  const frame = (id: string) => document.querySelector<HTMLElement>(`[data-pane="${id}"]`)!;
  return { ...callbacks, frame };
}

/** jsdom has no DragEvent: a plain event, given the pointer's place (on a pane jsdom sizes 0 × 0). */
async function drag(type: 'dragOver' | 'drop', target: HTMLElement, dataTransfer: object, clientX: number, clientY: number): Promise<void> {
  const event = createEvent[type](target, { dataTransfer });
  Object.defineProperties(event, { clientX: { value: clientX }, clientY: { value: clientY } });
  await fireEvent(target, event);
}

// jsdom lays nothing out: the view is 1000 × 500 pixels here.
beforeEach(() => {
  vi.spyOn(HTMLElement.prototype, 'clientWidth', 'get').mockReturnValue(1000);
  vi.spyOn(HTMLElement.prototype, 'clientHeight', 'get').mockReturnValue(500);
});

afterEach(() => {
  vi.restoreAllMocks();
});

describe('SplitView', () => {
  it('places each pane by its rectangle, leaving the splitter\'s gap between neighbours', () => {
    const { frame } = setup();
    expect(screen.getAllByRole('tabpanel').map((panel) => panel.getAttribute('aria-label'))).toEqual(['pane a', 'pane b', 'pane c']);
    expect(['a', 'b', 'c'].map((id) => frame(id).textContent?.trim())).toEqual(['pane a', 'pane b', 'pane c']);
    expect(frame('b').getAttribute('style')).toBe('left: calc(50% + 2px); top: calc(0% + 0px); width: calc(50% - 2px); height: calc(50% - 2px);');
    expect(frame('c').getAttribute('style')).toBe('left: calc(0% + 0px); top: calc(50% + 2px); width: calc(100% - 0px); height: calc(50% - 2px);');
  });

  it('outlines the focused pane only when its tab has several, and keeps a hidden tab\'s panes', () => {
    const { frame } = setup();
    expect(frame('b').dataset['focused']).toBe('true');
    expect(frame('b').classList.contains('outlined')).toBe(true);
    expect(frame('a').classList.contains('outlined')).toBe(false);
    expect([frame('d').hidden, frame('d').classList.contains('outlined'), frame('d').textContent?.trim()]).toEqual([true, false, 'pane d']);
    document.body.innerHTML = '';
    const other = setup(undefined, 't2');
    expect(['a', 'b', 'c', 'd'].map((id) => other.frame(id).hidden)).toEqual([true, true, true, false]);
    expect(screen.queryAllByRole('separator')).toEqual([]);
  });

  it('focuses the pane a pointer presses in', async () => {
    const { frame, onFocus } = setup();
    await fireEvent.pointerDown(frame('c').querySelector('p')!);
    expect(onFocus).toHaveBeenCalledWith('c');
  });

  it('moves a splitter with the arrow keys of its direction', async () => {
    const { onResize } = setup();
    const [rows, columns] = screen.getAllByRole('separator');
    expect(rows!.getAttribute('aria-orientation')).toBe('horizontal');
    await fireEvent.keyDown(columns!, { key: 'ArrowRight' });
    await fireEvent.keyDown(columns!, { key: 'ArrowUp' });
    await fireEvent.keyDown(rows!, { key: 'ArrowUp' });
    await fireEvent.keyDown(rows!, { key: 'ArrowDown', altKey: true });
    expect(onResize.mock.calls).toEqual([
      ['t1', [0], 0, 0.05],
      ['t1', [], 0, -0.05],
    ]);
    expect(columns!.getAttribute('aria-valuenow')).toBe('50');
  });

  it('turns a pointer drag into a fraction of the split it divides', async () => {
    const { onResize } = setup();
    const columns = screen.getAllByRole('separator')[1]!;
    await fireEvent.pointerDown(columns, { button: 0, pointerId: 1, clientX: 500, clientY: 100 });
    // The pointer leaves the thin handle as it drags: the window still follows it.
    await fireEvent.pointerMove(window, { pointerId: 1, clientX: 600, clientY: 100 });
    await fireEvent.pointerUp(window, { pointerId: 1 });
    await fireEvent.pointerMove(window, { pointerId: 1, clientX: 700, clientY: 100 });
    // The top row is the whole width: 100 of 1000 pixels.
    expect(onResize.mock.calls).toEqual([['t1', [0], 0, 0.1]]);
  });

  it('takes a dragged tab beside the pane it is dropped on, and ignores other drops', async () => {
    const { frame, onDropTab } = setup();
    const types = [TAB_DRAG_TYPE];
    await drag('dragOver', frame('a'), { types, dropEffect: 'none' }, 9, 2);
    expect(frame('a').querySelector('.drop-zone.right')).not.toBeNull();
    await drag('drop', frame('a'), { types, getData: () => 't2' }, 9, 2);
    await drag('drop', frame('c'), { types, getData: () => 't3' }, 1, 9);
    await drag('drop', frame('b'), { types: ['text/plain'], getData: () => '' }, 1, 9);
    expect(onDropTab.mock.calls).toEqual([
      ['t2', 'a', 'right'],
      ['t3', 'c', 'down'],
    ]);
    expect(document.querySelector('.drop-zone')).toBeNull();
  });
});
