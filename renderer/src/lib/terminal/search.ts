// Find in a terminal: xterm's search addon with the app's highlight colours, and the find key
// (Ctrl+Shift+F, Cmd+F on macOS). The search box is the pane's to draw; it asks this for matches.
import { SearchAddon } from '@xterm/addon-search';
import type { IDisposable } from '@xterm/xterm';
import type { TerminalAddon, TerminalHost } from './terminal-host.ts';

const DECORATIONS = {
  matchBackground: '#6b5a1e',
  activeMatchBackground: '#b08800',
  matchOverviewRuler: '#d4a72c',
  activeMatchColorOverviewRuler: '#ff9632',
} as const;

/** Where the active match is: its index (-1 when there are more matches than xterm counts) among `count`. */
export interface SearchResult {
  readonly index: number;
  readonly count: number;
}

export interface SearchListeners {
  /** The find key was pressed: the pane opens its search box. */
  readonly onFindKey: () => void;
  /** The matches changed. */
  readonly onResult: (result: SearchResult) => void;
}

export class TerminalSearch implements TerminalAddon {
  readonly #listeners: SearchListeners;
  readonly #search = new SearchAddon();
  #host: TerminalHost | null = null;
  #disposables: IDisposable[] = [];

  constructor(listeners: SearchListeners) {
    this.#listeners = listeners;
  }

  activate(host: TerminalHost): void {
    this.#host = host;
    host.terminal.loadAddon(this.#search);
    this.#disposables = [
      host.registerCommand('find', () => this.#listeners.onFindKey()),
      this.#search.onDidChangeResults((result) => this.#listeners.onResult({ index: result.resultIndex, count: result.resultCount })),
    ];
  }

  /** The selection when it is on one line: what a search starts from. */
  selectedText(): string | undefined {
    const selection = this.#host?.terminal.getSelection() ?? '';
    return selection !== '' && !selection.includes('\n') ? selection : undefined;
  }

  /** Selects and highlights the next (or previous) match; `incremental` (as the text is typed) keeps a match that still fits. */
  find(text: string, backwards: boolean, incremental = false): void {
    const options = { decorations: DECORATIONS, incremental };
    if (backwards) this.#search.findPrevious(text, options);
    else this.#search.findNext(text, options);
  }

  clear(): void {
    this.#search.clearDecorations();
  }

  dispose(): void {
    for (const disposable of this.#disposables) disposable.dispose();
    this.#disposables = [];
    this.#search.dispose();
    this.#host = null;
  }
}
