// Sessions belong to main, not to a window. The hub is the one place between the core's session
// events and the windows (clients) bound to each session, shared by every client of a host:
//
// - It keeps each session's recent output (session-replay.ts), so a client can attach (after a
//   reload, from another window, after its WebSocket dropped) and get the output it missed. A
//   terminal's output is kept by a ScreenMirror (screen-mirror.ts), which also follows the
//   session's size: a client that binds afresh (no position, or one older than what is kept) gets
//   the screen instead of a raw tail, and one that returns within what is kept gets the raw bytes
//   it missed (its terminal already shows everything before them).
// - It fans events out to the clients bound to the session, and only to them.
// - It paces the session for its consumers: the core counts output as unacknowledged until
//   acknowledged (CoreApi.acknowledge) and pauses the pod above its high watermark. With several
//   clients bound, the slowest one sets the pace (the core hears the minimum of what they
//   processed). With none, nobody will acknowledge, so the hub does as soon as the output is in
//   the bounded replay: a session without a window keeps running and keeps its recent output,
//   like a detached terminal multiplexer.
// - A client acknowledges everything it receives, replay included; replayed output was already
//   accounted for, so its acknowledgements are absorbed, not forwarded. A screen is not output: it
//   carries no amount and is not acknowledged, so the core's pacing does not see it. It is drawn
//   while live output continues: the client's live events wait for it (held, and unacknowledged,
//   so the core pauses the session at its watermark as for any slow client).
import { invalidRequest } from '../../shared/bridge/bridge-error.ts';
import type { CoreApi, Unsubscribe } from '../../shared/bridge/core-api.ts';
import { outputAmount } from '../../shared/bridge/output-amount.ts';
import type { SessionAttachment, SessionEvent, SessionId, SessionInfo, TerminalSize } from '../../shared/bridge/sessions.ts';
import type { ReplayLimits } from '../../shared/flow/flow-budget.ts';
import { ScreenMirror } from './screen-mirror.ts';
import { LineReplay } from './session-replay.ts';

/** A client of the hub: receives the events of the sessions it is bound to. */
export interface SessionSink {
  deliver(event: SessionEvent): void;
}

/** One client's share of a session's pacing. */
interface Share {
  /** The session's delivered position when the client attached: its live output starts there. */
  readonly baseline: number;
  /** Replayed units the client will acknowledge that must not reach the core. */
  replayCredit: number;
  /** Live units the client acknowledged. */
  acknowledged: number;
  /** While the client's screen is being drawn: the live events that will follow it. */
  held: SessionEvent[] | null;
}

interface SessionRecord {
  readonly id: SessionId;
  replay: ScreenMirror | LineReplay | null;
  /** Units of output the core delivered so far (the replay's end). */
  delivered: number;
  /** Units acknowledged to the core so far. */
  acknowledgedToCore: number;
  readonly shares: Map<SessionSink, Share>;
}

export interface AttachResult {
  readonly attachment: SessionAttachment;
  /** To send after the attachment, before any live event. */
  readonly replay: readonly SessionEvent[];
}

export class SessionHub {
  readonly #core: CoreApi;
  readonly #limits: ReplayLimits;
  readonly #records = new Map<SessionId, SessionRecord>();
  readonly #bindings = new Map<SessionSink, Set<SessionId>>();
  readonly #unsubscribe: Unsubscribe;
  readonly #log: (message: string, error?: unknown) => void;

  constructor(core: CoreApi, limits: ReplayLimits, log: (message: string, error?: unknown) => void) {
    this.#core = core;
    this.#limits = limits;
    this.#log = log;
    this.#unsubscribe = core.onSessionEvent((event) => this.#coreEvent(event));
  }

  dispose(): void {
    this.#unsubscribe();
    this.#records.clear();
    this.#bindings.clear();
  }

