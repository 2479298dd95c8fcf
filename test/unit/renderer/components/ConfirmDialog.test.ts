// @vitest-environment jsdom
import { fireEvent, render, screen } from '@testing-library/svelte';
import { describe, expect, it, vi } from 'vitest';
import ConfirmDialog from '../../../../renderer/src/components/ConfirmDialog.svelte';
import { broadcastConfirmation, pasteConfirmation } from '../../../../renderer/src/app/production.ts';

function open(confirmation = pasteConfirmation('kubectl delete pod a\nkubectl delete pod b\nc\nd\ne\nf\ng', ['prod-eu'])) {
  const before = document.createElement('textarea');
  document.body.append(before);
  before.focus();
  const onAnswer = vi.fn();
  const view = render(ConfirmDialog, { props: { confirmation, onAnswer } });
  const dialog = screen.getByRole('alertdialog', { name: confirmation.title });
  return { ...view, onAnswer, dialog, before };
}

describe('ConfirmDialog', () => {
  it('shows what is at stake: the title, the production contexts, the first lines of a paste and how many more', () => {
    const { dialog } = open();
    expect(dialog.getAttribute('aria-modal')).toBe('true');
    expect(screen.getByText('Each line may run as a command as soon as it arrives.')).toBeTruthy();
    expect(screen.getByRole('list', { name: 'Production contexts' }).textContent).toContain('PROD prod-eu');
    expect(screen.getByLabelText('What would be pasted').textContent).toBe('kubectl delete pod a\nkubectl delete pod b\nc\nd\ne');
    expect(screen.getByText('and 2 more lines')).toBeTruthy();
  });

  it('confirms with Enter and focuses the confirming button first', async () => {
    const { dialog, onAnswer } = open();
    const confirm = screen.getByRole('button', { name: 'Paste 7 lines' });
    expect(document.activeElement).toBe(confirm);
    expect(confirm.title).toBe('Paste 7 lines (Enter)');
    await fireEvent.keyDown(dialog, { key: 'Enter' });
    await fireEvent.keyDown(dialog, { key: 'Escape' });
    expect(onAnswer.mock.calls).toEqual([[true]]);
  });

  it('cancels with Esc, the Cancel button, or Enter on the Cancel button', async () => {
    const first = open(broadcastConfirmation('start', 3, 1, ['admin']));
    await fireEvent.keyDown(first.dialog, { key: 'Escape' });
    expect(first.onAnswer.mock.calls).toEqual([[false]]);
    first.unmount();

    const second = open();
    await fireEvent.click(screen.getByRole('button', { name: 'Cancel' }));
    expect(second.onAnswer.mock.calls).toEqual([[false]]);
    second.unmount();

    const third = open();
    const cancel = screen.getByRole('button', { name: 'Cancel' });
    cancel.focus();
    await fireEvent.keyDown(cancel, { key: 'Enter' });
    expect(third.onAnswer.mock.calls).toEqual([[false]]);
  });

  it('keeps Tab inside the dialog and keys away from the window', async () => {
    const { dialog } = open();
    const onWindowKey = vi.fn();
    window.addEventListener('keydown', onWindowKey);
    const cancel = screen.getByRole('button', { name: 'Cancel' });
    const confirm = screen.getByRole('button', { name: 'Paste 7 lines' });
    await fireEvent.keyDown(dialog, { key: 'Tab' });
    expect(document.activeElement).toBe(cancel);
    await fireEvent.keyDown(dialog, { key: 'Tab' });
    expect(document.activeElement).toBe(confirm);
    await fireEvent.keyDown(dialog, { key: 'Tab', shiftKey: true });
    expect(document.activeElement).toBe(cancel);
    await fireEvent.keyDown(dialog, { key: 'b', ctrlKey: true, shiftKey: true });
    window.removeEventListener('keydown', onWindowKey);
    expect(onWindowKey).not.toHaveBeenCalled();
  });

  it('takes the focus back when something outside tries to take it, and returns it when it closes', () => {
    const { before, unmount } = open();
    before.focus();
    expect(document.activeElement).toBe(screen.getByRole('button', { name: 'Paste 7 lines' }));
    unmount();
    expect(document.activeElement).toBe(before);
  });
});
