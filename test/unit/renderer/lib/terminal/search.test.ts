// @vitest-environment jsdom
// Find in the terminal, on a real xterm: the find key, the text a search starts from, the matches.
import './jsdom-for-xterm.ts'; // before xterm loads
import { describe, expect, it, vi } from 'vitest';
import { TerminalSearch, type SearchResult } from '../../../../../renderer/src/lib/terminal/search.ts';
import { openHost, pressCommand, show } from './host-fixture.ts';

async function hostWithSearch() {
  const opened = openHost();
  const results: SearchResult[] = [];
  const onFindKey = vi.fn();
  const search = opened.host.loadAddon(new TerminalSearch({ onFindKey, onResult: (result) => results.push(result) }));
  await show(opened.host, 'pod-a Running\r\npod-b Pending\r\npod-c Running');
  return { ...opened, search, results, onFindKey };
}

describe('TerminalSearch', () => {
  it('opens the pane’s search box on the find key, which never reaches the pod', async () => {
    const { host, onFindKey, input } = await hostWithSearch();
    expect(pressCommand(host, 'find').defaultPrevented).toBe(true);
    expect(onFindKey).toHaveBeenCalledTimes(1);
    expect(input).toEqual([]);
  });

  it('starts from the selection when it is on one line', async () => {
    const { host, search } = await hostWithSearch();
    expect(search.selectedText()).toBeUndefined();
    host.terminal.select(6, 1, 7);
    expect(search.selectedText()).toBe('Pending');
    host.terminal.selectLines(0, 1);
    expect(search.selectedText()).toBeUndefined();
  });

  it('selects the next and previous match and reports where it is among all', async () => {
    const { host, search, results } = await hostWithSearch();
    search.find('Running', false);
    await vi.waitFor(() => expect(results.at(-1)).toEqual({ index: 0, count: 2 }));
    expect(host.terminal.getSelectionPosition()?.start).toEqual({ x: 6, y: 0 });
    search.find('Running', false);
    await vi.waitFor(() => expect(results.at(-1)).toEqual({ index: 1, count: 2 }));
    expect(host.terminal.getSelectionPosition()?.start).toEqual({ x: 6, y: 2 });
    search.find('Running', true);
    await vi.waitFor(() => expect(results.at(-1)).toEqual({ index: 0, count: 2 }));
    search.find('Stopped', false);
    await vi.waitFor(() => expect(results.at(-1)).toEqual({ index: -1, count: 0 }));
  });

  it('takes its highlights away on clear', async () => {
    const { host, search } = await hostWithSearch();
    search.find('Running', false);
    await vi.waitFor(() => expect(host.container.querySelectorAll('.xterm-decoration').length).toBeGreaterThan(0));
    search.clear();
    await vi.waitFor(() => expect(host.container.querySelectorAll('.xterm-decoration')).toHaveLength(0));
  });
});
