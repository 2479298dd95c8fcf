// Recording terminal sessions, for the core: which sessions are being recorded, and the recordings
// directory behind the bridge's recordings calls. The core hands it every session event it emits
// (output is recorded, a session's end stops its recording), every write (input, recorded when
// asked) and every size a terminal takes; it tells windows that a session is or is no longer
// recorded with a 'recording' session event, and SessionInfo.recording says so to a window that
// binds later.
import type { AsciicastHeader } from '../../../shared/asciicast/asciicast.ts';
import type { RecordingOptions, RecordingSummary } from '../../../shared/bridge/recordings.ts';
import type { RecordingMark, SessionEvent, SessionId, SessionInfo, TerminalSize } from '../../../shared/bridge/sessions.ts';
import { CoreError } from '../errors/core-error.ts';
import { RecordingStore, type StoredRecording } from './recording-store.ts';
import { SessionRecorder } from './session-recorder.ts';

export interface RecordingsInit {
  /** Where recordings go; null: recording is off (a host that gave no directory). */
  readonly directory: string | null;
  readonly emit: (event: SessionEvent) => void;
  /** Milliseconds on a monotonic clock, for event times. */
  readonly now?: () => number;
  /** Milliseconds since the epoch, for the header's timestamp and the file name. */
  readonly wallClock?: () => number;
  readonly maxBytes?: number;
}

interface Active {
  readonly recorder: SessionRecorder;
  readonly name: string;
  readonly title: string;
  readonly startedAt: number;
}

/** What a pty is when nobody said its size (the kubelet's default). */
const DEFAULT_SIZE: TerminalSize = { cols: 80, rows: 24 };
const RECORDABLE = new Set<SessionInfo['kind']>(['exec', 'attach']);
const ENDED = new Set<SessionInfo['state']['kind']>(['exited', 'ended', 'failed', 'connection-lost', 'closed']);
const MAX_SLUG = 60;

export class Recordings {
  readonly #store: RecordingStore | null;
  readonly #emit: (event: SessionEvent) => void;
  readonly #now: () => number;
  readonly #wallClock: () => number;
  readonly #maxBytes: number | undefined;
  readonly #active = new Map<SessionId, Active>();
  /** The size of every terminal session, so a recording starts with the size the screen has. */
  readonly #sizes = new Map<SessionId, TerminalSize>();

  constructor(init: RecordingsInit) {
    this.#store = init.directory === null ? null : new RecordingStore(init.directory);
    this.#emit = init.emit;
    this.#now = init.now ?? (() => performance.now());
    this.#wallClock = init.wallClock ?? Date.now;
    this.#maxBytes = init.maxBytes;
  }

  /** What SessionInfo.recording says for the session. */
  markOf(id: SessionId): RecordingMark | undefined {
    const active = this.#active.get(id);
    return active === undefined ? undefined : { name: active.name, input: active.recorder.input };
  }

  /** A terminal session took a size (opened with one, or resized). */
  sized(id: SessionId, size: TerminalSize | undefined): void {
    if (size === undefined) return;
    this.#sizes.set(id, size);
    const active = this.#active.get(id);
    if (active !== undefined) this.#after(id, active, () => active.recorder.resized(size));
  }

  /** Input written to a session. */
  typed(id: SessionId, bytes: Uint8Array): void {
    const active = this.#active.get(id);
    if (active !== undefined) this.#after(id, active, () => active.recorder.typed(bytes));
  }

