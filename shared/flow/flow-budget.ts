// Every number that paces output from a pod to a window, in one place, with the rules that tie
// them together (FLOW_RULES, checked by test/unit/shared/flow/flow-budget.test.ts). Change one and
// the test names the rule it breaks.
//
// Units: a session's output is counted in bytes for a terminal and in the bytes weight of log lines
// for a log view (shared/bridge/output-amount.ts); the same count is acknowledged.
import { LIMITS } from '../bridge/call-schemas.ts';

export interface Watermarks {
  /** Pause when more than this many units are outstanding. */
  readonly high: number;
  /** Resume once fewer than this many units are outstanding. */
  readonly low: number;
}

/**
 * A session's unacknowledged output in main (main/core/sessions/flow-control.ts): above `high` it
 * stops reading its socket, below `low` it reads again.
 *
 * Far above VS Code's terminal watermarks (100,000 / 5,000): those suit a local pty, where a resume
 * refills the terminal at once. Here the bytes between main and xterm sit in the bridge, the
 * WebSocket's or MessagePort's buffers and the page's task queue, and a resume costs a round trip
 * through the page's main thread, which a frame can hold for a long time. Profiled in Chromium
 * (bench/terminal-throughput.ts, software WebGL): with 100,000 / 5,000 main was paused over 80% of
 * a flood and xterm had under 64 KiB queued at 75-96% of its frames, parsing 54-87 KiB per frame;
 * with 1 MiB / 512 KiB it had under 64 KiB at 9-28% of its frames and parsed 125-148 KiB per frame.
 * A larger window does not take the page's main thread: xterm parses in slices of about 12 ms
 * whatever is queued (the acknowledger hands it at most TERMINAL_WRITE_BYTES per write). The bound
 * stays what it is for: at most ~1 MiB (plus one message) of unacknowledged output per session in
 * main.
 */
export const SESSION_WATERMARKS: Watermarks = { high: 1024 * 1024, low: 512 * 1024 };

/**
 * A log session's unacknowledged output in main (the weight of its lines, as acknowledged). Four
 * times a terminal's: a log tab acknowledges lines as soon as they are in its buffer, but a batch
 * travels main → the page's socket worker → the page's next task, and the acknowledgement back,
 * behind whatever frame the page is drawing. Measured in Chromium (bench/log-pane-browser.ts,
 * 1,000,000 lines of ~120 bytes, loaded 2-core machine): with 1 MiB / 512 KiB the page's main
 * thread was busy 8 s of the 47 s the log took to show while kubectl read it in 14 s, and main's
 * profile was 65% idle: neither side's work set the pace, the window's round trips did. With 4 MiB /
 * 2 MiB (and the log tab's paced redraw, renderer/src/lib/redraw-pacer.ts) the same log showed in
 * 33 s beside kubectl's 17-21 s in the same rounds, the page's thread busy 5.6 s; with 16 MiB / 8 MiB
 * (one round) in 26 s beside 17 s. Not taken: main would hold up to 16 MiB per stalled log, and the
 * log replay would have to grow to match. Bounded by the log replay (a reloading
 * window must find all it had not acknowledged) and by memory: at most ~4 MiB per log in main.
 */
export const LOG_SESSION_WATERMARKS: Watermarks = { high: 4 * 1024 * 1024, low: 2 * 1024 * 1024 };

/**
 * Bytes a forwarded connection's WebSocket may hold unsent before the local socket is no longer
 * read (main/core/port-forward/forwarded-connection.ts). Generous next to a terminal's: a forwarded
 * port often carries bulk transfers.
 */
export const PORT_FORWARD_WATERMARKS: Watermarks = { high: 1024 * 1024, low: 256 * 1024 };

/**
 * The renderer acknowledges processed output in batches of this many units
 * (renderer/src/lib/acknowledger.ts): acknowledging every write would flood the bridge. VS Code's
 * terminal acknowledges every 5,000 characters.
 */
export const ACK_BATCH = 5000;

export interface LogAcknowledgement {
  /** A log view acknowledges its lines' weight once this much is pending… */
  readonly batchBytes: number;
  /** …and the rest this long after the last lines it took. */
  readonly settleMs: number;
}

/**
 * How a log view acknowledges (renderer/src/components/LogTab.svelte through the Acknowledger). It
 * has always processed all it was handed (it appends each batch as it arrives), so under the
 * terminal's rule it acknowledged every batch main sent: 3,711 acknowledgements for a 1,000,000-line
 * log in bench/log-pane-browser.ts, each a call, its answer, and a postMessage each way between the
 * page and its socket worker; the page's posts alone were 1.3 s of its main thread's 5-6 s. With
 * 256 KiB a step (1/16 of the log high watermark) that is ~600, and main still hears of a flood
 * often enough to resume long before the view runs dry. A quiet log's lines are acknowledged 20 ms
 * after they arrived, and main's count returns to zero.
 */
export const LOG_ACKNOWLEDGEMENT: LogAcknowledgement = { batchBytes: 256 * 1024, settleMs: 20 };

