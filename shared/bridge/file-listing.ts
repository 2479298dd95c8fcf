// The file browser's contract: a directory of a container as main lists it over exec, and the
// requests that name a path in a container (list, make a directory, delete).
import type { PodRef } from './sessions.ts';

export type FileKind = 'file' | 'directory' | 'symlink' | 'other';

export interface FileEntry {
  /** Exactly as the container has it: spaces, newlines, quotes and any Unicode included. */
  readonly name: string;
  readonly kind: FileKind;
  /** Bytes; absent where the container has no `stat`. */
  readonly size?: number;
  /** The permission bits and set-id/sticky bits (07777); absent without `stat`. */
  readonly mode?: number;
  /** Last modification, milliseconds since the epoch; absent without `stat`. */
  readonly modifiedMs?: number;
  /** The owner's user name, or its uid where the container's /etc/passwd does not name it. */
  readonly owner?: string;
  /** A symlink's target, as stored in the link. */
  readonly linkTarget?: string;
}

/** How main reached the container's files. */
export type ListingRoute =
  /** exec in the container itself */
  | { readonly kind: 'exec' }
  /** exec in a debug container sharing the target's processes, through /proc/<pid>/root */
  | { readonly kind: 'debug-container'; readonly debugContainer: string; readonly rootPath: string };

export interface DirectoryListing {
  /** The directory listed, absolute, as the container sees it. */
  readonly path: string;
  readonly entries: readonly FileEntry[];
  readonly route: ListingRoute;
  /** What this container's tools could not tell (no `stat`: no sizes, dates or modes), in one sentence. */
  readonly limitation?: string;
}

/**
 * A listing, or the reason there is none that the user can act on: the container has no shell to
 * list with, so the browser offers the debug-container route.
 */
export type ListingAnswer =
  | { readonly kind: 'listed'; readonly listing: DirectoryListing }
  | { readonly kind: 'no-shell'; readonly detail: string };

export interface FilePathRequest extends PodRef {
  /** Absolute, normalised (no "." or ".." segments, no empty segments, no trailing "/"). */
  readonly path: string;
  /**
   * Reach the files through a debug container of this image (for a container with no shell or
   * tools): one of Porthole's that targets the container is reused, else one is added.
   */
  readonly debugImage?: string;
}
