// A page driven over the DevTools protocol directly, with nothing but Runtime and Input enabled:
// what a browser benchmark measures with once Playwright has let go of the page.
//
// Why: Playwright enables the Network domain on the page and on every worker it sees, so Chromium
// copies each WebSocket frame the page (or its socket worker) receives into a DevTools event,
// binary frames base64-encoded, and Playwright's process parses them. Measured here (headless
// Chromium, a worker receiving 20 MiB in 64 KiB frames and posting them to its page): 0.7–1.1 s
// with Playwright attached, 0.17–0.20 s with only this client attached. Neither Electron's IPC nor
// a user's browser pays that, and the kubectl peer, whose bytes never enter the page, never did.
import WebSocket from 'ws';

interface CdpReply {
  readonly id?: number;
  readonly method?: string;
  readonly sessionId?: string;
  readonly params?: Record<string, unknown>;
  readonly result?: Record<string, unknown>;
  readonly error?: { readonly message: string };
}

interface RemoteObject {
  readonly value?: unknown;
  readonly description?: string;
}

/** A function the page runs: serialised by its source text, so it may use nothing from outside its own body. */
export type PageFunction<A, R> = (argument: A) => R | Promise<R>;

export class CdpPage {
  /** Uncaught exceptions and console errors of the page since this client attached, in order. */
  readonly errors: string[] = [];
  readonly #socket: WebSocket;
  readonly #pending = new Map<number, { resolve: (reply: CdpReply) => void; reject: (error: Error) => void }>();
  readonly #listeners = new Map<string, Set<(params: Record<string, unknown>) => void>>();
  #nextId = 0;
  /** The page's session on the browser connection; undefined until attached (browser-level calls). */
  #sessionId: string | undefined;