  /** Every event the core emits: output is recorded; the session's end stops its recording. */
  observe(event: SessionEvent): void {
    if (event.kind === 'output') {
      const active = this.#active.get(event.id);
      if (active !== undefined) this.#after(event.id, active, () => active.recorder.output(event.channel, event.bytes));
    } else if (event.kind === 'state' && ENDED.has(event.state.kind)) {
      if (this.#active.has(event.id)) this.#finish(event.id);
      if (event.state.kind === 'closed') this.#sizes.delete(event.id);
    }
  }

  start(session: SessionInfo, options: RecordingOptions): void {
    const store = this.#requireStore();
    if (!RECORDABLE.has(session.kind)) {
      throw invalid('Cannot record this session', `Session "${session.id}" (${session.title}) is a ${session.kind} session; only terminals are recorded.`);
    }
    if (ENDED.has(session.state.kind)) throw invalid('Cannot record this session', `${session.title} has ended.`);
    const already = this.#active.get(session.id);
    if (already !== undefined) throw invalid('Already recording', `${session.title} is being recorded to ${already.name}.`);

    const startedAt = this.#wallClock();
    const { name, fd } = store.create(baseName(startedAt, session.title));
    const size = this.#sizes.get(session.id) ?? DEFAULT_SIZE;
    const header: AsciicastHeader = {
      version: 2,
      width: size.cols,
      height: size.rows,
      timestamp: Math.floor(startedAt / 1000),
      title: session.title,
      inputRecorded: options.input,
    };
    let recorder: SessionRecorder;
    try {
      recorder = new SessionRecorder({ fd, header, now: this.#now, input: options.input, maxBytes: this.#maxBytes });
    } catch (error) {
      store.discard(fd);
      throw error;
    }
    this.#active.set(session.id, { recorder, name, title: session.title, startedAt });
    this.#emit({ kind: 'recording', id: session.id, recording: { name, input: options.input } });
  }

  stop(id: SessionId): void {
    if (!this.#active.has(id)) throw invalid('Not recording', `Session "${id}" is not being recorded.`);
    this.#finish(id);
  }

  async list(): Promise<RecordingSummary[]> {
    const stored = this.#store === null ? [] : await this.#store.list();
    const recordingByName = new Map([...this.#active].map(([id, active]) => [active.name, { id, active }]));
    return stored.map((file) => summary(file, recordingByName.get(file.name)));
  }

  read(name: string): Promise<string> {
    return this.#requireStore().read(name);
  }

  async delete(name: string): Promise<void> {
    const store = this.#requireStore();
    const recording = [...this.#active.values()].find((active) => active.name === name);
    if (recording !== undefined) throw invalid('Still recording', `${name} is still recording ${recording.title}; stop the recording first.`);
    await store.delete(name);
  }

  /** Stops every recording (the app is quitting): each file is complete and closed. */
  dispose(): void {
    for (const id of [...this.#active.keys()]) this.#finish(id);
    this.#sizes.clear();
  }

  /** Runs a write, then stops the recording if the write made it fail, saying why on the terminal. */
  #after(id: SessionId, active: Active, write: () => void): void {
    write();
    const failure = active.recorder.failure;
    if (failure === null) return;
    const reason =
      failure.kind === 'full'
        ? `it reached the largest size a recording may have; ${active.name} keeps everything up to here`
        : `writing ${active.name} failed (${failure.message})`;
    this.#finish(id);
    this.#emit({ kind: 'notice', id, message: `Recording stopped: ${reason}.` });
  }

  #finish(id: SessionId): void {
    const active = this.#active.get(id);
    if (active === undefined) return;
    this.#active.delete(id);
    active.recorder.stop();
    this.#emit({ kind: 'recording', id, recording: null });
  }

  #requireStore(): RecordingStore {
    if (this.#store === null) {
      throw new CoreError({ kind: 'file', title: 'Recording is off', detail: 'This Porthole was started without a recordings directory.' });
    }
    return this.#store;
  }
}

function summary(file: StoredRecording, live: { id: SessionId; active: Active } | undefined): RecordingSummary {
  const timestamp = file.header?.timestamp;
  return {
    name: file.name,
    title: file.header?.title ?? file.name,
    bytes: live?.active.recorder.bytes ?? file.bytes,
    duration: live?.active.recorder.duration ?? file.lastTime,
    started: timestamp === undefined ? null : new Date(timestamp * 1000).toISOString(),
    input: file.header?.inputRecorded ?? false,
    recording: live?.id ?? null,
    problem: file.problem,
  };
}

/** "2026-12-06_06-30-00_single-main-shell": when (UTC) and what, in characters any file system takes. */
function baseName(startedAt: number, title: string): string {
  const stamp = new Date(startedAt).toISOString().slice(0, 19).replace('T', '_').replaceAll(':', '-');
  const slug = title
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, MAX_SLUG)
    .replace(/-+$/, '');
  return slug === '' ? stamp : `${stamp}_${slug}`;
}

function invalid(title: string, detail: string): CoreError {
  return new CoreError({ kind: 'invalid-request', title, detail });
}
