// @vitest-environment jsdom
import { fireEvent, render, screen, waitFor } from '@testing-library/svelte';
import { describe, expect, it, vi } from 'vitest';
import WorkloadContexts from '../../../../renderer/src/components/WorkloadContexts.svelte';
import { context, FakeBridge } from '../fake-bridge.ts';

describe('WorkloadContexts', () => {
  it('offers the other contexts, ticked as followed, and applies the choice', async () => {
    const bridge = new FakeBridge();
    bridge.contexts = [context('prod', { isCurrent: true }), context('staging'), context('viewer')];
    const onApply = vi.fn();
    render(WorkloadContexts, { props: { bridge, context: 'prod', chosen: ['viewer'], onApply, onCancel: vi.fn() } });
    await waitFor(() => expect(screen.getAllByRole('checkbox')).toHaveLength(2));
    expect(screen.queryByLabelText('prod')).toBeNull();
    expect((screen.getByLabelText('viewer') as HTMLInputElement).checked).toBe(true);
    await fireEvent.click(screen.getByLabelText('staging'));
    await fireEvent.click(screen.getByLabelText('viewer'));
    await fireEvent.click(screen.getByRole('button', { name: 'Apply' }));
    expect(onApply).toHaveBeenCalledWith(['staging']);
  });

  it('says why the contexts cannot be listed, and Escape cancels', async () => {
    const bridge = new FakeBridge();
    bridge.listContexts = () => Promise.reject(new Error('link down'));
    const onCancel = vi.fn();
    render(WorkloadContexts, { props: { bridge, context: 'prod', chosen: [], onApply: vi.fn(), onCancel } });
    await waitFor(() => expect(screen.getByRole('alert').textContent).toContain('link down'));
    await fireEvent.keyDown(screen.getByRole('group', { name: 'Follow in more contexts' }), { key: 'Escape' });
    expect(onCancel).toHaveBeenCalled();
  });
});
