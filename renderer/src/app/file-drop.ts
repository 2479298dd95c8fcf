// Dropping files from the desktop onto an element (a terminal pane, a pod row): a Svelte action
// that marks the element while files are dragged over it (`data-drop-target`, styled by the
// element's component) and hands the dropped files to `onFiles`. Drags of anything but files
// (text, a tab) are left alone.
import type { ActionReturn } from 'svelte/action';
import type { PodRef } from '../../../shared/bridge/sessions.ts';

/**
 * Where files dropped on a shell's pane or a pod row go: the shell's own directory is not known
 * (its process's cwd is not visible through exec), and /tmp is writable in nearly every image.
 */
export const DROP_DIRECTORY = '/tmp';

export interface FileDropOptions {
  /** Absent: the element takes no drop (a pane without a pod). */
  readonly onFiles: ((files: readonly File[]) => void) | null;
}

function carriesFiles(event: DragEvent): boolean {
  return event.dataTransfer?.types.includes('Files') ?? false;
}

export function fileDrop(node: HTMLElement, initial: FileDropOptions): ActionReturn<FileDropOptions> {
  let options = initial;
  // dragenter/dragleave fire for every child crossed: count them, so the mark stays while inside.
  let depth = 0;
  const mark = (on: boolean): void => {
    if (on) node.setAttribute('data-drop-target', '');
    else node.removeAttribute('data-drop-target');
  };
  const enter = (event: DragEvent): void => {
    if (options.onFiles === null || !carriesFiles(event)) return;
    event.preventDefault();
    depth++;
    mark(true);
  };
  const over = (event: DragEvent): void => {
    if (options.onFiles === null || !carriesFiles(event)) return;
    // Without this the browser refuses the drop (and would open the file instead).
    event.preventDefault();
    if (event.dataTransfer !== null) event.dataTransfer.dropEffect = 'copy';
  };
  const leave = (event: DragEvent): void => {
    if (options.onFiles === null || !carriesFiles(event)) return;
    depth = Math.max(0, depth - 1);
    if (depth === 0) mark(false);
  };
  const drop = (event: DragEvent): void => {
    const onFiles = options.onFiles;
    if (onFiles === null || !carriesFiles(event)) return;
    event.preventDefault();
    depth = 0;
    mark(false);
    const files = [...(event.dataTransfer?.files ?? [])];
    if (files.length > 0) onFiles(files);
  };
  node.addEventListener('dragenter', enter);
  node.addEventListener('dragover', over);
  node.addEventListener('dragleave', leave);
  node.addEventListener('drop', drop);
  return {
    update(next) {
      options = next;
      if (next.onFiles === null) mark(false);
    },
    destroy() {
      node.removeEventListener('dragenter', enter);
      node.removeEventListener('dragover', over);
      node.removeEventListener('dragleave', leave);
      node.removeEventListener('drop', drop);
    },
  };
}

/** Where dropped files go: the pod (and container) of a request that carries more. */
export function podRefOf(place: PodRef): PodRef {
  const { context, namespace, pod, container } = place;
  return container === undefined ? { context, namespace, pod } : { context, namespace, pod, container };
}
