// @vitest-environment jsdom
import { fireEvent, render, screen } from '@testing-library/svelte';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import LogPane from '../../../../renderer/src/lib/LogPane.svelte';
import { LogBuffer } from '../../../../renderer/src/lib/log-buffer.ts';

// jsdom has no layout: give the scroller a 180 px viewport (10 rows of 18 px) and let scrollTop
// be set and read back as a browser would, clamped to the spacer's height.
const scrollTops = new WeakMap<Element, number>();
const saved = {
  clientHeight: Object.getOwnPropertyDescriptor(HTMLElement.prototype, 'clientHeight'),
  scrollTop: Object.getOwnPropertyDescriptor(Element.prototype, 'scrollTop'),
};
const VIEWPORT = 180;
const ROW = 18;

function maxScrollTop(element: Element): number {
  const spacer = element.querySelector<HTMLElement>('.spacer');
  return Math.max(0, Number.parseFloat(spacer?.style.height ?? '0') - VIEWPORT);
}

beforeAll(() => {
  Object.defineProperty(HTMLElement.prototype, 'clientHeight', {
    configurable: true,
    get(this: HTMLElement) {
      // A pane inside a hidden element (display: none) has no height, as in a browser.
      return this.classList.contains('scroller') && this.closest('[hidden]') === null ? VIEWPORT : 0;
    },
  });
  Object.defineProperty(Element.prototype, 'scrollTop', {
    configurable: true,
    get(this: Element) {
      return scrollTops.get(this) ?? 0;
    },
    set(this: Element, value: number) {
      scrollTops.set(this, Math.min(Math.max(0, value), maxScrollTop(this)));
    },
  });
});

afterAll(() => {
  if (saved.clientHeight) Object.defineProperty(HTMLElement.prototype, 'clientHeight', saved.clientHeight);
  if (saved.scrollTop) Object.defineProperty(Element.prototype, 'scrollTop', saved.scrollTop);
});

function fill(buffer: LogBuffer, from: number, to: number, text = (i: number) => `line ${i}`): void {
  for (let i = from; i < to; i++) buffer.append({ timestamp: '2024-05-01T12:00:00Z', text: text(i) });
}

function renderedLines(): string[] {
  return [...document.querySelectorAll('.row')].map((row) => row.textContent ?? '');
}

function scroller(): HTMLElement {
  return screen.getByRole('log');
}

async function userScrollTo(top: number): Promise<void> {
  scroller().scrollTop = top;
  await fireEvent.scroll(scroller());
}

