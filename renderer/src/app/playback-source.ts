// Where a recording to play comes from: main's recordings directory (by name), or a .cast file the
// user picked, read here and parsed with the shared reader. Either way the answer is the recording,
// or a UserError that says what is wrong and, for a bad file, on which line.
import { ASCIICAST_LIMITS, AsciicastError, type Asciicast } from '../../../shared/asciicast/asciicast.ts';
import { parseAsciicast } from '../../../shared/asciicast/asciicast-reader.ts';
import type { PortholeBridge } from '../../../shared/bridge/bridge.ts';
import type { UserError } from '../../../shared/bridge/errors.ts';
import { userErrorOf } from './user-error.ts';

export interface LoadedRecording {
  /** The header's title, else the file's name. */
  readonly title: string;
  readonly cast: Asciicast;
}

export type LoadResult = { readonly ok: true; readonly recording: LoadedRecording } | { readonly ok: false; readonly error: UserError };

/** What a file input hands over: a File has these. */
export interface PickedFile {
  readonly name: string;
  readonly size: number;
  text(): Promise<string>;
}

const MIB = 1024 * 1024;

export async function loadStoredRecording(bridge: Pick<PortholeBridge, 'readRecording'>, name: string): Promise<LoadResult> {
  let text: string;
  try {
    text = await bridge.readRecording(name);
  } catch (error) {
    return { ok: false, error: userErrorOf(error, `reading ${name}`) };
  }
  return parsed(name, text);
}

export async function loadPickedFile(file: PickedFile): Promise<LoadResult> {
  if (file.size > ASCIICAST_LIMITS.fileBytes) {
    return failure(file.name, `The file has ${(file.size / MIB).toFixed(1)} MiB; Porthole plays recordings of up to ${ASCIICAST_LIMITS.fileBytes / MIB} MiB.`);
  }
  let text: string;
  try {
    text = await file.text();
  } catch (error) {
    return failure(file.name, `The file could not be read: ${error instanceof Error ? error.message : String(error)}`);
  }
  return parsed(file.name, text);
}

function parsed(name: string, text: string): LoadResult {
  try {
    const cast = parseAsciicast(text);
    return { ok: true, recording: { title: cast.header.title ?? name, cast } };
  } catch (error) {
    if (error instanceof AsciicastError) return failure(name, /[.!?]$/.test(error.message) ? error.message : `${error.message}.`);
    throw error;
  }
}

function failure(name: string, detail: string): LoadResult {
  return { ok: false, error: { kind: 'file', title: `Cannot play ${name}`, detail } };
}
