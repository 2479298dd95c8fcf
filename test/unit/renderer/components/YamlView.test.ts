// @vitest-environment jsdom
// The read-only YAML view: the text main gives, managedFields on request, find marks, Esc closes.
import { fireEvent, render, screen, waitFor } from '@testing-library/svelte';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import YamlView from '../../../../renderer/src/components/YamlView.svelte';

const yaml = 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: web-0\nstatus:\n  phase: Running\n';

beforeAll(() => {
  // jsdom lays nothing out and has no scrollIntoView; the view scrolls the current match into view
  // (without this, Enter in the find box threw an unhandled TypeError that failed CI's run).
  Element.prototype.scrollIntoView = vi.fn();
});

describe('YamlView', () => {
  it('shows the YAML, asks again with managedFields when ticked, marks what is found, and closes on Esc', async () => {
    const load = vi.fn((managedFields: boolean) => Promise.resolve(managedFields ? `${yaml}  managedFields: []\n` : yaml));
    const onClose = vi.fn();
    render(YamlView, { props: { title: 'web-0 in shop (dev)', load, onClose } });
    const text = await screen.findByLabelText('YAML');
    expect(text.textContent).toBe(yaml);
    expect(load).toHaveBeenCalledWith(false);

    await fireEvent.input(screen.getByLabelText('Find in the YAML'), { target: { value: 'pod' } });
    await waitFor(() => expect(text.querySelectorAll('mark')).toHaveLength(1));
    expect(screen.getByRole('status').textContent).toBe('1 found');
    await fireEvent.keyDown(screen.getByLabelText('Find in the YAML'), { key: 'Enter' });
    expect(Element.prototype.scrollIntoView).toHaveBeenCalledWith({ block: 'center' });
    expect(screen.getByRole('status').textContent).toBe('1/1');

    await fireEvent.click(screen.getByRole('checkbox'));
    await waitFor(() => expect(screen.getByLabelText('YAML').textContent).toContain('managedFields'));
    expect(load).toHaveBeenLastCalledWith(true);

    await fireEvent.keyDown(screen.getByRole('dialog'), { key: 'Escape' });
    expect(onClose).toHaveBeenCalledTimes(1);
  });

  it('says why the YAML could not be read', async () => {
    const load = () => Promise.reject(new Error('boom'));
    render(YamlView, { props: { title: 'web-0', load, onClose: () => undefined } });
    expect((await screen.findByRole('alert')).textContent).toContain('boom');
  });
});
