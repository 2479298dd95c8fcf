// Links in the terminal's text open in a new browser window on click; only http(s) links, so a pod
// cannot make the page follow a javascript: or file: link.
import { WebLinksAddon } from '@xterm/addon-web-links';
import type { TerminalAddon, TerminalHost } from './terminal-host.ts';

export type OpenLink = (uri: string) => void;

/** Opens `uri` through `open` if it is an http(s) link, and otherwise does nothing. */
export function openWebLink(uri: string, open: OpenLink): void {
  if (/^https?:\/\//i.test(uri)) open(uri);
}

const openInNewWindow: OpenLink = (uri) => void window.open(uri, '_blank', 'noopener,noreferrer');

export class WebLinks implements TerminalAddon {
  readonly #links: WebLinksAddon;

  constructor(open: OpenLink = openInNewWindow) {
    this.#links = new WebLinksAddon((_event, uri) => openWebLink(uri, open));
  }

  activate(host: TerminalHost): void {
    host.terminal.loadAddon(this.#links);
  }

  dispose(): void {
    this.#links.dispose();
  }
}
