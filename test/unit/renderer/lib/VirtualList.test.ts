// @vitest-environment jsdom
import { fireEvent, render, screen } from '@testing-library/svelte';
import { createRawSnippet } from 'svelte';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import VirtualList, { type RowContext } from '../../../../renderer/src/lib/VirtualList.svelte';

// jsdom has no layout: the list's viewport is 200 px (10 rows of 20 px).
const VIEWPORT = 200;
const ROW = 20;
const saved = Object.getOwnPropertyDescriptor(HTMLElement.prototype, 'clientHeight');

beforeAll(() => {
  Object.defineProperty(HTMLElement.prototype, 'clientHeight', {
    configurable: true,
    get(this: HTMLElement) {
      return this.getAttribute('role') === 'listbox' ? VIEWPORT : 0;
    },
  });
});

afterAll(() => {
  if (saved) Object.defineProperty(HTMLElement.prototype, 'clientHeight', saved);
});

interface Item {
  readonly name: string;
  readonly heading: boolean;
}

const row = createRawSnippet((item: () => Item, context: () => RowContext) => ({
  render: () => `<div id="${context().id}" role="option" data-name="${item().name}">${item().name}</div>`,
}));

function setup(count: number, onKeydown = vi.fn((_event: KeyboardEvent, _index: number) => false)) {
  // Every tenth item is a heading the keyboard skips.
  const items: Item[] = Array.from({ length: count }, (_, i) => ({ name: `item-${i}`, heading: i % 10 === 0 }));
  const onSelect = vi.fn();
  render(VirtualList<Item>, {
    props: { items, keyOf: (item: Item) => item.name, rowHeight: ROW, overscan: 2, isSelectable: (item: Item) => !item.heading, onSelect, onKeydown, role: 'listbox', label: 'Items', row },
  });
  const list = screen.getByRole('listbox', { name: 'Items' });
  const drawn = () => screen.queryAllByRole('option').map((element) => element.dataset['name']);
  const active = () => document.getElementById(list.getAttribute('aria-activedescendant') ?? '')?.dataset['name'];
  return { list, onSelect, onKeydown, drawn, active };
}

describe('VirtualList', () => {
  it('draws only the rows in view and the overscan', () => {
    const { list, drawn } = setup(10_000);
    expect(drawn()).toEqual(Array.from({ length: VIEWPORT / ROW + 2 }, (_, i) => `item-${i}`));
    expect(list.querySelector<HTMLElement>('.spacer')?.style.height).toBe(`${10_000 * ROW}px`);
  });

  it('moves the selection with the keys, over selectable items only, and scrolls it into view', async () => {
    const { list, onSelect, active } = setup(100);
    list.focus();
    await fireEvent.keyDown(list, { key: 'ArrowDown' });
    expect(onSelect).toHaveBeenLastCalledWith({ name: 'item-1', heading: false });
    expect(active()).toBe('item-1');
    await fireEvent.keyDown(list, { key: 'ArrowUp' }); // item-0 is a heading: stays
    expect(onSelect).toHaveBeenLastCalledWith({ name: 'item-1', heading: false });
    await fireEvent.keyDown(list, { key: 'PageDown' });
    expect(onSelect).toHaveBeenLastCalledWith({ name: 'item-11', heading: false }); // 1 + 9 is item-10, a heading
    await fireEvent.keyDown(list, { key: 'End' });
    expect(onSelect).toHaveBeenLastCalledWith({ name: 'item-99', heading: false });
    expect(list.scrollTop).toBe(100 * ROW - VIEWPORT);
    expect(active()).toBe('item-99');
    await fireEvent.keyDown(list, { key: 'Home' });
    expect(onSelect).toHaveBeenLastCalledWith({ name: 'item-1', heading: false });
    expect(list.scrollTop).toBe(ROW); // item-1 at the top
  });

  it('hands every other key to onKeydown with the selected index, and leaves modified keys alone', async () => {
    const onKeydown = vi.fn((event: KeyboardEvent, _index: number) => event.key === 'x');
    const { list, onSelect } = setup(100, onKeydown);
    await fireEvent.keyDown(list, { key: 'ArrowDown' });
    expect(await fireEvent.keyDown(list, { key: 'x' })).toBe(false); // handled: default prevented
    expect(await fireEvent.keyDown(list, { key: 'y' })).toBe(true);
    expect(onKeydown.mock.calls.map(([event, index]) => [event.key, index])).toEqual([['x', 1], ['y', 1]]);
    expect(await fireEvent.keyDown(list, { key: 'ArrowDown', ctrlKey: true })).toBe(true);
    expect(onSelect).toHaveBeenCalledTimes(1);
  });
});
