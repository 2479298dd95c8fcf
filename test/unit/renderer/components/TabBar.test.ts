// @vitest-environment jsdom
import { fireEvent, render, screen } from '@testing-library/svelte';
import { describe, expect, it, vi } from 'vitest';
import TabBar from '../../../../renderer/src/components/TabBar.svelte';
import { TAB_DRAG_TYPE, type Tab } from '../../../../renderer/src/lib/tabs.ts';

const tabs: Tab[] = [
  { id: 'a', sessionId: 'a', kind: 'terminal', context: 'prod', defaultTitle: 'web-1/nginx', status: { kind: 'live' } },
  { id: 'b', sessionId: 'b', kind: 'logs', context: 'prod', defaultTitle: 'api-2', customTitle: 'api logs', status: { kind: 'exited', exitCode: 2 } },
  {
    id: 'c',
    sessionId: 'c',
    kind: 'terminal',
    context: 'staging',
    defaultTitle: 'db-0',
    status: { kind: 'error', error: { kind: 'forbidden', title: 'Exec denied by RBAC', detail: 'pods "db-0" is forbidden' } },
  },
];

function setup(activeId = 'a') {
  const callbacks = { onActivate: vi.fn(), onClose: vi.fn(), onMove: vi.fn(), onRename: vi.fn() };
  render(TabBar, { props: { tabs, activeId, ...callbacks } });
  const tab = (name: RegExp) => screen.getByRole('tab', { name });
  return { ...callbacks, tab };
}

describe('TabBar', () => {
  it('shows every tab with its title, state badge and the active one selected', () => {
    const { tab } = setup('b');
    expect(screen.getAllByRole('tab')).toHaveLength(3);
    expect(tab(/web-1\/nginx/).getAttribute('aria-selected')).toBe('false');
    expect(tab(/api logs/).getAttribute('aria-selected')).toBe('true');
    expect(tab(/api logs/).textContent).toContain('exited 2');
    expect(tab(/web-1/).textContent).toContain('live');
    const badge = tab(/db-0/).querySelector('.badge');
    expect(badge?.textContent).toBe('error');
    expect(badge?.getAttribute('title')).toBe('Exec denied by RBAC: pods "db-0" is forbidden');
    expect(badge?.querySelector('.chip')?.getAttribute('data-tone')).toBe('error');
    expect(tab(/db-0/).getAttribute('title')).toBe('db-0 · staging');
  });

  it('activates on click and closes with the × button or a middle click', async () => {
    const { tab, onActivate, onClose } = setup();
    await fireEvent.click(tab(/db-0/));
    expect(onActivate).toHaveBeenCalledWith('c');
    await fireEvent.click(screen.getByRole('button', { name: 'Close api logs' }));
    expect(onClose).toHaveBeenCalledWith('b');
    expect(onActivate).toHaveBeenCalledTimes(1); // the × did not also activate
    await fireEvent(tab(/web-1/), new MouseEvent('auxclick', { button: 1, bubbles: true }));
    expect(onClose).toHaveBeenLastCalledWith('a');
  });

  it("shows the close key in the active tab's close button tooltip only", () => {
    render(TabBar, { props: { tabs, activeId: 'b', closeKey: 'Ctrl+Shift+W', onActivate: vi.fn(), onClose: vi.fn(), onMove: vi.fn(), onRename: vi.fn() } });
    expect(screen.getByRole('button', { name: 'Close api logs' }).title).toBe('Close tab (Ctrl+Shift+W)');
    expect(screen.getByRole('button', { name: 'Close db-0' }).title).toBe('Close tab');
  });

  it('renames on double-click: Enter commits, Escape cancels', async () => {
    const { tab, onRename } = setup();
    await fireEvent.dblClick(tab(/web-1/));
    const input = screen.getByRole('textbox', { name: 'Tab title' }) as HTMLInputElement;
    expect(input.value).toBe('web-1/nginx');
    await fireEvent.input(input, { target: { value: 'frontend' } });
    await fireEvent.keyDown(input, { key: 'Enter' });
    expect(onRename).toHaveBeenCalledWith('a', 'frontend');
    expect(screen.queryByRole('textbox')).toBeNull();

    await fireEvent.keyDown(tab(/api logs/), { key: 'F2' });
    const second = screen.getByRole('textbox', { name: 'Tab title' });
    await fireEvent.input(second, { target: { value: 'never' } });
    await fireEvent.keyDown(second, { key: 'Escape' });
    expect(onRename).toHaveBeenCalledTimes(1);
  });

  it('reorders by drag and drop', async () => {
    const { tab, onMove } = setup();
    await fireEvent.dragStart(tab(/web-1/));
    await fireEvent.dragOver(tab(/db-0/));
    await fireEvent.drop(tab(/db-0/));
    expect(onMove).toHaveBeenCalledWith('a', 2);
  });

  it('works from the keyboard: arrows activate, Ctrl+Shift+PageDown moves, Delete closes', async () => {
    const { tab, onActivate, onMove, onClose } = setup('a');
    await fireEvent.keyDown(tab(/web-1/), { key: 'ArrowRight' });
    expect(onActivate).toHaveBeenLastCalledWith('b');
    expect(document.activeElement).toBe(tab(/api logs/));
    await fireEvent.keyDown(tab(/web-1/), { key: 'ArrowLeft' });
    expect(onActivate).toHaveBeenLastCalledWith('c'); // wraps around
    await fireEvent.keyDown(tab(/web-1/), { key: 'PageDown', ctrlKey: true, shiftKey: true });
    expect(onMove).toHaveBeenCalledWith('a', 1);
    await fireEvent.keyDown(tab(/api logs/), { key: 'Delete' });
    expect(onClose).toHaveBeenCalledWith('b');
  });

  it('names each tab’s context once tabs come from several contexts, and not before', () => {
    const { tab } = setup();
    expect(tab(/web-1/).querySelector('.context')?.textContent).toBe('prod');
    expect(tab(/db-0/).querySelector('.context')?.textContent).toBe('staging');
  });

  it('leaves the context out while every tab shares one', () => {
    const callbacks = { onActivate: vi.fn(), onClose: vi.fn(), onMove: vi.fn(), onRename: vi.fn() };
    render(TabBar, { props: { tabs: tabs.slice(0, 2), activeId: 'a', ...callbacks } });
    expect(document.querySelector('.context')).toBeNull();
  });

  it('carries the dragged tab\'s id as a tab, so a pane can take it as a drop', async () => {
    const { tab } = setup('a');
    const dataTransfer = { setData: vi.fn() };
    await fireEvent.dragStart(tab(/api logs/), { dataTransfer });
    expect(dataTransfer.setData).toHaveBeenCalledWith(TAB_DRAG_TYPE, 'b');
  });
});
