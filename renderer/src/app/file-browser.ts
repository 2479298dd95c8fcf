// What the file browser shows, as pure functions: paths (normalised, as the bridge wants them),
// the breadcrumb, the sort, and each column's text. Names are kept exactly; only their display
// makes a newline or a control character visible.
import type { FileEntry } from '../../../shared/bridge/file-listing.ts';
import { formatBytes } from './transfers.ts';

export type SortKey = 'name' | 'size' | 'modified' | 'mode';

export interface SortOrder {
  readonly key: SortKey;
  readonly descending: boolean;
}

export const DEFAULT_SORT: SortOrder = { key: 'name', descending: false };

/** The directory above `path`, or null at the root. */
export function parentPath(path: string): string | null {
  if (path === '/') return null;
  const cut = path.lastIndexOf('/');
  return cut <= 0 ? '/' : path.slice(0, cut);
}

export function childPath(directory: string, name: string): string {
  return directory === '/' ? `/${name}` : `${directory}/${name}`;
}

/** "/var/log" → "/", "var", "log", each with the path it opens. */
export function breadcrumbs(path: string): Array<{ label: string; path: string }> {
  const crumbs = [{ label: '/', path: '/' }];
  if (path === '/') return crumbs;
  let at = '';
  for (const part of path.slice(1).split('/')) {
    at = `${at}/${part}`;
    crumbs.push({ label: part, path: at });
  }
  return crumbs;
}

/**
 * Why a name typed for a new folder cannot be one, or null: a name, not a path, so it cannot land
 * anywhere but the directory shown.
 */
export function newNameProblem(name: string): string | null {
  if (name === '') return 'Type a name.';
  if (name === '.' || name === '..') return `"${name}" is not a name a folder can have.`;
  if (name.includes('/')) return 'A name cannot contain "/".';
  if (name.includes('\0')) return 'A name cannot contain NUL.';
  return null;
}

// Directories first, as every file manager lists them; then by the key, ties by name.
const byName = new Intl.Collator(undefined, { numeric: true, sensitivity: 'base' });

export function sortEntries(entries: readonly FileEntry[], order: SortOrder): FileEntry[] {
  const sign = order.descending ? -1 : 1;
  const value = (entry: FileEntry): number => {
    switch (order.key) {
      case 'size':
        return entry.size ?? -1;
      case 'modified':
        return entry.modifiedMs ?? -1;
      case 'mode':
        return entry.mode ?? -1;
      case 'name':
        return 0;
    }
  };
  return [...entries].sort((a, b) => {
    const folders = Number(isFolder(b)) - Number(isFolder(a));
    if (folders !== 0) return folders;
    const byKey = value(a) - value(b);
    return sign * (byKey !== 0 ? byKey : byName.compare(a.name, b.name) || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  });
}

/** The order after a click on a column's header: that column, or the same one the other way round. */
export function nextSort(current: SortOrder, key: SortKey): SortOrder {
  return current.key === key ? { key, descending: !current.descending } : { key, descending: false };
}

/** A directory, or a symlink the user may open as one (the listing cannot tell where it leads). */
export function isFolder(entry: FileEntry): boolean {
  return entry.kind === 'directory';
}

/** The name with newlines and other control characters made visible (⏎, ␀-style pictures). */
export function displayName(name: string): string {
  // eslint-disable-next-line no-control-regex
  return name.replace(/[\u0000-\u001f\u007f]/g, (char) => (char === '\n' ? '⏎' : String.fromCodePoint(0x2400 + (char === '\u007f' ? 0x21 : char.charCodeAt(0)))));
}

/** "512 B", "1.5 KiB" as the transfers drawer writes sizes; empty where unknown. Directories show none. */
export function sizeText(entry: FileEntry): string {
  return entry.size === undefined || entry.kind === 'directory' ? '' : formatBytes(entry.size);
}

/** "2026-01-02 03:04" in the user's time zone; empty where unknown. */
export function modifiedText(entry: FileEntry): string {
  if (entry.modifiedMs === undefined) return '';
  const date = new Date(entry.modifiedMs);
  const two = (n: number): string => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${two(date.getMonth() + 1)}-${two(date.getDate())} ${two(date.getHours())}:${two(date.getMinutes())}`;
}

const KIND_LETTERS = { directory: 'd', symlink: 'l', file: '-', other: '?' } as const;

/** "drwxr-xr-x", as ls writes it (set-id and sticky bits included); empty where unknown. */
export function modeText(entry: FileEntry): string {
  const { mode } = entry;
  if (mode === undefined) return '';
  const triple = (shift: number, special: boolean, specialLetter: string): string => {
    const bits = (mode >> shift) & 7;
    const execute = bits & 1 ? (special ? specialLetter : 'x') : special ? specialLetter.toUpperCase() : '-';
    return `${bits & 4 ? 'r' : '-'}${bits & 2 ? 'w' : '-'}${execute}`;
  };
  return KIND_LETTERS[entry.kind] + triple(6, (mode & 0o4000) !== 0, 's') + triple(3, (mode & 0o2000) !== 0, 's') + triple(0, (mode & 0o1000) !== 0, 't');
}

export type BrowserAction = 'open' | 'up' | 'refresh' | 'new-folder' | 'upload' | 'download' | 'delete';

/**
 * The file browser's keys, the pane's own (as a terminal pane's Enter is): each action's tooltip
 * names its key from here, and browserActionFor reads a key press with it.
 */
export const BROWSER_KEYS: Readonly<Record<BrowserAction, string>> = {
  open: 'Enter',
  up: 'Backspace',
  refresh: 'F5',
  'new-folder': 'N',
  upload: 'U',
  download: 'D',
  delete: 'Delete',
};

export interface BrowserKey {
  readonly key: string;
  readonly ctrlKey: boolean;
  readonly metaKey: boolean;
  readonly altKey: boolean;
}

/** The action a key press in the list means, or null. Ctrl+R (Cmd+R) refreshes too, instead of reloading the page. */
export function browserActionFor(input: BrowserKey): BrowserAction | null {
  if ((input.ctrlKey || input.metaKey) && !input.altKey && input.key.toLowerCase() === 'r') return 'refresh';
  if (input.ctrlKey || input.metaKey || input.altKey) return null;
  const pressed = input.key.length === 1 ? input.key.toUpperCase() : input.key;
  const found = (Object.keys(BROWSER_KEYS) as BrowserAction[]).find((action) => BROWSER_KEYS[action] === pressed);
  return found ?? null;
}
