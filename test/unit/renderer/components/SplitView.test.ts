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

function setup(props: Partial<{ layout: Layout; focused: string; visible: boolean }> = {}) {
  const callbacks = { onFocus: vi.fn(), onResize: vi.fn(), onDropTab: vi.fn() };
  render(SplitView, { props: { layout, focused: 'b', visible: true, label: 'web', pane, ...callbacks, ...props } });
  const frame = (id: string) => document.querySelector<HTMLElement>(`[data-pane="${id}"]`)!;
  return { ...callbacks, frame };
}

/** jsdom has no DragEvent: a plain event, given the pointer's place (on a pane jsdom sizes 0 × 0). */
async function drag(type: 'dragOver' | 'drop', target: HTMLElement, dataTransfer: object, clientX: number, clientY: number): Promise<void> {
  const event = createEvent[type](target, { dataTransfer });
  Object.defineProperties(event, { clientX: { value: clientX }, clientY: { value: clientY } });
  await fireEvent(target, event);
}

// jsdom lays nothing out: the view is 1000 × 500 pixels here, and pointer capture is a no-op.
beforeEach(() => {
  vi.spyOn(HTMLElement.prototype, 'clientWidth', 'get').mockReturnValue(1000);
  vi.spyOn(HTMLElement.prototype, 'clientHeight', 'get').mockReturnValue(500);
  HTMLElement.prototype.setPointerCapture = () => undefined;
});

afterEach(() => {
  vi.restoreAllMocks();
});

describe('SplitView', () => {
  it('places each pane by its rectangle, leaving the splitter\'s gap between neighbours', () => {
    const { frame } = setup();
    expect(screen.getByRole('tabpanel', { name: 'web' }).hidden).toBe(false);
    expect(['a', 'b', 'c'].map((id) => frame(id).textContent?.trim())).toEqual(['pane a', 'pane b', 'pane c']);
    expect(frame('b').getAttribute('style')).toBe('left: calc(50% + 2px); top: calc(0% + 0px); width: calc(50% - 2px); height: calc(50% - 2px);');
    expect(frame('c').getAttribute('style')).toBe('left: calc(0% + 0px); top: calc(50% + 2px); width: calc(100% - 0px); height: calc(50% - 2px);');
  });

  it('outlines the focused pane only when there are several, and keeps a hidden tab\'s panes', () => {
    const { frame } = setup();
    expect(frame('b').dataset['focused']).toBe('true');
    expect(frame('b').classList.contains('outlined')).toBe(true);
    expect(frame('a').classList.contains('outlined')).toBe(false);
    document.body.innerHTML = '';
    const one = setup({ layout: paneLayout('a'), focused: 'a', visible: false });
    expect(one.frame('a').classList.contains('outlined')).toBe(false);
    expect(one.frame('a').textContent?.trim()).toBe('pane a');
    expect(document.querySelector<HTMLElement>('[role="tabpanel"]')!.hidden).toBe(true);
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
      [[0], 0, 0.05],
      [[], 0, -0.05],
    ]);
    expect(columns!.getAttribute('aria-valuenow')).toBe('50');
  });

  it('turns a pointer drag into a fraction of the split it divides', async () => {
    const { onResize } = setup();
    const columns = screen.getAllByRole('separator')[1]!;
    await fireEvent.pointerDown(columns, { button: 0, pointerId: 1, clientX: 500, clientY: 100 });
    await fireEvent.pointerMove(columns, { pointerId: 1, clientX: 600, clientY: 100 });
    await fireEvent.pointerUp(columns, { pointerId: 1 });
    await fireEvent.pointerMove(columns, { pointerId: 1, clientX: 700, clientY: 100 });
    // The top row is the whole width: 100 of 1000 pixels.
    expect(onResize.mock.calls).toEqual([[[0], 0, 0.1]]);
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