describe('LogPane', () => {
  it('draws a marker as a band of its own kind, and tags lines with their context', async () => {
    const buffer = new LogBuffer();
    buffer.append({ timestamp: '2024-05-01T12:00:00Z', text: 'hello', pod: 'web-a', container: 'app', context: 'prod' });
    buffer.append({ timestamp: '2024-05-01T12:00:01Z', text: 'pod web-a deleted', pod: 'web-a', context: 'prod', marker: 'left' });
    render(LogPane, { props: { buffer, revision: 1, rowHeight: ROW } });
    await Promise.resolve();
    expect(renderedLines()).toEqual(['prod web-a/app hello', 'pod web-a deleted']);
    const marker = document.querySelector('.log-marker');
    expect(marker?.getAttribute('data-marker')).toBe('left');
    expect(document.querySelectorAll('.log-marker')).toHaveLength(1);
  });

  it('renders only the rows in view, following the newest line', async () => {
    const buffer = new LogBuffer();
    fill(buffer, 0, 10_000);
    render(LogPane, { props: { buffer, revision: 1, rowHeight: ROW } });
    await Promise.resolve();
    const lines = renderedLines();
    expect(lines.length).toBeLessThanOrEqual(10 + 1 + 2 * 5);
    expect(lines.at(-1)).toBe('line 9999');
    expect(lines).not.toContain('line 0');
    expect(scroller().scrollTop).toBe(10_000 * ROW - VIEWPORT);
  });

  it('pauses follow when the user scrolls up, stays put as lines arrive, and resumes on request', async () => {
    const buffer = new LogBuffer();
    fill(buffer, 0, 1000);
    const { rerender } = render(LogPane, { props: { buffer, revision: 1, rowHeight: ROW } });
    await userScrollTo(0);
    expect(renderedLines()[0]).toBe('line 0');
    const resume = screen.getByRole('button', { name: 'Follow' });
    expect(resume.title).toBe('Follow new lines (S)');

    fill(buffer, 1000, 1500);
    await rerender({ revision: 2 });
    expect(renderedLines()[0]).toBe('line 0');
    expect(renderedLines()).not.toContain('line 1499');

    await fireEvent.click(resume);
    expect(renderedLines().at(-1)).toBe('line 1499');
    expect(screen.queryByRole('button', { name: 'Follow' })).toBeNull();
    fill(buffer, 1500, 1600);
    await rerender({ revision: 3 });
    expect(renderedLines().at(-1)).toBe('line 1599');
  });

  it('reuses the row elements when following brings a whole new window of lines', async () => {
    const buffer = new LogBuffer();
    fill(buffer, 0, 1000);
    const { rerender } = render(LogPane, { props: { buffer, revision: 1, rowHeight: ROW } });
    const before = [...document.querySelectorAll('.row')];
    fill(buffer, 1000, 2000);
    await rerender({ revision: 2 });
    const after = [...document.querySelectorAll('.row')];
    expect(after.at(-1)?.textContent).toBe('line 1999');
    expect(after.map((row) => row.getAttribute('data-seq'))).toEqual(after.map((_, i) => String(2000 - after.length + i)));
    // The very same elements, not equal copies.
    expect(after.length).toBe(before.length);
    after.forEach((row, i) => expect(row).toBe(before[i]));
  });

  it('keeps a line on the same element while the view moves a little', async () => {
    const buffer = new LogBuffer();
    fill(buffer, 0, 1000);
    render(LogPane, { props: { buffer, revision: 1, rowHeight: ROW } });
    await userScrollTo(500 * ROW);
    const line = (n: number): Element | undefined => [...document.querySelectorAll('.row')].find((row) => row.textContent === `line ${n}`);
    const element = line(502);
    expect(element).toBeDefined();
    await userScrollTo(501 * ROW);
    expect(line(502)).toBe(element);
  });

  it('keeps the same lines in view while paused and the buffer drops old ones', async () => {
    const buffer = new LogBuffer({ maxLines: 1000 });
    fill(buffer, 0, 1000);
    const { rerender } = render(LogPane, { props: { buffer, revision: 1, rowHeight: ROW } });
    await userScrollTo(500 * ROW);
    expect(renderedLines()).toContain('line 500');
    expect(renderedLines()[0]).toBe('line 495'); // five rows of overscan above
    fill(buffer, 1000, 1100);
    await rerender({ revision: 2 });
    expect(buffer.firstSeq).toBe(100);
    expect(renderedLines()[0]).toBe('line 495');
    expect(screen.getByText('100 earlier lines dropped')).toBeTruthy();
  });

  it('keeps following when hidden: the browser’s reset to the top while hidden is not a scroll up', async () => {
    const buffer = new LogBuffer();
    fill(buffer, 0, 500);
    const { rerender } = render(LogPane, { props: { buffer, revision: 1, rowHeight: ROW } });
    const log = scroller();
    const pane = log.closest('section') as HTMLElement;
    pane.hidden = true;
    log.scrollTop = 0;
    await fireEvent.scroll(log);
    expect(screen.queryByRole('button', { name: 'Follow', hidden: true })).toBeNull();
    pane.hidden = false;
    fill(buffer, 500, 600);
    await rerender({ revision: 2 });
    expect(renderedLines().at(-1)).toBe('line 599');
  });

  it('resumes follow when the user scrolls back to the bottom', async () => {
    const buffer = new LogBuffer();
    fill(buffer, 0, 500);
    render(LogPane, { props: { buffer, revision: 1, rowHeight: ROW } });
    await userScrollTo(100);
    expect(screen.getByRole('button', { name: 'Follow' })).toBeTruthy();
    await userScrollTo(500 * ROW - VIEWPORT);
    expect(screen.queryByRole('button', { name: 'Follow' })).toBeNull();
  });

  it('filters with a regex, counts and highlights matches, and keeps context lines', async () => {
    const buffer = new LogBuffer();
    fill(buffer, 0, 300, (i) => (i % 100 === 50 ? `request ${i} ERROR timeout` : `request ${i} ok`));
    render(LogPane, { props: { buffer, revision: 1, rowHeight: ROW } });
    await fireEvent.input(screen.getByRole('searchbox', { name: 'Filter' }), { target: { value: 'ERR+OR' } });
    expect(renderedLines()).toEqual(['request 50 ERROR timeout', 'request 150 ERROR timeout', 'request 250 ERROR timeout']);
    expect(screen.getByRole('status').textContent).toBe('3 matches');
    expect([...document.querySelectorAll('.highlight')].map((el) => el.textContent)).toEqual(['ERROR', 'ERROR', 'ERROR']);

    await fireEvent.input(screen.getByRole('spinbutton', { name: 'Context lines' }), { target: { value: '1' } });
    expect(renderedLines()).toEqual([
      'request 49 ok', 'request 50 ERROR timeout', 'request 51 ok',
      'request 149 ok', 'request 150 ERROR timeout', 'request 151 ok',
      'request 249 ok', 'request 250 ERROR timeout', 'request 251 ok',
    ]);
    expect(document.querySelectorAll('.row.group-start')).toHaveLength(2);
  });

  it('checks lines that arrive while a filter is active', async () => {
    const buffer = new LogBuffer();
    fill(buffer, 0, 10);
    const { rerender } = render(LogPane, { props: { buffer, revision: 1, rowHeight: ROW } });
    await fireEvent.input(screen.getByRole('searchbox', { name: 'Filter' }), { target: { value: 'line 1' } });
    expect(renderedLines()).toEqual(['line 1']);
    fill(buffer, 10, 13);
    await rerender({ revision: 2 });
    expect(renderedLines()).toEqual(['line 1', 'line 10', 'line 11', 'line 12']);
  });

  it('shows an invalid regex as a message, not an exception, and text mode takes it literally', async () => {
    const buffer = new LogBuffer();
    fill(buffer, 0, 5, (i) => (i === 3 ? 'a (b' : `x ${i}`));
    render(LogPane, { props: { buffer, revision: 1, rowHeight: ROW } });
    const input = screen.getByRole('searchbox', { name: 'Filter' });
    await fireEvent.input(input, { target: { value: '(b' } });
    expect(screen.getByRole('alert').textContent).toMatch(/Invalid regular expression.*Unterminated group/);
    expect(input.getAttribute('aria-invalid')).toBe('true');
    await fireEvent.click(screen.getByRole('button', { name: 'Regular expression' }));
    expect(screen.queryByRole('alert')).toBeNull();
    expect(renderedLines()).toEqual(['a (b']);
  });

  it('shows how many earlier lines the buffer dropped', async () => {
    const buffer = new LogBuffer({ maxLines: 100 });
    fill(buffer, 0, 1150);
    render(LogPane, { props: { buffer, revision: 1, rowHeight: ROW } });
    expect(screen.getByText('1,050 earlier lines dropped')).toBeTruthy();
  });

  it('draws ANSI colours as styles and never shows an escape character', async () => {
    const buffer = new LogBuffer();
    buffer.append({ timestamp: '', text: '\u001b[31mred\u001b[0m plain \u001b]0;title\u0007end' });
    render(LogPane, { props: { buffer, revision: 1, rowHeight: ROW } });
    const row = document.querySelector('.row');
    expect(row?.textContent).toBe('red plain end');
    expect(row?.querySelector('span')?.getAttribute('style')).toMatch(/^color: var\(--ansi-1, #cd0000\);?$/);
  });

  it('shows timestamps and the pod of merged lines when asked', async () => {
    const buffer = new LogBuffer();
    buffer.append({ timestamp: '2024-05-01T12:00:00.5Z', text: 'hello', pod: 'web-a', container: 'app' });
    render(LogPane, { props: { buffer, revision: 1, rowHeight: ROW, timestamps: true } });
    expect(renderedLines()).toEqual(['2024-05-01T12:00:00.5Z web-a/app hello']);
  });

  it('handles the k9s keys: s pauses follow, / goes to the filter, the rest go to the owner', async () => {
    const onCommand = vi.fn();
    const buffer = new LogBuffer();
    fill(buffer, 0, 100);
    render(LogPane, { props: { buffer, revision: 1, rowHeight: ROW, onCommand } });
    await fireEvent.keyDown(scroller(), { key: 's' });
    expect(screen.getByRole('button', { name: 'Follow' })).toBeTruthy();
    await fireEvent.keyDown(scroller(), { key: 's' });
    expect(screen.queryByRole('button', { name: 'Follow' })).toBeNull();
    await fireEvent.keyDown(scroller(), { key: '/' });
    expect(document.activeElement).toBe(screen.getByRole('searchbox', { name: 'Filter' }));
    for (const key of ['w', 't', 'p', '0', '3', 'a']) await fireEvent.keyDown(scroller(), { key });
    await fireEvent.keyDown(scroller(), { key: 's', ctrlKey: true });
    expect(onCommand.mock.calls.map(([command]) => command)).toEqual([
      'toggle-wrap', 'toggle-timestamps', 'previous-container', 'tail', 'since-5m', 'toggle-all-containers', 'save',
    ]);
    // An app shortcut is not the pane's business.
    await fireEvent.keyDown(scroller(), { key: 'T', ctrlKey: true, shiftKey: true });
    expect(onCommand).toHaveBeenCalledTimes(7);
  });

  it('in wrap mode renders whole lines from the one the scroll position names', async () => {
    const buffer = new LogBuffer();
    fill(buffer, 0, 100, (i) => `${i} ${'long '.repeat(i % 3 === 0 ? 40 : 1)}`);
    render(LogPane, { props: { buffer, revision: 1, rowHeight: ROW, wrap: true } });
    expect(document.querySelector('.rows')?.classList.contains('wrap')).toBe(true);
    expect(renderedLines().at(-1)).toMatch(/^99 /);
    await userScrollTo(20 * ROW);
    expect(renderedLines()[0]).toMatch(/^20 /);
  });
});

describe('LogPane: structured lines', () => {
  const LINES = [
    '{"level":"info","msg":"GET /healthz","status":200,"trace_id":"t1"}',
    '{"level":"error","msg":"GET /orders","status":500,"trace_id":"t2"}',
    'level=warn msg="slow query" latency_ms=900',
    '{"level":"debug","msg":"cache miss"}',
  ];

  function structuredBuffer(): LogBuffer {
    const buffer = new LogBuffer();
    LINES.forEach((text, i) => buffer.append({ timestamp: `2024-05-01T12:0${i}:00Z`, text }));
    return buffer;
  }

  async function press(key: string): Promise<void> {
    await fireEvent.keyDown(scroller(), { key });
  }

  it('marks each row with its severity, whatever the format', async () => {
    render(LogPane, { props: { buffer: structuredBuffer(), revision: 1, rowHeight: ROW } });
    await Promise.resolve();
    expect([...document.querySelectorAll('.row')].map((row) => row.getAttribute('data-severity'))).toEqual(['info', 'error', 'warn', 'debug']);
  });

  it('cycles the minimum level with v and shows only lines at or above it', async () => {
    render(LogPane, { props: { buffer: structuredBuffer(), revision: 1, rowHeight: ROW } });
    const level = screen.getByRole('combobox', { name: 'Minimum level' });
    expect(level.getAttribute('title')).toBe('Minimum level (V)');
    await press('v');
    await press('v');
    await press('v');
    expect((level as HTMLSelectElement).value).toBe('warn');
    expect(renderedLines()).toEqual([LINES[1], LINES[2]]);
    await press('v');
    await press('v');
    expect((level as HTMLSelectElement).value).toBe('unknown');
    expect(renderedLines()).toHaveLength(4);
  });

  it('applies include, exclude and field terms, and says what is wrong with a bad one', async () => {
    render(LogPane, { props: { buffer: structuredBuffer(), revision: 1, rowHeight: ROW } });
    const refine = screen.getByRole('searchbox', { name: 'Include, exclude and field filters' });
    await fireEvent.input(refine, { target: { value: '+GET -healthz' } });
    expect(renderedLines()).toEqual([LINES[1]]);
    await fireEvent.input(refine, { target: { value: 'status>=200 level!=error' } });
    expect(renderedLines()).toEqual([LINES[0]]);
    await fireEvent.input(refine, { target: { value: 'latency_ms>fast' } });
    expect(screen.getByRole('alert').textContent).toBe('"latency_ms>fast": > compares numbers, and "fast" is not a number');
    expect(refine.getAttribute('aria-invalid')).toBe('true');
    await fireEvent.keyDown(refine, { key: 'Escape' });
    expect((refine as HTMLInputElement).value).toBe('');
    expect(renderedLines()).toHaveLength(4);
    expect(document.activeElement).toBe(scroller());
  });

  it('shows picked fields as columns (c opens the picker)', async () => {
    render(LogPane, { props: { buffer: structuredBuffer(), revision: 1, rowHeight: ROW } });
    await Promise.resolve();
    await press('c');
    const picker = screen.getByRole('group', { name: 'Columns' });
    const names = [...picker.querySelectorAll('label')].map((label) => label.textContent);
    expect(names.slice(0, 2)).toEqual(['level', 'msg']);
    expect(names).toContain('trace_id');
    await fireEvent.click(screen.getByRole('checkbox', { name: 'trace_id' }));
    expect([...document.querySelectorAll('.row')].map((row) => row.querySelector('.cell')?.textContent)).toEqual(['t1', 't2', '', '']);
    // The list keeps its order while open, so the box just ticked keeps the focus.
    expect([...picker.querySelectorAll('label')].map((label) => label.textContent)).toEqual(names);
    await fireEvent.keyDown(picker, { key: 'Escape' });
    expect(screen.queryByRole('group', { name: 'Columns' })).toBeNull();
  });

  it('expands the selected line with Enter, moves with the arrows, filters on a field and closes with Escape', async () => {
    render(LogPane, { props: { buffer: structuredBuffer(), revision: 1, rowHeight: ROW } });
    await Promise.resolve();
    await press('Enter');
    let detail = screen.getByRole('region', { name: 'Expanded line' });
    expect(detail.querySelector('pre')?.textContent).toBe(JSON.stringify(JSON.parse(LINES[3] as string), null, 2));
    await press('ArrowUp');
    detail = screen.getByRole('region', { name: 'Expanded line' });
    expect(detail.querySelector('pre')?.textContent).toBe('level: warn\nmsg: slow query\nlatency_ms: 900');
    await fireEvent.click(screen.getByRole('button', { name: 'Filter on msg' }));
    expect((screen.getByRole('searchbox', { name: 'Include, exclude and field filters' }) as HTMLInputElement).value).toBe('msg="slow query"');
    expect(renderedLines()).toEqual([LINES[2]]);
    await press('Escape');
    expect(screen.queryByRole('region', { name: 'Expanded line' })).toBeNull();
  });

  it('jumps to the first line at or after a time typed after j, and says when there is none', async () => {
    render(LogPane, { props: { buffer: structuredBuffer(), revision: 1, rowHeight: ROW } });
    await press('j');
    const input = screen.getByRole('textbox', { name: 'Jump to time' });
    await fireEvent.input(input, { target: { value: '2024-05-01T12:01:30Z' } });
    await fireEvent.keyDown(input, { key: 'Enter' });
    expect(document.querySelector('.row.selected')?.textContent).toBe(LINES[2]);
    await press('j');
    const again = screen.getByRole('textbox', { name: 'Jump to time' });
    await fireEvent.input(again, { target: { value: '2030-01-01T00:00:00Z' } });
    await fireEvent.keyDown(again, { key: 'Enter' });
    expect(screen.getByRole('alert').textContent).toBe('No line at or after 2030-01-01T00:00:00.000Z');
  });
});
