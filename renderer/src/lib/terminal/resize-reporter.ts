// The pod's terminal size follows the pane's: every resize of the grid is reported, and the caller can
// report the current size again when a new session starts or one goes live (it may have opened at
// another size than the pane has now).
import type { IDisposable } from '@xterm/xterm';
import type { TerminalSize } from '../../../../shared/bridge/sessions.ts';
import type { TerminalAddon, TerminalHost } from './terminal-host.ts';

export class ResizeReporter implements TerminalAddon {
  readonly #report: (size: TerminalSize) => void;
  #host: TerminalHost | null = null;
  #subscription: IDisposable | null = null;

  /** `report` tells the pod a size (the bridge's resize call for the session shown). */
  constructor(report: (size: TerminalSize) => void) {
    this.#report = report;
  }

  activate(host: TerminalHost): void {
    this.#host = host;
    this.#subscription = host.terminal.onResize(({ cols, rows }) => this.#report({ cols, rows }));
  }

  /** Reports the current size again. */
  reportAgain(): void {
    if (this.#host !== null) this.#report(this.#host.size);
  }

  dispose(): void {
    this.#subscription?.dispose();
    this.#subscription = null;
    this.#host = null;
  }
}
