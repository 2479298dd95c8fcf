// @vitest-environment jsdom
import { fireEvent, render, screen } from '@testing-library/svelte';
import { createRawSnippet } from 'svelte';
import { describe, expect, it, vi } from 'vitest';
import PaneHeader from '../../../../renderer/src/components/PaneHeader.svelte';

describe('PaneHeader', () => {
  it('names where the pane runs, shows the owner\'s marks and closes the pane', async () => {
    const onClose = vi.fn();
    const marks = createRawSnippet(() => ({ render: () => '<span class="chip">broadcast</span>' }));
    render(PaneHeader, { props: { where: ['prod', 'web', 'web-1', 'app'], focused: true, marks, onClose, closeKey: 'Ctrl+Shift+W' } });
    const header = document.querySelector('.pane-header')!;
    expect(header.querySelector('.where')!.textContent!.replace(/\s+/g, '')).toBe('prod·web·web-1·app');
    expect(header.getAttribute('title')).toBe('prod · web · web-1 · app');
    expect(header.querySelector('.marks')!.textContent).toBe('broadcast');
    const close = screen.getByRole('button', { name: 'Close pane' });
    expect(close.getAttribute('title')).toContain('Ctrl+Shift+W');
    await fireEvent.click(close);
    expect(onClose).toHaveBeenCalledOnce();
  });

  it('teaches the close key only on the focused pane, which the key closes', () => {
    render(PaneHeader, { props: { where: ['web-1'], focused: false, onClose: vi.fn(), closeKey: 'Ctrl+Shift+W' } });
    expect(screen.getByRole('button', { name: 'Close pane' }).getAttribute('title')).toBe('Close pane');
    expect(document.querySelector('.marks')).toBeNull();
  });
});
