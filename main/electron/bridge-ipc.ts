// The IPC adapter: gives each window's page a MessagePort of its own to the bridge, and moves frames
// between that port and the page's BridgeEndpoint (which decodes and schema-checks every call).
//
//   preload ── ipcRenderer.send(PORT_REQUEST) ──▶ main: sender checked, envelope checked,
//                                                      MessageChannelMain made, port1 ⇄ endpoint
//   preload ◀── webContents.postMessage(PORT, [port2]) ─┘
//
// IPC carries nothing else; the data plane is the port. A page's link ends when the page does:
// a main-frame navigation that commits (a reload; the new page asks again), crash, window closed,
// or the port's other end going away. Its sessions keep running in main, for the next page to
// attach to. A navigation that is only started ends nothing: Electron emits 'did-start-navigation'
// before 'will-navigate', whose handler (web-contents-policy.ts) refuses it, and the page stays.
//
// Beside the bridge's calls, the port carries the page's paste request (app-commands.ts), which
// main answers with webContents.paste().
import { ipcMain, MessageChannelMain, type IpcMainEvent, type MessagePortMain, type WebContents } from 'electron';
import { isPasteRequest, type AppCommand, type AppCommandMessage } from '../../shared/bridge/app-commands.ts';
import { cloneCodec } from '../../shared/bridge/wire.ts';
import type { BridgeEndpoint } from '../bridge/bridge-endpoint.ts';
import type { BridgeServer } from '../bridge/bridge-server.ts';
import { PORT_CHANNEL, PORT_REQUEST_CHANNEL } from './ipc-channels.ts';
import { senderProblem } from './sender-check.ts';

export interface BridgeIpcOptions {
  readonly server: Pick<BridgeServer, 'connect'>;
  readonly isOurWindow: (contents: WebContents) => boolean;
  /** Where refused requests are reported. */
  readonly log: (message: string) => void;
}

interface Link {
  readonly port: MessagePortMain;
  readonly endpoint: BridgeEndpoint<unknown>;
}

/** The port request's envelope: it carries no arguments at all. */
export function portRequestProblem(args: readonly unknown[]): string | null {
  return args.length === 0 ? null : `a port request carries no arguments, but this one has ${args.length}`;
}

export class BridgeIpc {
  readonly #options: BridgeIpcOptions;
  /** By webContents id: one live link per page. */
  readonly #links = new Map<number, Link>();
  readonly #onPortRequest = (event: IpcMainEvent, ...args: unknown[]): void => this.#portRequest(event, args);

  constructor(options: BridgeIpcOptions) {
    this.#options = options;
  }

  install(): void {
    ipcMain.on(PORT_REQUEST_CHANNEL, this.#onPortRequest);
  }

  /** Stops answering port requests and ends every link. */
  dispose(): void {
    ipcMain.removeListener(PORT_REQUEST_CHANNEL, this.#onPortRequest);
    for (const id of [...this.#links.keys()]) this.#unlink(id);
  }

  /** Ends the link of `contents` whenever its page goes away. Call once per window. */
  watch(contents: WebContents): void {
    const id = contents.id;
    // The link of the page a main-frame navigation started from; it ends only if the navigation
    // commits. A link made meanwhile (the new page asking early) belongs to the new page and stays.
    let leaving: Link | undefined;
    contents.on('did-start-navigation', (details) => {
      if (details.isMainFrame && !details.isSameDocument) leaving = this.#links.get(id);
    });
    contents.on('did-navigate', () => {
      if (leaving !== undefined) this.#unlink(id, leaving);
      leaving = undefined;
    });
    contents.on('render-process-gone', () => this.#unlink(id));
    contents.once('destroyed', () => this.#unlink(id));
  }

  /** Sends a menu command to the page of `contents`; false when it has no link (yet). */
  sendCommand(contents: WebContents, command: AppCommand): boolean {
    const link = this.#links.get(contents.id);
    if (link === undefined) return false;
    link.port.postMessage({ t: 'command', command } satisfies AppCommandMessage);
    return true;
  }

  get linkCount(): number {
    return this.#links.size;
  }

  #portRequest(event: IpcMainEvent, args: readonly unknown[]): void {
    const problem = senderProblem(event, this.#options.isOurWindow) ?? portRequestProblem(args);
    if (problem !== null) {
      this.#options.log(`Porthole refused a bridge port request: ${problem}.`);
      return;
    }
    const contents = event.sender;
    // A page asks once; if it asks again, its new port replaces the old link.
    this.#unlink(contents.id);
    const { port1, port2 } = new MessageChannelMain();
    const endpoint = this.#options.server.connect<unknown>({ codec: cloneCodec, send: (frame) => port1.postMessage(frame) });
    const link: Link = { port: port1, endpoint };
    this.#links.set(contents.id, link);
    port1.on('message', (message) => {
      if (isPasteRequest(message.data)) contents.paste();
      else endpoint.receive(message.data);
    });
    port1.on('close', () => this.#unlink(contents.id, link));
    port1.start();
    contents.postMessage(PORT_CHANNEL, null, [port2]);
  }

  /** Ends the page's link (only if it is still `expected`, when given). */
  #unlink(id: number, expected?: Link): void {
    const link = this.#links.get(id);
    if (link === undefined || (expected !== undefined && link !== expected)) return;
    this.#links.delete(id);
    link.endpoint.close();
    link.port.close();
  }
}
