// Into the terminal: a printable flood from a shell in the pod, through the real core, the web host
// and the app's own terminal (flow control on: the renderer acknowledges what xterm has parsed),
// beside three peers in the same page and run, each round measuring all four in turn:
// - the bare xterm: the same number of bytes written from memory into a bare xterm Terminal: the
//   most xterm can draw here, on an otherwise idle machine;
// - the bare xterm while the cluster is equally busy: the same, while the same flood runs in the
//   same pod through `kubectl exec -it` (bench/kubectl-shell.ts); timed until both are done, so it
//   is bounded by the slower of drawing and delivering, as Porthole is, with both competing for the
//   machine as Porthole's stages do;
// - the browser-direct terminal (Headlamp's design): a WebSocket from the page to the API server's
//   exec endpoint through a loopback proxy (bench/direct-websocket-proxy.ts), frames decoded in the
//   page and written into xterm as they come: no main process, no flow control
//   (bench/terminal-peers-page.ts).
//
// Why the comparison is fair:
// - Same drawing work: every peer's Terminal is the xterm build the app bundles, in the same page, at
//   the app terminal's pixel size, grid, font and scrollback, with the same renderer (WebGL when the
//   app got it), and focused as the app's terminal is while the user types (xterm then draws the
//   cursor and moves its textarea with it). Its colours are xterm's defaults: one glyph in one colour
//   pair either way. What it lacks is the app's add-ons (unicode 11 widths, search, links, fit):
//   their cost is the app's to pay.
// - Same command and end point: Porthole, kubectl and the direct terminal each type the same flood
//   into an open tty shell in the same pod and are timed from Enter until that many output bytes
//   were handled: parsed by xterm (Porthole: the renderer's acknowledgement that covers them, which
//   the acknowledger flushes as soon as xterm has parsed all it was handed; direct: the write
//   callback), read and dropped (kubectl). The bare side is timed to its last write's callback.
// - The bare side has all its bytes in memory at once; it is written in 64 KiB chunks, the size of
//   the bridge's largest output message.
// - No harness cost on the page's WebSockets: Playwright's DevTools session reports every WebSocket
//   frame with its payload, which neither Electron nor a user's browser pays and which hit Porthole
//   and the direct terminal but not the kubectl peer. Playwright opens the app and the shell tab,
//   then lets go; the rounds type and evaluate through a CdpPage (bench/cdp-page.ts), Runtime and
//   Input only, for every peer alike.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { PortholeCore } from '../main/core/core.ts';
import type { SessionId } from '../shared/bridge/sessions.ts';
import { activePanel, openShell, treeRow, waitFor } from '../test/e2e/harness.ts';
import { requireBrowser, withDetachableBrowserApp } from './browser-app.ts';
import { BenchSetupError, firstContainer, type BenchContext } from './context.ts';
import { startExecProxy, targetOfKubeconfig } from './direct-websocket-proxy.ts';
import { KubectlShell } from './kubectl-shell.ts';
import { cpuByProcess } from './process-cpu.ts';
import { clusterPids } from './profile.ts';
import { measure, median, percentile, sideBySide, type BenchResult, type Measure } from './results.ts';
import { installTerminalPeers, PEERS_GLOBAL, type BareFlood, type DirectFlood, type PeerTerminalOptions, type TerminalPeers } from './terminal-peers-page.ts';
import { OUTBOX_BATCHING, SESSION_WATERMARKS } from '../shared/flow/flow-budget.ts';
import { DEFAULT_SETTINGS } from '../renderer/src/app/settings.ts';

export interface TerminalThroughputSizes {
  readonly bytes: number;
}

const requireFromHere = createRequire(import.meta.url);
/** The bare terminal is written in chunks of this size: what one bridge output message carries at most. */
const BARE_CHUNK_BYTES = OUTBOX_BATCHING.maxBatchBytes;
/** A ceiling, not a speed requirement: a stalled pipeline fails with a message instead of hanging. */
const FLOOD_TIMEOUT_MS = 120_000;

