// The window's view of recordings: which sessions are being recorded (for the "● REC" marks on
// panes and tabs) and the recordings directory's list (for the Recordings drawer). Marks come from
// one place: each session's SessionInfo.recording when the window starts, then the 'recording'
// session events main sends as recordings start and stop, whoever started them.
import { SvelteMap } from 'svelte/reactivity';
import type { PortholeBridge } from '../../../shared/bridge/bridge.ts';
import type { Unsubscribe } from '../../../shared/bridge/core-api.ts';
import type { UserError } from '../../../shared/bridge/errors.ts';
import type { RecordingSummary } from '../../../shared/bridge/recordings.ts';
import type { RecordingMark, SessionId } from '../../../shared/bridge/sessions.ts';
import { userErrorOf } from './user-error.ts';

export type RecordingsBridge = Pick<
  PortholeBridge,
  'startRecording' | 'stopRecording' | 'listRecordings' | 'readRecording' | 'deleteRecording' | 'listSessions' | 'onSessionEvent'
>;

export class Recordings {
  /** The recordings directory as last listed, newest first. */
  list = $state.raw<readonly RecordingSummary[]>([]);
  /** Why the last listing or action failed; null after one that worked. */
  error = $state.raw<UserError | null>(null);
  loading = $state(false);
  readonly #marks = new SvelteMap<SessionId, RecordingMark>();
  readonly #bridge: RecordingsBridge;
  readonly #unsubscribe: Unsubscribe;

  constructor(bridge: RecordingsBridge) {
    this.#bridge = bridge;
    this.#unsubscribe = bridge.onSessionEvent((event) => {
      if (event.kind !== 'recording') return;
      if (event.recording === null) this.#marks.delete(event.id);
      else this.#marks.set(event.id, event.recording);
      void this.refresh();
    });
    bridge
      .listSessions()
      .then((sessions) => {
        for (const session of sessions) if (session.recording !== undefined && !this.#marks.has(session.id)) this.#marks.set(session.id, session.recording);
      })
      .catch(() => {
        // The link is down: the window says so; marks arrive with the events once it is back.
      });
  }

  markOf(id: SessionId | null): RecordingMark | undefined {
    return id === null ? undefined : this.#marks.get(id);
  }

  /** Starts recording the session (with keystrokes when `input`), or stops it; answers what went wrong. */
  async toggle(id: SessionId, input: boolean): Promise<UserError | null> {
    const recording = this.#marks.has(id);
    try {
      if (recording) await this.#bridge.stopRecording(id);
      else await this.#bridge.startRecording(id, { input });
      return null;
    } catch (error) {
      return userErrorOf(error, recording ? 'stopping the recording' : 'starting the recording');
    }
  }

  async stop(id: SessionId): Promise<void> {
    await this.#act('stopping the recording', () => this.#bridge.stopRecording(id));
  }

  async refresh(): Promise<void> {
    this.loading = true;
    try {
      this.list = await this.#bridge.listRecordings();
      this.error = null;
    } catch (error) {
      this.error = userErrorOf(error, 'listing the recordings');
    } finally {
      this.loading = false;
    }
  }

  async remove(name: string): Promise<void> {
    if (await this.#act(`deleting ${name}`, () => this.#bridge.deleteRecording(name))) this.list = this.list.filter((recording) => recording.name !== name);
  }

  dispose(): void {
    this.#unsubscribe();
  }

  async #act(doing: string, run: () => Promise<void>): Promise<boolean> {
    try {
      await run();
      this.error = null;
      return true;
    } catch (error) {
      this.error = userErrorOf(error, doing);
      return false;
    }
  }
}