/**
 * xterm parses each write whole before it looks at its time budget (about 12 ms, then it yields to
 * the page), so a large message is handed to it in pieces of at most this size
 * (renderer/src/lib/acknowledger.ts): the page gets its turn as often as with 64 KiB messages,
 * however large main's batches are.
 */
export const TERMINAL_WRITE_BYTES = 64 * 1024;

/**
 * The renderer's writes (keystrokes, pastes) larger than this go out as several bridge calls
 * (shared/bridge/bridge-client.ts), so no single message grows large.
 */
export const BRIDGE_WRITE_CHUNK_BYTES = 64 * 1024;

export interface BatchingOptions {
  /** How long output that follows a send may wait for more (after a quiet spell it leaves at once: session-outbox.ts). */
  readonly delayMs: number;
  /** A session's batch is sent at once when it reaches this many units. */
  readonly maxBatchBytes: number;
}

/**
 * Main coalesces a session's output for a window (main/bridge/session-outbox.ts): a flood of small
 * reads becomes a few large messages instead of thousands. Replayed log lines are grouped into
 * events of about maxBatchBytes too, like live output (main/bridge/session-replay.ts).
 */
export const OUTBOX_BATCHING: BatchingOptions = { delayMs: 5, maxBatchBytes: 64 * 1024 };

export interface ReplayLimits {
  readonly terminalBytes: number;
  readonly logLines: number;
  readonly logBytes: number;
}

/** The recent output main keeps per session for a window that attaches later (main/bridge/session-hub.ts). */
export const REPLAY_LIMITS: ReplayLimits = { terminalBytes: 1024 * 1024, logLines: 10_000, logBytes: 4 * 1024 * 1024 };

export interface ScreenMirrorLimits {
  /** Lines of scrollback a fresh window gets above the screen (main/bridge/screen-mirror.ts). */
  readonly scrollbackLines: number;
  /** The most kept terminal output a re-bind parses on main's loop to draw the screen. */
  readonly parseMaxBytes: number;
}

/**
 * A window that binds afresh to a terminal gets its screen, drawn from the kept output
 * (main/bridge/screen-mirror.ts). 1,000 lines of scrollback is what VS Code restores of a
 * terminal after a reload by default (terminal.integrated.persistentSessionScrollback), and at
 * 120 columns with colours a snapshot of about 150 KiB, one message. A re-bind parses the whole
 * terminal replay in a headless xterm on main's loop, in slices: measured ~42 MiB/s
 * (bench/screen-mirror.ts), 4 MiB is ~100 ms of the loop per re-bind, spread over its slices.
 */
export const SCREEN_MIRROR: ScreenMirrorLimits = { scrollbackLines: 1000, parseMaxBytes: 4 * 1024 * 1024 };

/**
 * Main keeps at most this many bytes of one log line as the server sent it; the rest up to its LF
 * is dropped and the text ends with a marker saying how much (main/core/logs/log-line-splitter.ts).
 * This bounds main's memory per line.
 */
export const LOG_LINE_KEEP_BYTES = 64 * 1024;

/** The longest marker main appends to a cut log line, in UTF-8 bytes (tested beside the splitter). */
export const LOG_LINE_CUT_MARKER_MAX_BYTES = 64;

/**
 * The log view stores at most this many UTF-8 bytes of one line's text and cuts a longer one at a
 * character boundary, marking it truncated (renderer/src/lib/log-buffer.ts, which also keeps it to
 * a quarter of a buffer segment). A different limit from LOG_LINE_KEEP_BYTES: it bounds the text
 * after decoding, where each byte main kept may have become U+FFFD (three bytes) and a marker was
 * appended.
 */
export const LOG_VIEW_LINE_BYTES = 256 * 1024;

/**
 * The longest line of a watch response (one JSON object, main/core/resources/list-watcher.ts). No
 * single pod (or any object) comes near this; a line this long is not a watch event. It is parsed
 * whole in main and never streamed to a window, so no other number here depends on it.
 */
export const WATCH_LINE_MAX_BYTES = 64 * 1024 * 1024;

export interface FlowBudget {
  readonly sessionWatermarks: Watermarks;
  readonly logSessionWatermarks: Watermarks;
  readonly portForwardWatermarks: Watermarks;
  readonly ackBatch: number;
  readonly logAcknowledgement: LogAcknowledgement;
  readonly terminalWriteBytes: number;
  readonly bridgeWriteChunkBytes: number;
  /** The most bytes one write call may carry (its schema's limit). */
  readonly writeCallMaxBytes: number;
  readonly outbox: BatchingOptions;
  readonly replay: ReplayLimits;
  readonly screenMirror: ScreenMirrorLimits;
  readonly logLineKeepBytes: number;
  readonly logLineCutMarkerMaxBytes: number;
  readonly logViewLineBytes: number;
}

