// Recordings of terminal sessions: asciicast v2 files that main writes into its recordings
// directory while a session runs, and that a window lists, plays, saves and deletes by name.
import type { SessionId } from './sessions.ts';

export interface RecordingOptions {
  /** Record keystrokes too ("i" events): they may hold a password typed at a prompt. */
  readonly input: boolean;
}

/** One file of the recordings directory. */
export interface RecordingSummary {
  /** The file's name, which every recordings call takes ("2026-12-06_06-30-00_single-main.cast"). */
  readonly name: string;
  /** The header's title, else the name. */
  readonly title: string;
  readonly bytes: number;
  /** Seconds from the start to the last event (so far, while it records). */
  readonly duration: number;
  /** When it started, as ISO 8601, when the header says. */
  readonly started: string | null;
  /** Whether it holds keystrokes ("i" events). */
  readonly input: boolean;
  /** The session it still records, while it does. */
  readonly recording: SessionId | null;
  /** Why the file cannot be played (not asciicast v2), when it cannot. */
  readonly problem: string | null;
}
