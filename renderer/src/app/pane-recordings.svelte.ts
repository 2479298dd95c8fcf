// What the window does with recordings, pane by pane: recording a terminal pane (with its
// keystrokes when its header's "keys" box is ticked), and playing a recording in a playback pane,
// one of main's by name or a .cast file picked in this window. recordings.svelte.ts is the model
// behind it (which sessions are recorded, the directory's list); App.svelte binds `picker` to the
// window's hidden file input and hands each playback pane its `loader`.
import type { PortholeBridge } from '../../../shared/bridge/bridge.ts';
import type { RecordingSummary } from '../../../shared/bridge/recordings.ts';
import { loadPickedFile, loadStoredRecording, type LoadedRecording, type LoadResult, type PickedFile } from './playback-source.ts';
import type { Recordings } from './recordings.svelte.ts';
import type { PlaybackDetail } from './workspace/tab-kinds.ts';
import type { Workspace } from './workspace/workspace.svelte.ts';

/** A file input as far as picking a recording goes (an HTMLInputElement is one). */
export interface RecordingInput {
  readonly files: ArrayLike<PickedFile> | null;
  value: string;
}

export class PaneRecordings {
  /** The window's file input for "Open recording…"; Electron shows its own open dialog for it. */
  picker = $state<Pick<HTMLInputElement, 'click'> | undefined>();
  /** Panes whose next recording takes keystrokes too (their header's checkbox). */
  #withKeys = $state.raw<Readonly<Record<string, boolean>>>({});
  /** .cast files picked in this window, by the id their playback pane keeps: a reload does not keep them. */
  // eslint-disable-next-line svelte/prefer-svelte-reactivity -- not state: looked up when a pane loads
  readonly #picked = new Map<string, LoadedRecording>();
  #pickedCount = 0;
  readonly #bridge: Pick<PortholeBridge, 'readRecording'>;
  readonly #workspace: Workspace;
  readonly #recordings: Recordings;
  readonly #notice: (message: string) => void;

  constructor(bridge: Pick<PortholeBridge, 'readRecording'>, workspace: Workspace, recordings: Recordings, notice: (message: string) => void) {
    this.#bridge = bridge;
    this.#workspace = workspace;
    this.#recordings = recordings;
    this.#notice = notice;
  }

  /** Whether the pane's next recording takes keystrokes too. */
  withKeys(paneId: string): boolean {
    return this.#withKeys[paneId] === true;
  }

  setWithKeys(paneId: string, on: boolean): void {
    this.#withKeys = { ...this.#withKeys, [paneId]: on };
  }

  /** Starts or stops recording a terminal pane's session (the focused one by default). */
  toggle(paneId = this.#workspace.focusedPane?.id): void {
    const pane = this.#workspace.panes.find((candidate) => candidate.id === paneId);
    if (pane === undefined || pane.kind !== 'terminal' || pane.sessionId === null) {
      this.#notice('Focus a terminal to record it.');
      return;
    }
    void this.#recordings.toggle(pane.sessionId, this.withKeys(pane.id)).then((error) => {
      if (error !== null) this.#notice(`${error.title}: ${error.detail}`);
    });
  }

  /** "Open recording…": asks for a file through the picker. */
  open(): void {
    this.picker?.click();
  }

  /** Plays the file just picked in a playback pane; the input is emptied so the same file can be picked again. */
  async playPicked(input: RecordingInput): Promise<void> {
    const file = input.files?.[0];
    input.value = '';
    if (file === undefined) return;
    const result = await loadPickedFile(file);
    if (!result.ok) {
      this.#notice(`${result.error.title}: ${result.error.detail}`);
      return;
    }
    const id = `file-${++this.#pickedCount}`;
    this.#picked.set(id, result.recording);
    this.#workspace.openPlayback({ kind: 'playback', title: result.recording.title, source: { kind: 'file', id } });
  }

  playStored(recording: RecordingSummary): void {
    this.#workspace.openPlayback({ kind: 'playback', title: recording.title, source: { kind: 'recording', name: recording.name } });
  }

  /** How a playback pane loads what it plays. */
  loader(detail: PlaybackDetail): () => Promise<LoadResult> {
    const { source } = detail;
    if (source.kind === 'recording') return () => loadStoredRecording(this.#bridge, source.name);
    const picked = this.#picked.get(source.id);
    const gone: LoadResult = { ok: false, error: { kind: 'file', title: `Cannot play ${detail.title}`, detail: 'A file opened in this window is not kept across a reload; open it again.' } };
    return () => Promise.resolve(picked === undefined ? gone : { ok: true, recording: picked });
  }
}