/** Resolves once the renderer has acknowledged `bytes` more of a session's output than now. */
interface AckWatch {
  until(id: SessionId, bytes: number): Promise<void>;
  /** Bytes of the session's output the renderer has acknowledged so far. */
  total(id: SessionId): number;
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
    total: (id) => acked.get(id) ?? 0,
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

/** Main's id of the one shell `open` starts (a tab's id in the page is the workspace's own). */
async function newExecSession(core: PortholeCore, open: () => Promise<unknown>): Promise<SessionId> {
  const shells = (): SessionId[] => core.listSessions().filter((session) => session.kind === 'exec').map((session) => session.id);
  const before = new Set(shells());
  await open();
  const added = shells().filter((id) => !before.has(id));
  const [id] = added;
  if (id === undefined || added.length > 1) throw new BenchSetupError(`opening a shell started ${added.length} exec sessions, not one`);
  return id;
}

/** How often the finding samples the session's unacknowledged output. */
const OUTSTANDING_SAMPLE_MS = 10;

/**
 * Runs `body` while sampling `outstanding()` (output the core read that the renderer has not yet
 * acknowledged); returns the share of samples above the high watermark, where main stops reading
 * the pod: high when the page is the narrow stage, low when the bytes are slow to arrive.
 */
async function pausedShare(outstanding: () => number, body: () => Promise<void>): Promise<string> {
  const samples: number[] = [];
  const timer = setInterval(() => samples.push(outstanding()), OUTSTANDING_SAMPLE_MS);
  try {
    await body();
  } finally {
    clearInterval(timer);
  }
  if (samples.length === 0) return 'the round was too short to sample main\'s unacknowledged output';
  const above = samples.filter((bytes) => bytes > SESSION_WATERMARKS.high).length;
  const kib = (bytes: number): string => (bytes / 1024).toFixed(0);
  return (
    `main held more than the high watermark (${kib(SESSION_WATERMARKS.high)} KiB unacknowledged: it stops reading the pod) in ` +
    `${((100 * above) / samples.length).toFixed(0)}% of ${samples.length} samples (every ${OUTSTANDING_SAMPLE_MS} ms); ` +
    `unacknowledged output p50 ${kib(percentile(samples, 50))} KiB, max ${kib(Math.max(...samples))} KiB`
  );
}

function withTimeout<T>(promise: Promise<T>, what: string): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} within ${FLOOD_TIMEOUT_MS / 1000} s`)), FLOOD_TIMEOUT_MS);
  });
  return Promise.race([promise, late]).finally(() => clearTimeout(timer));
}

export async function terminalThroughput(context: BenchContext, sizes: TerminalThroughputSizes): Promise<BenchResult[]> {
  requireBrowser();
  const { cluster } = context;
  const single = cluster.pods.single;
  const proxy = await startExecProxy(await targetOfKubeconfig(cluster.kubeconfigPath, cluster.contexts.admin));
  try {
    return await withDetachableBrowserApp(cluster, async (app, detachable) => {
      const { page } = app;
      // The page's Content-Security-Policy lets it connect to its own host only; the direct
      // terminal needs the proxy's port, as Headlamp's page may reach its own backend.
      // Reloaded once the app is connected: the first load's one-time token is spent by then, and
      // the page keeps the session that replaced it.
      await waitFor('the app connected', () => treeRow(page, cluster.contexts.admin).isVisible(), Boolean);
      const devtools = await page.context().newCDPSession(page);
      await devtools.send('Page.setBypassCSP', { enabled: true });
      await page.reload();
      const acks = watchAcknowledgements(app.core);
      const shell = await newExecSession(app.core, () => openShell(page, cluster.contexts.admin, single.namespace, single.name));
      const pane = activePanel(page);
      const renderer = (await pane.locator('section.terminal-pane').getAttribute('data-renderer')) ?? 'dom';
      const box = await pane.locator('.xterm').boundingBox();
      const grid = (await pane.getByLabel('Terminal size').textContent())?.trim().split('×').map(Number) ?? [];
      const [cols, rows] = grid;
      if (box === null || cols === undefined || rows === undefined) throw new BenchSetupError('the shell tab shows no terminal');
      context.progress(`terminal throughput: a ${cols}×${rows} shell is open (${renderer} renderer)`);
      const flood = `head -c ${sizes.bytes} /dev/zero | tr '\\0' a; echo; echo flood-$((40+2))`;

      // The same xterm build the app bundles (node_modules), loaded as its UMD script; evaluated
      // through the DevTools protocol, which the page's Content-Security-Policy does not govern.
      await page.evaluate(readFileSync(requireFromHere.resolve('@xterm/xterm/lib/xterm.js'), 'utf8') + ';void 0');
      if (renderer === 'webgl') await page.evaluate(readFileSync(requireFromHere.resolve('@xterm/addon-webgl/lib/addon-webgl.js'), 'utf8') + ';void 0');
      await page.evaluate(installTerminalPeers, PEERS_GLOBAL);
      const settings = DEFAULT_SETTINGS;
      const terminal: PeerTerminalOptions = {
        width: box.width,
        height: box.height,
        cols,
        rows,
        webgl: renderer === 'webgl',
        scrollback: settings.scrollback,
        fontFamily: settings.fontFamily,
        fontSize: settings.fontSize,
      };
      const bareFlood: BareFlood = { ...terminal, bytes: sizes.bytes, chunk: BARE_CHUNK_BYTES };
      // Set up; from here on only the CdpPage drives the page (bench/cdp-page.ts says why).
      await detachable.detach();
      const { cdp } = detachable;
      const bareMs = (): Promise<number> =>
        cdp.evaluate(({ name, flood }) => (globalThis as unknown as Record<string, TerminalPeers>)[name]!.bare(flood), { name: PEERS_GLOBAL, flood: bareFlood });
      const query = new URLSearchParams([['container', firstContainer(single)], ['command', 'sh'], ['stdin', 'true'], ['stdout', 'true'], ['tty', 'true']]);
      const directFlood: DirectFlood = {
        ...terminal,
        url: `${proxy.url}/api/v1/namespaces/${single.namespace}/pods/${single.name}/exec?${query.toString()}`,
        command: flood,
        bytes: sizes.bytes,
        timeoutMs: FLOOD_TIMEOUT_MS,
      };
      const mibPerS = (ms: number): number => sizes.bytes / (1024 * 1024) / (ms / 1000);
      const report = (who: string, rate: number): number => {
        context.progress(`terminal throughput: ${who} ${rate.toFixed(2)} MiB/s`);
        return rate;
      };

      const porthole = async (): Promise<number> => {
        // Types the command, then times from Enter until xterm has parsed the flood's bytes.
        await cdp.evaluate(() => {
          const input = document.querySelector<HTMLTextAreaElement>('[data-pane][data-focused="true"]:not([hidden]) .xterm-helper-textarea');
          if (input === null) throw new Error("no focused pane's terminal input");
          input.focus();
        }, null);
        await cdp.type(flood);
        const parsed = acks.until(shell, sizes.bytes);
        const ended = outputMarker(app.core, shell);
        const started = performance.now();
        await cdp.pressEnter();
        await withTimeout(parsed, 'the flood did not reach xterm');
        const rate = report('Porthole', mibPerS(performance.now() - started));
        // The command has ended before the next round types.
        await withTimeout(ended, `no "${MARKER}" after the flood`);
        return rate;
      };
      const bare = async (): Promise<number> => report('bare xterm', mibPerS(await bareMs()));
      const bareWhileBusy = async (): Promise<number> => {
        const kubectl = await KubectlShell.open(context);
        try {
          const started = performance.now();
          await Promise.all([bareMs(), kubectl.flood(flood, sizes.bytes, FLOOD_TIMEOUT_MS)]);
          return report('bare xterm while kubectl exec floods', mibPerS(performance.now() - started));
        } finally {
          kubectl.close();
        }
      };
      const direct = async (): Promise<number> =>
        report('browser-direct WebSocket terminal', mibPerS(await cdp.evaluate(({ name, flood }) => (globalThis as unknown as Record<string, TerminalPeers>)[name]!.direct(flood), { name: PEERS_GLOBAL, flood: directFlood })));

      const samples = await sideBySide(context.repetitions, { porthole, bare, bareWhileBusy, direct });
      const portholeMeasure = measure(`Porthole app in Chromium (web host, real core, flow control; ${renderer} renderer)`, samples.porthole);
      const mib = (sizes.bytes / (1024 * 1024)).toFixed(sizes.bytes >= 1024 * 1024 ? 0 : 2);
      const peers: ReadonlyArray<{ peer: Measure; command: string; target?: number }> = [
        {
          peer: measure(`bare @xterm/xterm Terminal in the same page (${renderer} renderer), from memory`, samples.bare),
          command: `term.write() of ${sizes.bytes} bytes in ${BARE_CHUNK_BYTES}-byte chunks, timed to the last write callback`,
        },
        {
          peer: measure(`the same bare Terminal while the same flood runs through kubectl exec -it (${renderer} renderer)`, samples.bareWhileBusy),
          command: `the bare writes beside script -qfc "kubectl exec -it -n ${single.namespace} ${single.name} -- sh" typing the same command (its output read and dropped), timed from Enter until both were done`,
          target: 0.9,
        },
        {
          peer: measure(`browser-direct WebSocket terminal (Headlamp's design: page to API server through a loopback proxy, no flow control; ${renderer} renderer)`, samples.direct),
          command: `new WebSocket(proxy/api/v1/.../exec?command=sh&tty=true, v5.channel.k8s.io) typing the same command, stdout frames written into a bare Terminal, timed from Enter to the write callback covering ${sizes.bytes} bytes`,
          target: 1,
        },
      ];
      const missed = peers.some(({ peer, target }) => target !== undefined && portholeMeasure.median < target * peer.median);
      // Where the time goes when a target is missed: the page shares the machine with every stage that feeds it.
      let flowControl = '';
      // What only the kubectl peer is spared: its bytes never cross the browser's WebSocket into the
      // page, which the direct terminal (no main process, no flow control) pays as Porthole does.
      const directOfBusy = median(samples.direct.samples) / median(samples.bareWhileBusy.samples);
      const finding = missed
        ? `The browser-direct terminal reached ${directOfBusy.toFixed(2)} of the bare xterm beside kubectl, Porthole ` +
          `${(portholeMeasure.median / median(samples.bareWhileBusy.samples)).toFixed(2)}: the flood's way through a browser WebSocket into the page ` +
          `costs what the kubectl peer never pays. One more Porthole round ${await cpuByProcess(async () => {
            flowControl = await pausedShare(() => app.outputBytes(shell) - acks.total(shell), async () => void (await porthole()));
          }, clusterPids(cluster))}; meanwhile ${flowControl}`
        : undefined;
      return peers.map(({ peer, command, target }) => {
        const met = target === undefined ? undefined : portholeMeasure.median >= target * peer.median;
        return {
          benchmark: 'Into the terminal',
          case: `${mib} MiB of 'a' from a shell in the pod into xterm (${cols}×${rows})`,
          unit: 'MiB/s',
          higherIsBetter: true,
          porthole: portholeMeasure,
          peer,
          ...(target === undefined || met === undefined ? {} : { target: { text: `>= ${target.toFixed(1)} of this peer`, met } }),
          ...(met === false && finding !== undefined ? { finding } : {}),
          command: `shell tab: ${flood}, timed from Enter until the renderer acknowledged ${sizes.bytes} bytes vs ${command}`,
        };
      });
    });
  } finally {
    await proxy.close();
  }
}
