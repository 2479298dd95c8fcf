// The page side of "Into the terminal"'s peers: run inside the app's page (Playwright serialises
// `installTerminalPeers` and evaluates it there, so it may use nothing from outside its own body).
// It leaves two measurements on globalThis, both drawing into a fresh xterm Terminal of the app
// terminal's size, font and renderer (the UMD build the benchmark loaded first):
// - bare: `bytes` of 'a' from memory, written in `chunk`-byte parts; ms to the last write's callback.
// - direct: the browser-direct design (Headlamp's): a WebSocket to the API server's exec endpoint
//   (through the loopback proxy), channel frames decoded here and stdout written straight into
//   xterm as it arrives, no flow control. A shell is opened and answers an echo first (untimed);
//   then `command` is typed with Enter and timed until xterm has parsed `bytes` more output bytes,
//   as Porthole's side is timed from Enter to the renderer's acknowledgement of as many bytes.

export interface PeerTerminalOptions {
  readonly width: number;
  readonly height: number;
  readonly cols: number;
  readonly rows: number;
  readonly webgl: boolean;
  readonly scrollback: number;
  readonly fontFamily: string;
  readonly fontSize: number;
}

export interface BareFlood extends PeerTerminalOptions {
  readonly bytes: number;
  readonly chunk: number;
}

export interface DirectFlood extends PeerTerminalOptions {
  /** ws://…/api/v1/namespaces/…/pods/…/exec?… (an interactive shell with a tty). */
  readonly url: string;
  readonly command: string;
  readonly bytes: number;
  readonly timeoutMs: number;
}

export interface TerminalPeers {
  bare(flood: BareFlood): Promise<number>;
  direct(flood: DirectFlood): Promise<number>;
}

export const PEERS_GLOBAL = 'portholeTerminalPeers';

export function installTerminalPeers(globalName: string): void {
  interface PeerTerminal {
    open(element: HTMLElement): void;
    loadAddon(addon: unknown): void;
    focus(): void;
    write(data: Uint8Array, callback?: () => void): void;
    dispose(): void;
  }
  type Constructor = new (...args: unknown[]) => unknown;
  // xterm's UMD script puts its exports on globalThis (Terminal); the addon's puts its module
  // there (WebglAddon.WebglAddon).
  const globals = globalThis as unknown as { Terminal?: Constructor; WebglAddon?: { WebglAddon?: Constructor } };

  /** A Terminal over the app's own (the same place and size), focused as the app's is while typing. */
  function openTerminal(options: PeerTerminalOptions): { term: PeerTerminal; close: () => void } {
    const TerminalClass = globals.Terminal;
    if (TerminalClass === undefined) throw new Error('xterm did not load');
    const host = document.createElement('div');
    host.style.cssText = `position:fixed;left:0;top:0;width:${options.width}px;height:${options.height}px;z-index:100000;background:#000`;
    document.body.append(host);
    const term = new TerminalClass({
      cols: options.cols,
      rows: options.rows,
      scrollback: options.scrollback,
      fontFamily: options.fontFamily,
      fontSize: options.fontSize,
      cursorBlink: false,
    }) as PeerTerminal;
    term.open(host);
    term.focus();
    if (options.webgl) {
      const Webgl = globals.WebglAddon?.WebglAddon;
      if (Webgl === undefined) throw new Error('the WebGL addon did not load');
      term.loadAddon(new Webgl());
    }
    return {
      term,
      close: () => {
        term.dispose();
        host.remove();
      },
    };
  }

  async function bare(flood: BareFlood): Promise<number> {
    const { term, close } = openTerminal(flood);
    const data = new Uint8Array(flood.chunk).fill(0x61);
    const started = performance.now();
    await new Promise<void>((resolve) => {
      for (let sent = 0; sent < flood.bytes; sent += flood.chunk) {
        const part = flood.bytes - sent >= flood.chunk ? data : data.subarray(0, flood.bytes - sent);
        term.write(part, sent + flood.chunk >= flood.bytes ? resolve : undefined);
      }
    });
    const elapsed = performance.now() - started;
    close();
    return elapsed;
  }

  // The remote-command channels (k8s.io/apimachinery/pkg/util/remotecommand): one leading byte each.
  const STDIN = 0;
  const STDOUT = 1;
  const STDERR = 2;
  const STATUS = 3;
  const RESIZE = 4;
  const READY_MARK = 'ready-42';

  async function direct(flood: DirectFlood): Promise<number> {
    const { term, close } = openTerminal(flood);
    const socket = new WebSocket(flood.url, ['v5.channel.k8s.io', 'v4.channel.k8s.io']);
    socket.binaryType = 'arraybuffer';
    const encoder = new TextEncoder();
    const send = (channel: number, text: string): void => {
      const payload = encoder.encode(text);
      const frame = new Uint8Array(payload.length + 1);
      frame[0] = channel;
      frame.set(payload, 1);
      socket.send(frame);
    };
    let failed: (error: Error) => void = () => undefined;
    const failure = new Promise<never>((_, reject) => (failed = reject));
    // Before the flood: the output's text, until the shell has answered the echo.
    let seen = '';
    let ready: () => void = () => undefined;
    const answered = new Promise<void>((resolve) => (ready = resolve));
    // During the flood: output bytes counted from Enter; resolved from xterm's parse callback.
    let counting = false;
    let counted = 0;
    let parsed: () => void = () => undefined;
    const floodParsed = new Promise<void>((resolve) => (parsed = resolve));
    const decoder = new TextDecoder();
    socket.onmessage = (event: MessageEvent<ArrayBuffer>) => {
      const frame = new Uint8Array(event.data);
      const channel = frame[0];
      const data = frame.subarray(1);
      if (channel === STATUS) {
        const status = decoder.decode(data);
        if (!status.includes('"Success"')) failed(new Error(`the exec ended: ${status}`));
        return;
      }
      if (channel !== STDOUT && channel !== STDERR) return;
      if (!counting) {
        term.write(data);
        seen = (seen + decoder.decode(data)).slice(-256);
        if (seen.includes(READY_MARK)) ready();
        return;
      }
      const before = counted;
      counted += data.length;
      term.write(data, before < flood.bytes && counted >= flood.bytes ? parsed : undefined);
    };
    socket.onerror = () => failed(new Error(`WebSocket to ${flood.url} failed`));
    socket.onclose = (event) => failed(new Error(`WebSocket closed (${event.code} ${event.reason})`));
    const timer = setTimeout(() => failed(new Error(`no flood within ${flood.timeoutMs} ms`)), flood.timeoutMs);
    try {
      await Promise.race([new Promise((resolve) => (socket.onopen = resolve)), failure]);
      send(RESIZE, JSON.stringify({ Width: flood.cols, Height: flood.rows }));
      send(STDIN, 'echo ready-$((40+2))\r');
      await Promise.race([answered, failure]);
      counting = true;
      const started = performance.now();
      send(STDIN, flood.command + '\r');
      await Promise.race([floodParsed, failure]);
      return performance.now() - started;
    } finally {
      clearTimeout(timer);
      socket.onclose = null;
      socket.onerror = null;
      socket.onmessage = null;
      socket.close();
      close();
    }
  }

  const peers: TerminalPeers = { bare, direct };
  (globalThis as unknown as Record<string, TerminalPeers>)[globalName] = peers;
}
