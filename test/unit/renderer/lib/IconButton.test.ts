// @vitest-environment jsdom
import { fireEvent, render, screen } from '@testing-library/svelte';
import TerminalIcon from '@lucide/svelte/icons/terminal';
import { describe, expect, it, vi } from 'vitest';
import IconButton from '../../../../renderer/src/lib/IconButton.svelte';

describe('IconButton', () => {
  it('is named by its label and its tooltip shows the key', () => {
    render(IconButton, { icon: TerminalIcon, label: 'Open a shell', tooltip: 'Shell', key: 'Enter' });
    const button = screen.getByRole('button', { name: 'Open a shell' });
    expect(button.title).toBe('Shell (Enter)');
  });

  it('uses the label as the tooltip, without a key when it has none', () => {
    render(IconButton, { icon: TerminalIcon, label: 'Port-forwards' });
    expect(screen.getByRole('button', { name: 'Port-forwards' }).title).toBe('Port-forwards');
  });

  it('draws the icon hidden from assistive technology, and the text beside it when given', () => {
    render(IconButton, { icon: TerminalIcon, label: 'Open a shell', text: 'Shell' });
    const button = screen.getByRole('button', { name: 'Open a shell' });
    expect(button.querySelector('svg')?.getAttribute('aria-hidden')).toBe('true');
    expect(button.textContent).toBe('Shell');
  });

  it('runs its click handler and passes other attributes to the button', async () => {
    const onclick = vi.fn();
    render(IconButton, { icon: TerminalIcon, label: 'Follow', 'aria-pressed': true, onclick });
    const button = screen.getByRole('button', { name: 'Follow', pressed: true });
    await fireEvent.click(button);
    expect(onclick).toHaveBeenCalledTimes(1);
  });

  it('can be disabled', () => {
    render(IconButton, { icon: TerminalIcon, label: 'Save', disabled: true });
    expect((screen.getByRole('button', { name: 'Save' }) as HTMLButtonElement).disabled).toBe(true);
  });
});
