// The node-shell pods THIS Porthole created and has not deleted yet, kept in a small file of its
// state directory, so that a crash or a kill does not leave privileged pods behind for ever: on the
// next start they are deleted. A file per state directory (not a label query) is what keeps two
// Porthole instances (two users, or parallel test apps on one cluster) from deleting each other's
// shells. Without a file (no state directory) the record lives in memory only.
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

export interface NodeShellPod {
  readonly context: string;
  readonly namespace: string;
  readonly name: string;
  /** The delete is conditional on it: a later pod of the same name is not ours. */
  readonly uid: string;
}

export const NODE_SHELL_RECORD_FILE = 'node-shells.json';

export class NodeShellRecord {
  readonly #file: string | null;
  #pods: NodeShellPod[];

  constructor(file: string | null) {
    this.#file = file;
    this.#pods = file === null ? [] : readRecord(file);
  }

  get pods(): readonly NodeShellPod[] {
    return this.#pods;
  }

  add(pod: NodeShellPod): void {
    this.#pods = [...this.#pods.filter((kept) => kept.uid !== pod.uid), pod];
    this.#save();
  }

  remove(uid: string): void {
    this.#pods = this.#pods.filter((kept) => kept.uid !== uid);
    this.#save();
  }

  #save(): void {
    if (this.#file === null) return;
    mkdirSync(dirname(this.#file), { recursive: true, mode: 0o700 });
    // Written whole to a temporary name, then renamed: a crash never leaves half a record.
    const temporary = `${this.#file}.tmp`;
    writeFileSync(temporary, JSON.stringify({ pods: this.#pods }), { mode: 0o600 });
    renameSync(temporary, this.#file);
  }
}

/** The pods a record file names; an absent, unreadable or malformed file names none (it is only ours). */
function readRecord(file: string): NodeShellPod[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    return [];
  }
  const pods = typeof parsed === 'object' && parsed !== null ? (parsed as { pods?: unknown }).pods : undefined;
  return Array.isArray(pods) ? pods.filter(isNodeShellPod) : [];
}

function isNodeShellPod(value: unknown): value is NodeShellPod {
  if (typeof value !== 'object' || value === null) return false;
  const record = value as Record<string, unknown>;
  return ['context', 'namespace', 'name', 'uid'].every((key) => typeof record[key] === 'string' && record[key] !== '');
}
