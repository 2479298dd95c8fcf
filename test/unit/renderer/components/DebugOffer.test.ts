// @vitest-environment jsdom
import { fireEvent, render, screen } from '@testing-library/svelte';
import { describe, expect, it, vi } from 'vitest';
import DebugOffer from '../../../../renderer/src/components/DebugOffer.svelte';

describe('DebugOffer', () => {
  it('says in one sentence that the container has no shell, and offers a debug container with its key', async () => {
    const onDebug = vi.fn();
    const onCloseTab = vi.fn();
    render(DebugOffer, { props: { error: { kind: 'not-found', title: 'No shell in the container', detail: 'Tried bash, sh in pod app-0' }, onDebug, onCloseTab } });
    expect(screen.getByRole('alert').textContent).toContain('This container has no shell');
    const offer = screen.getByRole('button', { name: 'Debug with an ephemeral container' });
    expect(offer.title).toBe('Debug with an ephemeral container (Enter)');
    expect(offer.getAttribute('aria-keyshortcuts')).toBe('Enter');
    await fireEvent.click(offer);
    expect(onDebug).toHaveBeenCalledTimes(1);
    await fireEvent.click(screen.getByRole('button', { name: 'Close tab' }));
    expect(onCloseTab).toHaveBeenCalledTimes(1);
  });
});
