// Character widths by Unicode 11 (xterm's default is Unicode 6): emoji and newer wide characters take
// two cells, as the shells and editors in the pod count them, so the cursor stays where they think it is.
import { Unicode11Addon } from '@xterm/addon-unicode11';
import type { TerminalAddon, TerminalHost } from './terminal-host.ts';

export class Unicode11Widths implements TerminalAddon {
  readonly #unicode = new Unicode11Addon();

  activate(host: TerminalHost): void {
    host.terminal.loadAddon(this.#unicode);
    host.terminal.unicode.activeVersion = '11';
  }

  dispose(): void {
    this.#unicode.dispose();
  }
}
