// The page side of the broadcast benchmark: run inside the app's page (Playwright serialises
// `installPaneEchoProbe` and evaluates it there, so it may use nothing from outside its own body).
// It times keystroke to echo on every terminal pane of the shown tab: from the keydown reaching the
// page (a capture listener on window, before xterm sees it) to the moment that pane's rows in the
// DOM change (xterm's DOM renderer rewrites a row when the echo is drawn; attribute-only changes,
// such as the cursor's blink or focus, are not text and are ignored).

export interface PaneEchoProbe {
  /** Starts watching the shown tab's panes; returns how many there are. */
  watch(): number;
  /** Expects the next keydown; a later collect() answers with each pane's echo time. */
  arm(): void;
  /** Milliseconds from the armed keydown to each pane's first text change after it. */
  collect(timeoutMs: number): Promise<number[]>;
  stop(): void;
}

export const PROBE_GLOBAL = 'portholePaneEchoProbe';

export function installPaneEchoProbe(globalName: string): void {
  let rows: HTMLElement[] = [];
  let observers: MutationObserver[] = [];
  let lastText: string[] = [];
  let keyAt: number | undefined;
  let armed = false;
  let echoes: (number | undefined)[] = [];
  let onEcho: () => void = () => undefined;

  const onKeydown = (): void => {
    if (!armed) return;
    armed = false;
    keyAt = performance.now();
  };

  const probe: PaneEchoProbe = {
    watch() {
      probe.stop();
      // Each pane of the shown tab is a tabpanel of its own (a tab of one pane: the tab's panel).
      rows = [...document.querySelectorAll<HTMLElement>('[role="tabpanel"]:not([hidden]) .xterm-rows')];
      lastText = rows.map((element) => element.textContent ?? '');
      observers = rows.map((element, index) => {
        const observer = new MutationObserver(() => {
          const text = element.textContent ?? '';
          if (text === lastText[index]) return;
          lastText[index] = text;
          if (keyAt === undefined || echoes[index] !== undefined) return;
          echoes[index] = performance.now() - keyAt;
          onEcho();
        });
        observer.observe(element, { childList: true, characterData: true, subtree: true });
        return observer;
      });
      window.addEventListener('keydown', onKeydown, true);
      return rows.length;
    },
    arm() {
      armed = true;
      keyAt = undefined;
      echoes = rows.map(() => undefined);
    },
    collect(timeoutMs) {
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => {
          onEcho = () => undefined;
          const missing = echoes.flatMap((echo, index) => (echo === undefined ? [index + 1] : []));
          reject(new Error(`no echo within ${timeoutMs} ms on pane${missing.length > 1 ? 's' : ''} ${missing.join(', ')} of ${rows.length}${keyAt === undefined ? ' (the keydown never reached the page)' : ''}`));
        }, timeoutMs);
        onEcho = () => {
          if (echoes.some((echo) => echo === undefined)) return;
          clearTimeout(timer);
          onEcho = () => undefined;
          keyAt = undefined;
          resolve(echoes as number[]);
        };
        onEcho();
      });
    },
    stop() {
      for (const observer of observers) observer.disconnect();
      observers = [];
      window.removeEventListener('keydown', onKeydown, true);
    },
  };
  (globalThis as unknown as Record<string, PaneEchoProbe>)[globalName] = probe;
}