  /**
   * Binds `sink` to session `id` (again, if it already was): answers what it gets and the replay
   * from `from` (or from the oldest output kept). `known` is the session's info when the caller
   * just opened it; otherwise the core must list the session.
   */
  attach(sink: SessionSink, id: SessionId, from?: number, known?: SessionInfo): AttachResult {
    const sessions = this.#core.listSessions();
    const info = sessions.find((session) => session.id === id) ?? known;
    if (info === undefined) throw invalidRequest('Unknown session', `attachSession: there is no session "${id}"`);
    this.#prune(sessions, id);
    const record = this.#record(id);
    const end = record.delivered;
    if (from !== undefined && from > end) {
      throw invalidRequest('Invalid attachSession request', `attachSession: from ${from} is beyond the ${end} units of output session "${id}" has produced`);
    }
    this.#unbind(sink, record);

    const kept = record.replay?.start ?? end;
    if (record.replay instanceof ScreenMirror && record.replay.hasScreen && (from === undefined || from < kept)) {
      this.#bindScreen(sink, record, record.replay);
      return { attachment: { info, replayFrom: end, replayTo: end, dropped: 0 }, replay: [] };
    }
    const replayFrom =
      record.replay === null ? end : from !== undefined && from >= kept ? record.replay.boundaryAtOrAfter(from) : record.replay.resyncPoint();
    const dropped = Math.max(0, replayFrom - (from ?? 0));
    const replay: SessionEvent[] = [];
    if (from !== undefined && dropped > 0) replay.push({ kind: 'notice', id, message: this.#droppedNotice(record, dropped) });
    if (record.replay !== null) replay.push(...record.replay.eventsFrom(replayFrom));

    record.shares.set(sink, { baseline: end, replayCredit: end - replayFrom, acknowledged: 0, held: null });
    this.#bindingsOf(sink).add(id);
    return { attachment: { info, replayFrom, replayTo: end, dropped }, replay };
  }

  /** The session's pty was resized (the window's resize call reached the core): its screen follows. */
  resized(id: SessionId, size: TerminalSize): void {
    const record = this.#record(id);
    record.replay ??= new ScreenMirror(id, this.#limits.terminalBytes);
    if (record.replay instanceof ScreenMirror) record.replay.resize(size);
  }

  /** Binds `sink` at the live end; its screen follows as soon as it is drawn, then its held live events. */
  #bindScreen(sink: SessionSink, record: SessionRecord, mirror: ScreenMirror): void {
    const share: Share = { baseline: record.delivered, replayCredit: 0, acknowledged: 0, held: [] };
    record.shares.set(sink, share);
    this.#bindingsOf(sink).add(record.id);
    const deliverHeld = (first: SessionEvent): void => {
      // Detached or attached again meanwhile: this screen is nobody's any more.
      if (record.shares.get(sink) !== share) return;
      const held = share.held ?? [];
      share.held = null;
      for (const event of [first, ...held]) sink.deliver(event);
    };
    mirror.snapshot().then(
      (data) => deliverHeld({ kind: 'screen', id: record.id, data }),
      (error: unknown) => {
        this.#log(`drawing the screen of session ${record.id} failed`, error);
        deliverHeld({ kind: 'notice', id: record.id, message: 'The screen from before this window bound could not be drawn; new output follows.' });
      },
    );
  }

  detach(sink: SessionSink, id: SessionId): void {
    const record = this.#records.get(id);
    if (record !== undefined) this.#unbind(sink, record);
  }

  detachAll(sink: SessionSink): void {
    for (const id of [...(this.#bindings.get(sink) ?? [])]) this.detach(sink, id);
    this.#bindings.delete(sink);
  }

  /** Throws 'invalid-request' unless `sink` is bound to `id`, saying whether the id exists at all. */
  requireBound(sink: SessionSink, id: SessionId, method: string): void {
    if (this.#bindings.get(sink)?.has(id) === true) return;
    this.requireKnown(id, method);
    throw invalidRequest('Session not attached', `${method}: session "${id}" is not attached to this window; attach it first`);
  }

  requireKnown(id: SessionId, method: string): void {
    if (this.#core.listSessions().some((session) => session.id === id)) return;
    throw invalidRequest('Unknown session', `${method}: there is no session "${id}"`);
  }

  acknowledge(sink: SessionSink, id: SessionId, amount: number): void {
    this.requireBound(sink, id, 'acknowledge');
    const record = this.#records.get(id) as SessionRecord;
    const share = record.shares.get(sink) as Share;
    const ofReplay = Math.min(amount, share.replayCredit);
    share.replayCredit -= ofReplay;
    // A client cannot acknowledge output it was never sent; excess is ignored, not carried.
    share.acknowledged = Math.min(share.acknowledged + amount - ofReplay, record.delivered - share.baseline);
    this.#pace(record);
  }

  #coreEvent(event: SessionEvent): void {
    if (event.kind === 'output' || event.kind === 'lines') {
      const record = this.#record(event.id);
      this.#keep(record, event);
      record.delivered += outputAmount(event);
      // Sessions count output before emitting it (Session.deliver), so acknowledging it at once is safe.
      if (record.shares.size === 0) this.#pace(record);
      this.#fanOut(record, event);
      return;
    }
    const record = this.#records.get(event.id);
    if (record === undefined) return;
    this.#fanOut(record, event);
    if (event.kind === 'state' && event.state.kind === 'closed') this.#forget(record);
  }

  #fanOut(record: SessionRecord, event: SessionEvent): void {
    for (const [sink, share] of record.shares) {
      if (share.held === null) sink.deliver(event);
      else share.held.push(event);
    }
  }

  /** A session emits terminal output or log lines, never both; its first output decides the replay's kind. */
  #keep(record: SessionRecord, event: Extract<SessionEvent, { kind: 'output' | 'lines' }>): void {
    if (event.kind === 'output') {
      record.replay ??= new ScreenMirror(record.id, this.#limits.terminalBytes);
      if (record.replay instanceof ScreenMirror) record.replay.append(event);
    } else {
      record.replay ??= new LineReplay(record.id, { lines: this.#limits.logLines, bytes: this.#limits.logBytes });
      if (record.replay instanceof LineReplay) record.replay.append(event);
    }
  }

  /** Tells the core what every bound client has processed (everything, when none is bound). */
  #pace(record: SessionRecord): void {
    let target = record.delivered;
    for (const share of record.shares.values()) target = Math.min(target, share.baseline + share.acknowledged);
    if (target <= record.acknowledgedToCore) return;
    const amount = target - record.acknowledgedToCore;
    record.acknowledgedToCore = target;
    try {
      this.#core.acknowledge(record.id, amount);
    } catch (error) {
      // The session ended in the core meanwhile: there is nothing left to pace.
      this.#log(`acknowledging output of session ${record.id} failed`, error);
    }
  }

  #unbind(sink: SessionSink, record: SessionRecord): void {
    if (!record.shares.delete(sink)) return;
    this.#bindings.get(sink)?.delete(record.id);
    this.#pace(record);
  }

  #forget(record: SessionRecord): void {
    for (const sink of record.shares.keys()) this.#bindings.get(sink)?.delete(record.id);
    this.#records.delete(record.id);
  }

  /** Drops the records of sessions the core no longer has and nobody is bound to. */
  #prune(sessions: readonly SessionInfo[], keep: SessionId): void {
    const live = new Set(sessions.map((session) => session.id));
    for (const record of this.#records.values()) {
      if (record.id !== keep && record.shares.size === 0 && !live.has(record.id)) this.#records.delete(record.id);
    }
  }

  #record(id: SessionId): SessionRecord {
    let record = this.#records.get(id);
    if (record === undefined) {
      record = { id, replay: null, delivered: 0, acknowledgedToCore: 0, shares: new Map() };
      this.#records.set(id, record);
    }
    return record;
  }

  #bindingsOf(sink: SessionSink): Set<SessionId> {
    let ids = this.#bindings.get(sink);
    if (ids === undefined) {
      ids = new Set();
      this.#bindings.set(sink, ids);
    }
    return ids;
  }

  #droppedNotice(record: SessionRecord, dropped: number): string {
    const what = record.replay instanceof LineReplay ? 'log lines' : 'output';
    return `${dropped} bytes of ${what} from while this window was away are no longer kept; the most recent follows.`;
  }
}
