// xterm's WebGL renderer, where it is chosen and only while the terminal is visible: browsers allow a
// page only a few WebGL contexts, so a hidden tab gives its context back. Whether WebGL is chosen is
// the caller's (the settings, and whether the GPU is real: ../webgl-probe.ts). A context that cannot
// be made (no WebGL2, a blocklisted driver) or is lost (a GPU reset, the browser reclaiming it)
// leaves the DOM renderer drawing.
import { WebglAddon } from '@xterm/addon-webgl';
import type { IEvent, ITerminalAddon } from '@xterm/xterm';
import type { TerminalAddon, TerminalHost } from './terminal-host.ts';

export type TerminalRenderer = 'webgl' | 'dom';

/** The part of xterm's WebglAddon this uses, so tests can lose a context at will. */
export interface WebglRendererAddon extends ITerminalAddon {
  readonly onContextLoss: IEvent<void>;
}

export class WebglRenderer implements TerminalAddon {
  readonly #onChange: (renderer: TerminalRenderer) => void;
  readonly #create: () => WebglRendererAddon;
  #host: TerminalHost | null = null;
  #webgl: WebglRendererAddon | null = null;

  /** `onChange` hears which renderer draws after every change. */
  constructor(onChange: (renderer: TerminalRenderer) => void, create: () => WebglRendererAddon = () => new WebglAddon()) {
    this.#onChange = onChange;
    this.#create = create;
  }

  activate(host: TerminalHost): void {
    this.#host = host;
  }

  /** WebGL draws while `chosen` is webgl and the terminal is visible; the DOM renderer otherwise. */
  choose(chosen: TerminalRenderer, visible: boolean): void {
    if (chosen === 'webgl' && visible) this.#load();
    else this.#unload();
  }

  dispose(): void {
    this.#webgl?.dispose();
    this.#webgl = null;
    this.#host = null;
  }

  #load(): void {
    if (this.#host === null || this.#webgl !== null) return;
    try {
      const webgl = this.#create();
      webgl.onContextLoss(() => {
        webgl.dispose();
        if (this.#webgl === webgl) this.#webgl = null;
        this.#onChange('dom');
      });
      this.#host.terminal.loadAddon(webgl);
      this.#webgl = webgl;
      this.#onChange('webgl');
    } catch {
      this.#webgl = null;
      this.#onChange('dom');
    }
  }

  #unload(): void {
    this.#webgl?.dispose();
    this.#webgl = null;
    this.#onChange('dom');
  }
}