  private constructor(socket: WebSocket) {
    this.#socket = socket;
    socket.on('message', (data) => this.#receive(data.toString()));
    socket.on('close', () => this.#failAll(new Error('the DevTools connection closed')));
  }

  /** Attaches to the page target whose URL starts with `urlPrefix`, through the browser's DevTools endpoint. */
  static async attach(browserEndpoint: string, urlPrefix: string): Promise<CdpPage> {
    const socket = new WebSocket(browserEndpoint, { perMessageDeflate: false, maxPayload: 256 * 1024 * 1024 });
    await new Promise<void>((resolve, reject) => {
      socket.once('open', resolve);
      socket.once('error', reject);
    });
    const page = new CdpPage(socket);
    try {
      const { targetInfos } = (await page.#send('Target.getTargets', {})) as { targetInfos: Array<{ targetId: string; type: string; url: string }> };
      const target = targetInfos.find((info) => info.type === 'page' && info.url.startsWith(urlPrefix));
      if (target === undefined) throw new Error(`no page at ${urlPrefix} among ${targetInfos.map((info) => info.url).join(', ')}`);
      const { sessionId } = (await page.#send('Target.attachToTarget', { targetId: target.targetId, flatten: true })) as { sessionId: string };
      page.#sessionId = sessionId;
      await page.#send('Runtime.enable', {});
      return page;
    } catch (error) {
      socket.close();
      throw error;
    }
  }

  /** Runs `fn(argument)` in the page and answers its (awaited) result; both must be JSON. */
  async evaluate<A, R>(fn: PageFunction<A, R>, argument?: A): Promise<R> {
    const expression = `(${fn.toString()})(${argument === undefined ? '' : JSON.stringify(argument)})`;
    const reply = (await this.#send('Runtime.evaluate', { expression, awaitPromise: true, returnByValue: true })) as {
      result: RemoteObject;
      exceptionDetails?: { text: string; exception?: RemoteObject };
    };
    if (reply.exceptionDetails !== undefined) {
      throw new Error(`the page threw: ${reply.exceptionDetails.exception?.description ?? reply.exceptionDetails.text}`);
    }
    return reply.result.value as R;
  }

  /** Any other DevTools command on the page's session (Performance, HeapProfiler, …); its result. */
  async command<R>(method: string, params: Record<string, unknown> = {}): Promise<R> {
    return (await this.#send(method, params)) as R;
  }

  /** Calls `listener` with each `method` event of the page's session (after the domain was enabled); returns the unsubscribe. */
  on(method: string, listener: (params: Record<string, unknown>) => void): () => void {
    const listeners = this.#listeners.get(method) ?? new Set();
    listeners.add(listener);
    this.#listeners.set(method, listeners);
    return () => listeners.delete(listener);
  }

  /**
   * Gives the page a viewport of this size for as long as this client is attached (an override is
   * its session's: Playwright's own would end with Playwright's connection).
   */
  async setViewport(width: number, height: number): Promise<void> {
    await this.#send('Emulation.setDeviceMetricsOverride', { width, height, deviceScaleFactor: 1, mobile: false });
  }

  /** Types `text` a character at a time, a key down and up each, into whatever has the focus (as Playwright's keyboard.type does). */
  async type(text: string): Promise<void> {
    for (const character of text) {
      const key = { key: character, ...keyCodesOf(character) };
      await this.#send('Input.dispatchKeyEvent', { type: 'keyDown', ...key, text: character, unmodifiedText: character });
      await this.#send('Input.dispatchKeyEvent', { type: 'keyUp', ...key });
    }
  }

  /** Presses Enter in whatever has the focus. */
  async pressEnter(): Promise<void> {
    const enter = { key: 'Enter', code: 'Enter', windowsVirtualKeyCode: 13, nativeVirtualKeyCode: 13 };
    await this.#send('Input.dispatchKeyEvent', { type: 'keyDown', ...enter, text: '\r', unmodifiedText: '\r' });
    await this.#send('Input.dispatchKeyEvent', { type: 'keyUp', ...enter });
  }

  close(): void {
    this.#socket.close();
  }

  #send(method: string, params: Record<string, unknown>): Promise<Record<string, unknown>> {
    const id = ++this.#nextId;
    const sessionId = this.#sessionId;
    return new Promise((resolve, reject) => {
      this.#pending.set(id, {
        resolve: (reply) => (reply.error === undefined ? resolve(reply.result ?? {}) : reject(new Error(`${method}: ${reply.error.message}`))),
        reject,
      });
      this.#socket.send(JSON.stringify(sessionId === undefined ? { id, method, params } : { id, method, params, sessionId }));
    });
  }

  #receive(text: string): void {
    const message = JSON.parse(text) as CdpReply;
    if (message.id !== undefined) {
      const waiter = this.#pending.get(message.id);
      this.#pending.delete(message.id);
      waiter?.resolve(message);
      return;
    }
    if (message.sessionId === undefined || message.sessionId !== this.#sessionId) return;
    for (const listener of this.#listeners.get(message.method ?? '') ?? []) listener(message.params ?? {});
    if (message.method === 'Runtime.exceptionThrown') {
      const details = message.params?.['exceptionDetails'] as { text: string; exception?: RemoteObject } | undefined;
      this.errors.push(`uncaught: ${details?.exception?.description ?? details?.text ?? 'an exception'}`);
    } else if (message.method === 'Runtime.consoleAPICalled' && message.params?.['type'] === 'error') {
      const args = (message.params['args'] as RemoteObject[] | undefined) ?? [];
      this.errors.push(`console: ${args.map((arg) => String(arg.value ?? arg.description ?? '')).join(' ')}`);
    }
  }

  #failAll(error: Error): void {
    for (const waiter of this.#pending.values()) waiter.reject(error);
    this.#pending.clear();
  }
}

/**
 * The codes a US keyboard gives a letter, digit or space, as Playwright's keyboard sends them. Without
 * them a key arrives with keyCode 0, which xterm does not take on keydown: the browser then inserts
 * the character into xterm's hidden textarea, and that insertion forces a layout of the whole page,
 * 10-17 ms per key with ten terminals on screen (a trace of bench/broadcast-latency.ts), a path a
 * real keyboard's keys never take. Other characters go without codes, through that insertion.
 */
function keyCodesOf(character: string): { code?: string; windowsVirtualKeyCode?: number; nativeVirtualKeyCode?: number } {
  const upper = character.toUpperCase();
  const code = /^[A-Z]$/.test(upper) ? `Key${upper}` : /^[0-9]$/.test(character) ? `Digit${character}` : character === ' ' ? 'Space' : null;
  if (code === null) return {};
  const virtualKey = upper.charCodeAt(0);
  return { code, windowsVirtualKeyCode: virtualKey, nativeVirtualKeyCode: virtualKey };
}
