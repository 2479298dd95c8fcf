// A failed transfer in the user's words: what the container's tar (or the server) said, sorted
// into the failures a user can act on (read-only target, full disk, no tar, refused archive).
import type { UserError } from '../../../shared/bridge/errors.ts';
import type { PodRef } from '../../../shared/bridge/sessions.ts';

const KNOWN: readonly { readonly pattern: RegExp; readonly title: string; readonly advice: string }[] = [
  { pattern: /read-only file system/i, title: 'The target is read-only', advice: 'Pick a writable directory, such as /tmp or a mounted volume.' },
  { pattern: /no space left on device/i, title: "The container's disk is full", advice: 'Free some space or pick another volume.' },
  {
    pattern: /executable file not found|tar: (?:not found|command not found)|no such file or directory: unknown|exec: "tar"/i,
    title: 'No tar in the container',
    advice: 'Transfers run tar in the container; use a debug container with tar (a busybox image) to reach its files.',
  },
  { pattern: /permission denied/i, title: 'Permission denied in the container', advice: "The container's user may not write or read there." },
];

export function transferFailure(direction: 'download' | 'upload', target: PodRef, path: string, message: string): UserError {
  const known = KNOWN.find((candidate) => candidate.pattern.test(message));
  const what = direction === 'download' ? `Downloading ${path} from` : `Uploading to ${path} in`;
  const said = message === '' ? 'tar failed without saying why' : `the container said: ${message}`;
  return {
    kind: 'server-error',
    title: known?.title ?? `${direction === 'download' ? 'Download' : 'Upload'} failed`,
    detail: `${what} pod ${target.pod} (namespace ${target.namespace}) failed: ${said}${known === undefined ? '' : `. ${known.advice}`}`,
    context: target.context,
  };
}

/** A local file system failure (the destination directory). */
export function localFailure(path: string, error: unknown): UserError {
  const code = (error as { code?: unknown }).code;
  const reason = error instanceof Error ? error.message : String(error);
  return {
    kind: 'file',
    title: code === 'ENOSPC' ? 'The local disk is full' : 'Could not write the download',
    detail: `Writing ${path} failed: ${reason}`,
  };
}

/** An upload's sources could not be read again to compare them with the container's copies (gone, or unreadable, since). */
export function uncheckedUpload(error: unknown): UserError {
  const reason = error instanceof Error ? error.message : String(error);
  return {
    kind: 'file',
    title: 'Could not check the upload',
    detail: `Every byte was sent, but reading the local files again to compare them with the container's failed: ${reason}`,
  };
}
