// @vitest-environment jsdom
import { fireEvent, render, screen } from '@testing-library/svelte';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import CommandPalette from '../../../../renderer/src/components/CommandPalette.svelte';
import { PaletteIndex, type PaletteEntry } from '../../../../renderer/src/app/palette.ts';
import { searchable } from '../../../../renderer/src/lib/fuzzy.ts';
import { TAB_KIND_ICONS } from '../../../../renderer/src/lib/tab-kind-icons.ts';

beforeAll(() => {
  // jsdom lays nothing out; the palette scrolls the selected result into view.
  Element.prototype.scrollIntoView = vi.fn();
});

function entry(id: string, label: string, detail = '', keys: string | null = null, run = vi.fn()): PaletteEntry {
  return { id, kind: id.startsWith('pod') ? 'pod' : 'command', icon: TAB_KIND_ICONS.terminal, target: searchable(detail === '' ? label : `${label} ${detail}`), labelLength: label.length, keys, run };
}

function open(entries: readonly PaletteEntry[]) {
  const before = document.createElement('button');
  document.body.append(before);
  before.focus();
  const onClose = vi.fn();
  const view = render(CommandPalette, { props: { index: new PaletteIndex(entries), onClose } });
  const input = screen.getByRole('combobox', { name: 'Find a command or a pod' });
  const options = () => screen.queryAllByRole('option');
  const selected = () => options().find((option) => option.getAttribute('aria-selected') === 'true');
  return { ...view, onClose, input, options, selected, before };
}

/** The same three entries for each test, with fresh run mocks. */
function entries3() {
  const newShell = entry('app:new-shell', 'New shell', '', 'Ctrl+Shift+T');
  const shellWeb = entry('pod:shell:web', 'Open a shell: web-1', '(default · dev)');
  const logsWeb = entry('pod:logs:web', 'Open logs: web-1', '(default · dev)');
  return { newShell, shellWeb, logsWeb, all: [newShell, shellWeb, logsWeb] };
}

describe('CommandPalette', () => {
  it('takes the focus and lists every entry, in order, each with its kind and key', () => {
    const { input, options } = open(entries3().all);
    expect(document.activeElement).toBe(input);
    expect(options().map((option) => option.textContent?.replace(/\s+/g, ' ').trim())).toEqual([
      'New shell command Ctrl+Shift+T',
      'Open a shell: web-1 (default · dev) pod',
      'Open logs: web-1 (default · dev) pod',
    ]);
    expect(screen.getByRole('status').textContent).toBe('3 matches');
  });

  it('narrows as you type, highlights the matched letters, and runs the first with Enter after closing', async () => {
    const { shellWeb, all } = entries3();
    const { input, options, onClose } = open(all);
    await fireEvent.input(input, { target: { value: 'web' } });
    expect(options()).toHaveLength(2);
    expect([...options()[0]!.querySelectorAll('.match')].map((part) => part.textContent)).toEqual(['web']);
    await fireEvent.keyDown(input, { key: 'Enter' });
    expect(onClose).toHaveBeenCalledOnce();
    expect(shellWeb.run).toHaveBeenCalledOnce();
    expect(onClose.mock.invocationCallOrder[0]).toBeLessThan(vi.mocked(shellWeb.run).mock.invocationCallOrder[0]!);
  });

  it('moves with the arrows and the page keys, within the results, and keeps the keys from the window', async () => {
    const entries = Array.from({ length: 20 }, (_, i) => entry(`pod:${i}`, `pod-${i}`));
    const { input, selected, options } = open(entries);
    const windowKeys = vi.fn();
    window.addEventListener('keydown', windowKeys);
    expect(selected()).toBe(options()[0]);
    expect(input.getAttribute('aria-activedescendant')).toBe(options()[0]!.id);
    await fireEvent.keyDown(input, { key: 'ArrowUp' });
    expect(selected()).toBe(options()[0]);
    await fireEvent.keyDown(input, { key: 'ArrowDown' });
    await fireEvent.keyDown(input, { key: 'PageDown' });
    expect(selected()?.textContent).toContain('pod-9');
    await fireEvent.keyDown(input, { key: 'PageDown' });
    await fireEvent.keyDown(input, { key: 'PageDown' });
    expect(selected()?.textContent).toContain('pod-19');
    await fireEvent.keyDown(input, { key: 'PageUp' });
    expect(selected()?.textContent).toContain('pod-11');
    expect(input.getAttribute('aria-activedescendant')).toBe(selected()!.id);
    await fireEvent.keyDown(input, { key: 'Enter' });
    expect(entries[11]!.run).toHaveBeenCalledOnce();
    window.removeEventListener('keydown', windowKeys);
    expect(windowKeys).not.toHaveBeenCalled();
  });

  it('starts again from the best result when the query changes, and says when nothing matches', async () => {
    const { input, selected, options, onClose } = open(entries3().all);
    await fireEvent.keyDown(input, { key: 'ArrowDown' });
    await fireEvent.input(input, { target: { value: 'logs' } });
    expect(selected()).toBe(options()[0]);
    await fireEvent.input(input, { target: { value: 'zzz' } });
    expect(options()).toEqual([]);
    expect(screen.getByRole('status').textContent).toBe('Nothing matches “zzz”');
    await fireEvent.keyDown(input, { key: 'Enter' });
    expect(onClose).not.toHaveBeenCalled();
  });

  it('shows each row\'s own icon, drawn once and referred to by the row', async () => {
    const { newShell, shellWeb } = entries3();
    const logs = { ...entry('pod:logs:web', 'Open logs: web-1'), icon: TAB_KIND_ICONS.logs };
    const { input, options, container } = open([newShell, logs, shellWeb]);
    const iconOf = (option: HTMLElement) => container.querySelector(option.querySelector('use')?.getAttribute('href') ?? '#none')?.querySelector('svg')?.getAttribute('class');
    const drawn = { terminal: iconOf(options()[0]!), logs: iconOf(options()[1]!) };
    expect(drawn.terminal).toMatch(/lucide/);
    expect(drawn.logs).toMatch(/lucide/);
    expect(drawn.logs).not.toBe(drawn.terminal);
    expect(iconOf(options()[2]!)).toBe(drawn.terminal);
    // A keystroke that puts another kind of entry on a row changes the row's icon with it.
    await fireEvent.input(input, { target: { value: 'logs' } });
    expect(iconOf(options()[0]!)).toBe(drawn.logs);
  });

  it('puts a scrolled list back at the top when the query changes', async () => {
    const entries = Array.from({ length: 20 }, (_, i) => entry(`pod:${i}`, `pod-${i}`));
    const { input } = open(entries);
    const list = screen.getByRole('listbox');
    list.scrollTop = 120;
    await fireEvent.scroll(list);
    await fireEvent.input(input, { target: { value: 'pod' } });
    expect(list.scrollTop).toBe(0);
  });

  it('runs a clicked entry, and closes on Esc or a click outside, giving the focus back', async () => {
    const { newShell, shellWeb } = entries3();
    const first = open([newShell, shellWeb]);
    await fireEvent.click(first.options()[1]!);
    expect(shellWeb.run).toHaveBeenCalledOnce();
    first.unmount();
    expect(document.activeElement).toBe(first.before);
    const second = open([newShell]);
    await fireEvent.keyDown(second.input, { key: 'Escape' });
    await fireEvent.click(screen.getByRole('dialog', { name: 'Command palette' }).parentElement!);
    expect(second.onClose).toHaveBeenCalledTimes(2);
  });
});