export const FLOW_BUDGET: FlowBudget = {
  sessionWatermarks: SESSION_WATERMARKS,
  logSessionWatermarks: LOG_SESSION_WATERMARKS,
  portForwardWatermarks: PORT_FORWARD_WATERMARKS,
  ackBatch: ACK_BATCH,
  logAcknowledgement: LOG_ACKNOWLEDGEMENT,
  terminalWriteBytes: TERMINAL_WRITE_BYTES,
  bridgeWriteChunkBytes: BRIDGE_WRITE_CHUNK_BYTES,
  writeCallMaxBytes: LIMITS.writeBytes,
  outbox: OUTBOX_BATCHING,
  replay: REPLAY_LIMITS,
  screenMirror: SCREEN_MIRROR,
  logLineKeepBytes: LOG_LINE_KEEP_BYTES,
  logLineCutMarkerMaxBytes: LOG_LINE_CUT_MARKER_MAX_BYTES,
  logViewLineBytes: LOG_VIEW_LINE_BYTES,
};

export interface FlowRule {
  /** What must hold, and why. */
  readonly rule: string;
  readonly holds: (budget: FlowBudget) => boolean;
}

/** How the numbers must relate. Each rule says why; flowRuleViolations() lists the broken ones. */
export const FLOW_RULES: readonly FlowRule[] = [
  {
    rule: 'session watermarks: 1 <= low < high (hysteresis; a low of 0 could never be undercut, so a paused stream would stay paused)',
    holds: ({ sessionWatermarks: { low, high } }) => 1 <= low && low < high,
  },
  {
    rule: 'log session watermarks: 1 <= low < high, and the log acknowledgement batch <= (high - low) / 4, so a paused log resumes after a few of the view\'s acknowledgements, long before it has taken all it was sent',
    holds: ({ logSessionWatermarks: { low, high }, logAcknowledgement }) => 1 <= low && low < high && logAcknowledgement.batchBytes <= (high - low) / 4,
  },
  {
    rule: 'log acknowledgement: 1 <= batch, and 0 <= settle delay <= 100 ms, so a quiet log\'s lines are acknowledged soon after they are shown',
    holds: ({ logAcknowledgement: { batchBytes, settleMs } }) => 1 <= batchBytes && 0 <= settleMs && settleMs <= 100,
  },
  {
    rule: 'port-forward watermarks: 1 <= low < high (hysteresis; a low of 0 could never be undercut)',
    holds: ({ portForwardWatermarks: { low, high } }) => 1 <= low && low < high,
  },
  {
    // VS Code's FlowControlConstants: the ack size must not exceed the low watermark. The renderer
    // acknowledges a terminal once per batch and once per write piece parsed, whichever is larger,
    // so a step larger than the low watermark would keep a paused session paused until the
    // terminal had run dry (only its catch-up flush would resume it).
    rule: 'acknowledgement step (max of ack batch and terminal write piece) <= session low watermark, so main resumes before the terminal runs dry',
    holds: ({ ackBatch, terminalWriteBytes, sessionWatermarks }) => Math.max(ackBatch, terminalWriteBytes) <= sessionWatermarks.low,
  },
  {
    rule: 'outbox batch <= session high watermark (terminal and log), or a flood would pause its session before a batch filled and every batch would wait out the delay',
    holds: ({ outbox, sessionWatermarks, logSessionWatermarks }) => outbox.maxBatchBytes <= Math.min(sessionWatermarks.high, logSessionWatermarks.high),
  },
  {
    // A window that reloads re-attaches from where it had acknowledged; what it had not yet
    // acknowledged (up to the high watermark) must still be in the replay, or it would be lost.
    rule: 'replay (terminal bytes, log bytes) >= its session high watermark (terminal, log), so a reloading window finds all it had not acknowledged',
    holds: ({ replay, sessionWatermarks, logSessionWatermarks }) =>
      replay.terminalBytes >= sessionWatermarks.high && replay.logBytes >= Math.max(sessionWatermarks.high, logSessionWatermarks.high),
  },
  {
    // The screen a fresh window gets is parsed from the terminal replay on main's loop when it binds.
    rule: 'terminal replay <= screen mirror parse bound, so drawing a re-binding window\'s screen holds main\'s loop ~100 ms at most; and scrollback lines >= 0',
    holds: ({ replay, screenMirror }) => replay.terminalBytes <= screenMirror.parseMaxBytes && screenMirror.scrollbackLines >= 0,
  },
  {
    rule: "1 <= bridge write chunk <= the write call's limit (shared/bridge/call-schemas.ts LIMITS.writeBytes), or main would refuse the renderer's own chunks",
    holds: ({ bridgeWriteChunkBytes, writeCallMaxBytes }) => 1 <= bridgeWriteChunkBytes && bridgeWriteChunkBytes <= writeCallMaxBytes,
  },
  {
    // A log line main kept decodes to at most one U+FFFD (3 UTF-8 bytes) per byte, plus the marker.
    rule: 'log view line bytes >= 3 x log line keep bytes + cut marker, so the view never cuts a line main already delivered whole or cut',
    holds: ({ logViewLineBytes, logLineKeepBytes, logLineCutMarkerMaxBytes }) => logViewLineBytes >= 3 * logLineKeepBytes + logLineCutMarkerMaxBytes,
  },
];

/** The rules `budget` breaks (none for FLOW_BUDGET). */
export function flowRuleViolations(budget: FlowBudget): string[] {
  return FLOW_RULES.filter(({ holds }) => !holds(budget)).map(({ rule }) => rule);
}
