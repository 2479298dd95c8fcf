// @vitest-environment jsdom
import { fireEvent, render, screen } from '@testing-library/svelte';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { parseStructuredLine } from '../../../../shared/logs/structured-line.ts';
import LogLineDetail from '../../../../renderer/src/lib/LogLineDetail.svelte';

const TEXT = '{"level":"error","msg":"boom","status":500}';

function renderDetail(): { onFilter: ReturnType<typeof vi.fn>; onClose: ReturnType<typeof vi.fn> } {
  const onFilter = vi.fn();
  const onClose = vi.fn();
  render(LogLineDetail, { props: { text: TEXT, line: parseStructuredLine(TEXT), timestamp: '2024-05-01T12:00:00Z', onFilter, onClose } });
  return { onFilter, onClose };
}

afterEach(() => vi.unstubAllGlobals());

describe('LogLineDetail', () => {
  it('lists the fields and the pretty-printed line', () => {
    renderDetail();
    expect([...document.querySelectorAll('th')].map((th) => th.textContent)).toEqual(['level', 'msg', 'status']);
    expect(document.querySelector('pre')?.textContent).toBe('{\n  "level": "error",\n  "msg": "boom",\n  "status": 500\n}');
    expect(screen.getByRole('region', { name: 'Expanded line' }).textContent).toContain('JSON line at 2024-05-01T12:00:00Z');
  });

  it("copies a field's value, and says so", async () => {
    const writeText = vi.fn(() => Promise.resolve());
    vi.stubGlobal('navigator', { clipboard: { writeText } });
    renderDetail();
    await fireEvent.click(screen.getByRole('button', { name: 'Copy status' }));
    await Promise.resolve();
    expect(writeText).toHaveBeenCalledWith('500');
    expect((await screen.findByRole('status')).textContent).toBe('Copied status');
  });

  it('says when the clipboard refuses', async () => {
    vi.stubGlobal('navigator', { clipboard: { writeText: () => Promise.reject(new Error('denied')) } });
    renderDetail();
    await fireEvent.click(screen.getByRole('button', { name: 'Copy msg' }));
    expect((await screen.findByRole('status')).textContent).toBe('Could not copy msg: the clipboard refused');
  });

  it('filters on a field and closes', async () => {
    const { onFilter, onClose } = renderDetail();
    await fireEvent.click(screen.getByRole('button', { name: 'Filter on level' }));
    expect(onFilter).toHaveBeenCalledWith('level', 'error');
    await fireEvent.click(screen.getByRole('button', { name: 'Close the expanded line' }));
    expect(onClose).toHaveBeenCalled();
  });
});
