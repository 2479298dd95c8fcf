// Into the terminal: a printable flood from a shell in the pod, through the real core, the web host
// and the app's own terminal (flow control on: the renderer acknowledges what xterm has parsed),
// beside the renderer's own limit: the same number of bytes written straight into a bare xterm
// Terminal in the same page.
//
// Why the comparison is fair:
// - Same drawing work: the bare Terminal is the xterm build the app bundles, in the same page, at the
//   app terminal's pixel size, grid, font and scrollback, with the same renderer (WebGL when the app
//   got it), and focused as the app's terminal is while the user types (xterm then draws the cursor
//   and moves its textarea with it). Its colours are xterm's defaults: one glyph in one colour pair
//   either way. What it lacks is the app's add-ons (unicode 11 widths, search, links, fit): their
//   cost is the app's to pay.
// - Same end point: both are timed until xterm has parsed the last byte of the flood. The bare side
//   times to the last write's callback. The app's side times to the renderer's acknowledgement that
//   covers the flood: the acknowledger flushes as soon as xterm has parsed all it was handed, so
//   that acknowledgement is not held back by batching; its one trip to main is well under a frame.
// - The app's side also pays what it must: the command's start in the pod, the API server, the core,
//   the bridge, and flow control's round trips. The bare side has all its bytes in memory at once,
//   so it shows the most xterm can draw here; it is written in 64 KiB chunks, the size of the
//   bridge's largest output message.
// - One cost is the harness's, not the app's: Playwright's DevTools session reports every WebSocket
//   frame with its payload (Network domain), so Chromium's browser process and this process copy the
//   whole flood once more; a user's browser does not. It shows in the finding's CPU shares.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { PortholeCore } from '../main/core/core.ts';
import type { SessionId } from '../shared/bridge/sessions.ts';
import { activePanel, openShell, sessionIdOf, typeInTerminal } from '../test/e2e/harness.ts';
import { requireBrowser, withBrowserApp } from './browser-app.ts';
import { BenchSetupError, type BenchContext } from './context.ts';
import { cpuByProcess } from './process-cpu.ts';
import { clusterPids } from './profile.ts';
import { measure, sideBySide, type BenchResult } from './results.ts';
import { OUTBOX_BATCHING } from '../shared/flow/flow-budget.ts';
import { DEFAULT_SETTINGS } from '../renderer/src/app/settings.ts';

export interface TerminalThroughputSizes {
  readonly bytes: number;
}

const requireFromHere = createRequire(import.meta.url);
/** The bare terminal is written in chunks of this size: what one bridge output message carries at most. */
const BARE_CHUNK_BYTES = OUTBOX_BATCHING.maxBatchBytes;
/** A ceiling, not a speed requirement: a stalled pipeline fails with a message instead of hanging. */
const FLOOD_TIMEOUT_MS = 600_000;

/** Resolves once the renderer has acknowledged `bytes` more of a session's output than now. */
interface AckWatch {
  until(id: SessionId, bytes: number): Promise<void>;
}

function watchAcknowledgements(core: { acknowledge(id: SessionId, amount: number): void }): AckWatch {
  const acked = new Map<SessionId, number>();
  const waiters: Array<{ id: SessionId; total: number; resolve: () => void }> = [];
  const original = core.acknowledge.bind(core);
  // Every acknowledgement the web host forwards is the renderer saying "xterm parsed this much".
  core.acknowledge = (id, amount) => {
    const total = (acked.get(id) ?? 0) + amount;
    acked.set(id, total);
    for (let i = waiters.length - 1; i >= 0; i--) {
      const waiter = waiters[i];
      if (waiter !== undefined && waiter.id === id && total >= waiter.total) {
        waiters.splice(i, 1);
        waiter.resolve();
      }
    }
    original(id, amount);
  };
  return {
    until: (id, bytes) => new Promise((resolve) => waiters.push({ id, total: (acked.get(id) ?? 0) + bytes, resolve })),
  };
}

const MARKER = 'flood-42';

/** Resolves when the session's output carries the marker (the shell's echo reads flood-$((40+2))). */
function outputMarker(core: PortholeCore, id: SessionId): Promise<void> {
  const decoder = new TextDecoder();
  let tail = '';
  return new Promise((resolve) => {
    const stop = core.onSessionEvent((event) => {
      if (event.kind !== 'output' || event.id !== id) return;
      const text = tail + decoder.decode(event.bytes, { stream: true });
      if (text.includes(MARKER)) {
        stop();
        resolve();
      }
      tail = text.slice(-MARKER.length);
    });
  });
}

