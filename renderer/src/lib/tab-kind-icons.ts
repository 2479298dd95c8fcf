// The icon of each kind of tab, the same wherever a tab shows (the tab strip, a pane's header), and
// the same as the pod action that opens it (app/pod-actions.ts).
import type { LucideIcon } from '@lucide/svelte';
import CirclePlayIcon from '@lucide/svelte/icons/circle-play';
import FolderOpenIcon from '@lucide/svelte/icons/folder-open';
import ScrollTextIcon from '@lucide/svelte/icons/scroll-text';
import SquareTerminalIcon from '@lucide/svelte/icons/square-terminal';
import type { TabKind } from './tabs.ts';

export const TAB_KIND_ICONS: Record<TabKind, LucideIcon> = {
  terminal: SquareTerminalIcon,
  logs: ScrollTextIcon,
  playback: CirclePlayIcon,
  files: FolderOpenIcon,
};
