// @vitest-environment jsdom
import { render, screen } from '@testing-library/svelte';
import CircleIcon from '@lucide/svelte/icons/circle';
import { describe, expect, it } from 'vitest';
import StatusChip from '../../../../renderer/src/lib/StatusChip.svelte';

describe('StatusChip', () => {
  it('shows its text in its tone, with the detail as the tooltip', () => {
    render(StatusChip, { tone: 'error', text: 'exited 1', title: 'command terminated' });
    const chip = screen.getByText('exited 1').closest('.chip');
    expect(chip?.getAttribute('data-tone')).toBe('error');
    expect(chip?.classList.contains('chip-error')).toBe(true);
    expect(chip?.getAttribute('title')).toBe('command terminated');
    expect(chip?.textContent).toBe('exited 1');
  });

  it('takes an accessible name when its text is an abbreviation', () => {
    render(StatusChip, { tone: 'accent', text: 'PROD', label: 'Production context' });
    expect(screen.getByRole('img', { name: 'Production context' }).textContent?.trim()).toBe('PROD');
  });

  it('draws an icon before the text, hidden from assistive technology', () => {
    render(StatusChip, { tone: 'ok', text: 'live', icon: CircleIcon });
    const chip = screen.getByText('live').closest('.chip');
    expect(chip?.querySelector('svg')?.getAttribute('aria-hidden')).toBe('true');
  });
});
