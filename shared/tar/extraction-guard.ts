// Where an archive's entries may land: below the chosen directory, and nowhere else. This is the
// check kubectl cp lacked in CVE-2018-1002100 ("../" entries), CVE-2019-1002101 and CVE-2019-11246
// (a symlink in the archive pointing out, then a file written through it). Every entry is checked
// before anything of it touches the disk, and a refusal names the entry.
import { TarError, type TarEntryType } from './tar-header.ts';

export interface GuardedEntry {
  readonly name: string;
  readonly type: TarEntryType;
  /** Symlinks and hard links: their target as the archive gives it. */
  readonly linkname: string;
}

/** An entry's place below the chosen directory, as path components; [] is the directory itself. */
export function entryComponents(name: string): string[] {
  if (name.startsWith('/')) throw refused(name, 'it is an absolute path, which would land outside the chosen directory');
  const parts = name.split('/').filter((part) => part !== '' && part !== '.');
  if (parts.includes('..')) throw refused(name, 'its ".." would land outside the chosen directory');
  return parts;
}

/** Whether a symlink at `components` pointing to `target` resolves below the chosen directory. */
export function linkStaysInside(components: readonly string[], target: string): boolean {
  if (target.startsWith('/')) return false;
  const resolved = components.slice(0, -1);
  for (const part of target.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') {
      if (resolved.length === 0) return false;
      resolved.pop();
    } else {
      resolved.push(part);
    }
  }
  return true;
}

function refused(name: string, why: string): TarError {
  return new TarError(`Refused the archive entry ${JSON.stringify(name)}: ${why}`);
}

/** Checks one archive's entries in order, remembering the symlinks it made. */
export class ExtractionGuard {
  readonly #links = new Set<string>();

  /** The entry's components; for a hard link, `target` is its target's. Throws TarError. */
  check(entry: GuardedEntry): { components: string[]; target?: string[] } {
    const components = entryComponents(entry.name);
    this.#refuseThroughLinks(entry.name, components);
    if (entry.type === 'symlink') {
      if (!linkStaysInside(components, entry.linkname)) {
        throw refused(entry.name, `it is a symlink to ${JSON.stringify(entry.linkname)}, outside the chosen directory`);
      }
      this.#links.add(components.join('/'));
      return { components };
    }
    if (entry.type === 'hardlink') {
      let target: string[];
      try {
        target = entryComponents(entry.linkname);
      } catch {
        throw refused(entry.name, `it is a hard link to ${JSON.stringify(entry.linkname)}, outside the chosen directory`);
      }
      this.#refuseThroughLinks(entry.name, target, 'its target');
      return { components, target };
    }
    return { components };
  }

  /** No entry (nor a hard link's target) may be written through, or replace, a symlink this archive made. */
  #refuseThroughLinks(name: string, components: readonly string[], what = 'it'): void {
    for (let length = 1; length <= components.length; length++) {
      const prefix = components.slice(0, length).join('/');
      if (!this.#links.has(prefix)) continue;
      const how = length === components.length ? 'would replace' : 'would be written through';
      throw refused(name, `${what} ${how} the symlink ${JSON.stringify(prefix)} made by the same archive`);
    }
  }
}
