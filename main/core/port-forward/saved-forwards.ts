// The forwards the user keeps, in one JSON file of the app's state directory (beside the
// recordings: Electron's userData, or `npm run web -- --state DIR`), so they come back when the
// app starts, in the desktop app and the web host alike:
//
//   { "version": 1, "forwards": [ { "id": "f-…", "request": { context, namespace, target, remotePort, localPort? } } ] }
//
// Each request is checked with the bridge's own schema, so a hand-edited file can hold nothing a
// window could not have asked for. A file that cannot be used is a CoreError of kind 'file' naming
// the file and what is wrong with it (never a crash); writes replace the file whole (temp + rename),
// readable by the user only.
import { randomUUID } from 'node:crypto';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { portForwardRequest, savedForwardId } from '../../../shared/bridge/call-schemas.ts';
import { SchemaError } from '../../../shared/bridge/schema.ts';
import type { PortForwardRequest, SavedForward } from '../../../shared/bridge/sessions.ts';
import { CoreError } from '../errors/core-error.ts';

/** The file's name in the state directory. */
export const SAVED_FORWARDS_FILE = 'forwards.json';
const FORMAT_VERSION = 1;
/** A file past this is not one Porthole wrote (a forward is ~200 bytes). */
const MAX_FILE_BYTES = 1024 * 1024;

export class SavedForwards {
  readonly #file: string | null;

  /** Without a file (no state directory), nothing can be kept: list() is empty and keep() says why. */
  constructor(file: string | null) {
    this.#file = file;
  }

  async list(): Promise<readonly SavedForward[]> {
    if (this.#file === null) return [];
    let text: string;
    try {
      text = await readFile(this.#file, 'utf8');
    } catch (error) {
      if ((error as { code?: unknown }).code === 'ENOENT') return [];
      throw this.#problem('cannot be read', error instanceof Error ? error.message : String(error));
    }
    return parseSavedForwards(text, this.#file);
  }

  async keep(request: PortForwardRequest): Promise<SavedForward> {
    const file = this.#writable();
    const forwards = await this.list();
    const same = forwards.find((each) => JSON.stringify(each.request) === JSON.stringify(request));
    if (same !== undefined) return same;
    const saved: SavedForward = { id: `f-${randomUUID()}`, request };
    await this.#write(file, [...forwards, saved]);
    return saved;
  }

  async forget(id: string): Promise<void> {
    const file = this.#writable();
    const forwards = await this.list();
    if (!forwards.some((each) => each.id === id)) {
      throw new CoreError({ kind: 'invalid-request', title: 'No such saved forward', detail: `No kept forward has the id "${id}"; it may have been removed already.` });
    }
    await this.#write(file, forwards.filter((each) => each.id !== id));
  }

  #writable(): string {
    if (this.#file !== null) return this.#file;
    throw new CoreError({ kind: 'file', title: 'Forwards cannot be kept', detail: 'This Porthole was started without a state directory, so nothing can be kept across restarts.' });
  }

  async #write(file: string, forwards: readonly SavedForward[]): Promise<void> {
    const temporary = `${file}.${process.pid}.tmp`;
    try {
      await mkdir(dirname(file), { recursive: true, mode: 0o700 });
      await writeFile(temporary, `${JSON.stringify({ version: FORMAT_VERSION, forwards }, null, 2)}\n`, { mode: 0o600 });
      await rename(temporary, file);
    } catch (error) {
      throw this.#problem('cannot be written', error instanceof Error ? error.message : String(error));
    }
  }

  #problem(what: string, detail: string): CoreError {
    return savedForwardsProblem(this.#file ?? '', what, detail);
  }
}

/** The forwards of a saved-forwards file's text; a CoreError of kind 'file' saying what is wrong. */
export function parseSavedForwards(text: string, file: string): SavedForward[] {
  if (text.length > MAX_FILE_BYTES) throw savedForwardsProblem(file, 'is too large', `It has ${text.length} characters; Porthole writes far fewer.`);
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw savedForwardsProblem(file, 'is not JSON', error instanceof Error ? error.message : String(error));
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw savedForwardsProblem(file, 'is not a saved-forwards file', 'It should be an object with "version" and "forwards".');
  }
  const { version, forwards } = parsed as { version?: unknown; forwards?: unknown };
  if (version !== FORMAT_VERSION) {
    throw savedForwardsProblem(file, 'has an unknown version', `Its version is ${JSON.stringify(version) ?? 'missing'}; this Porthole reads version ${FORMAT_VERSION}.`);
  }
  if (!Array.isArray(forwards)) throw savedForwardsProblem(file, 'has no list of forwards', '"forwards" should be a list.');
  return forwards.map((entry: unknown, index) => {
    try {
      const { id, request } = (typeof entry === 'object' && entry !== null ? entry : {}) as { id?: unknown; request?: unknown };
      return { id: savedForwardId(id, `forwards[${index}].id`), request: portForwardRequest(request, `forwards[${index}].request`) };
    } catch (error) {
      if (error instanceof SchemaError) throw savedForwardsProblem(file, 'has a forward that cannot be used', error.message);
      throw error;
    }
  });
}

function savedForwardsProblem(file: string, what: string, detail: string): CoreError {
  return new CoreError({ kind: 'file', title: `Saved forwards file ${what}`, detail: `${file}: ${detail}` });
}