export async function terminalThroughput(context: BenchContext, sizes: TerminalThroughputSizes): Promise<BenchResult[]> {
  requireBrowser();
  const settings = DEFAULT_SETTINGS;
  return withBrowserApp(context.cluster, async (app) => {
    const acks = watchAcknowledgements(app.core);
    const { page } = app;
    const single = context.cluster.pods.single;
    const shell = await sessionIdOf(await openShell(page, context.cluster.contexts.admin, single.namespace, single.name));
    const pane = activePanel(page);
    const renderer = (await pane.locator('section.terminal-pane').getAttribute('data-renderer')) ?? 'dom';
    const box = await pane.locator('.xterm').boundingBox();
    const grid = (await pane.getByLabel('Terminal size').textContent())?.trim().split('×').map(Number) ?? [];
    const [cols, rows] = grid;
    if (box === null || cols === undefined || rows === undefined) throw new BenchSetupError('the shell tab shows no terminal');

    // The same xterm build the app bundles (node_modules), loaded as its UMD script; evaluated
    // through the DevTools protocol, which the page's Content-Security-Policy does not govern.
    await page.evaluate(readFileSync(requireFromHere.resolve('@xterm/xterm/lib/xterm.js'), 'utf8') + ';void 0');
    if (renderer === 'webgl') await page.evaluate(readFileSync(requireFromHere.resolve('@xterm/addon-webgl/lib/addon-webgl.js'), 'utf8') + ';void 0');

    const porthole = async (): Promise<number> => {
      // Types the command, then times from Enter until xterm has parsed the flood's bytes.
      await typeInTerminal(page, `head -c ${sizes.bytes} /dev/zero | tr '\\0' a; echo; echo flood-$((40+2))`);
      const parsed = acks.until(shell, sizes.bytes);
      const ended = outputMarker(app.core, shell);
      const started = performance.now();
      await page.keyboard.press('Enter');
      let timer: ReturnType<typeof setTimeout> | undefined;
      const late = new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`the flood did not reach xterm within ${FLOOD_TIMEOUT_MS / 1000} s`)), FLOOD_TIMEOUT_MS);
      });
      await Promise.race([parsed, late]).finally(() => clearTimeout(timer));
      const seconds = (performance.now() - started) / 1000;
      context.progress(`terminal throughput: Porthole ${(sizes.bytes / 1048576 / seconds).toFixed(2)} MiB/s`);
      // The command has ended before the next round types.
      await ended;
      return sizes.bytes / (1024 * 1024) / seconds;
    };
    const bare = async (): Promise<number> => {
      const ms = await page.evaluate(
        async ({ bytes, chunk, width, height, cols, rows, webgl, settings }) => {
          type Constructor = new (...args: unknown[]) => unknown;
          // xterm's UMD script puts its exports on globalThis (Terminal); the addon's puts its
          // module there (WebglAddon.WebglAddon).
          const globals = globalThis as unknown as { Terminal?: Constructor; WebglAddon?: { WebglAddon?: Constructor } };
          const TerminalClass = globals.Terminal;
          if (TerminalClass === undefined) throw new Error('xterm did not load');
          const host = document.createElement('div');
          host.style.cssText = `position:fixed;left:0;top:0;width:${width}px;height:${height}px;z-index:100000;background:#000`;
          document.body.append(host);
          const term = new TerminalClass({ cols, rows, scrollback: settings.scrollback, fontFamily: settings.fontFamily, fontSize: settings.fontSize, cursorBlink: false }) as {
            open(element: HTMLElement): void;
            loadAddon(addon: unknown): void;
            focus(): void;
            write(data: Uint8Array, callback?: () => void): void;
            dispose(): void;
          };
          term.open(host);
          term.focus();
          const Webgl = globals.WebglAddon?.WebglAddon;
          if (webgl) {
            if (Webgl === undefined) throw new Error('the WebGL addon did not load');
            term.loadAddon(new Webgl());
          }
          const data = new Uint8Array(chunk).fill(0x61);
          const started = performance.now();
          await new Promise<void>((resolve) => {
            for (let sent = 0; sent < bytes; sent += chunk) {
              const part = bytes - sent >= chunk ? data : data.subarray(0, bytes - sent);
              term.write(part, sent + chunk >= bytes ? resolve : undefined);
            }
          });
          const elapsed = performance.now() - started;
          term.dispose();
          host.remove();
          return elapsed;
        },
        { bytes: sizes.bytes, chunk: BARE_CHUNK_BYTES, width: box.width, height: box.height, cols, rows, webgl: renderer === 'webgl', settings },
      );
      context.progress(`terminal throughput: bare xterm ${(sizes.bytes / 1048576 / (ms / 1000)).toFixed(2)} MiB/s`);
      return sizes.bytes / (1024 * 1024) / (ms / 1000);
    };
    const samples = await sideBySide(context.repetitions, { porthole, bare });
    const portholeMeasure = measure(`Porthole app in Chromium (web host, real core, flow control; ${renderer} renderer)`, samples.porthole);
    const bareMeasure = measure(`bare @xterm/xterm Terminal in the same page (${renderer} renderer)`, samples.bare);
    const mib = (sizes.bytes / (1024 * 1024)).toFixed(sizes.bytes >= 1024 * 1024 ? 0 : 2);
    const met = portholeMeasure.median >= 0.9 * bareMeasure.median;
    // Where the time goes when it is missed: the page shares the machine with every stage that feeds it.
    const finding = met ? undefined : `One more Porthole round ${await cpuByProcess(async () => void (await porthole()), clusterPids(context.cluster))}`;
    return [
      {
        benchmark: 'Into the terminal',
        case: `${mib} MiB of 'a' from a shell in the pod into xterm (${cols}×${rows})`,
        unit: 'MiB/s',
        higherIsBetter: true,
        porthole: portholeMeasure,
        peer: bareMeasure,
        target: { text: '>= 0.9 of the bare xterm', met },
        ...(finding === undefined ? {} : { finding }),
        command: `shell tab: head -c ${sizes.bytes} /dev/zero | tr '\\0' a, timed from Enter until the renderer acknowledged ${sizes.bytes} bytes vs term.write() of ${sizes.bytes} bytes in ${BARE_CHUNK_BYTES}-byte chunks, timed to the last write callback`,
      },
    ];
  });
}
