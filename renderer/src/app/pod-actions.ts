// What can be done to the pod (or container) selected in the sidebar, as ONE table, as k9s keeps
// its actions: the sidebar draws its buttons, its keys and its hint from this table, so a new pod
// action is one entry in POD_ACTIONS (plus, when it needs something the app cannot do yet, one
// method of PodActionHost, which App.svelte provides).
import type { LucideIcon } from '@lucide/svelte';
import ArrowLeftRightIcon from '@lucide/svelte/icons/arrow-left-right';
import BoxesIcon from '@lucide/svelte/icons/boxes';
import BugIcon from '@lucide/svelte/icons/bug';
import FileCodeIcon from '@lucide/svelte/icons/file-code';
import Grid2x2Icon from '@lucide/svelte/icons/grid-2x2';
import RotateCcwIcon from '@lucide/svelte/icons/rotate-ccw';
import ServerIcon from '@lucide/svelte/icons/server';
import TrashIcon from '@lucide/svelte/icons/trash';
import { TAB_KIND_ICONS } from '../lib/tab-kind-icons.ts';
import { tooltipWithKey } from '../lib/tooltip.ts';
import { appLabel } from './pod-status.ts';
import type { PodRow } from './pod-tree.ts';

/** What an action may ask of the app: the sidebar's callbacks from App.svelte. */
export interface PodActionHost {
  /** Opens a shell tab in the row's container (the pod's default one for a pod row). */
  onShell(row: PodRow): void;
  /** Opens a logs tab of the row's pod or container. */
  onLogs(row: PodRow): void;
  /** Opens a logs tab merging every pod that `selector` (`key=value`) matches. */
  onAppLogs(row: PodRow, selector: string): void;
  /** Opens a shell in a debug (ephemeral) container beside the row's container (optional, as onShellEveryPod). */
  onDebug?(row: PodRow): void;
  /** Asks, then opens a shell on the row's pod's node (optional). */
  onNodeShell?(row: PodRow): void;
  /** Opens a file browser on the row's container (optional, as onShellEveryPod). */
  onFiles?(row: PodRow): void;
  /** Opens the port-forward drawer on the row's pod. */
  onPortForward(row: PodRow): void;
  /**
   * Opens one tab with a shell in every ready pod `selector` matches, in a grid, broadcast off.
   * Optional: a sidebar drawn without the workspace (its tests) offers the button but does nothing.
   */
  onShellEveryPod?(row: PodRow, selector: string): void;
  /** Shows the pod's YAML, read-only (optional, as onShellEveryPod). */
  onYaml?(row: PodRow): void;
  /** Deletes the pod, after asking. */
  onDelete?(row: PodRow): void;
  /** Restarts (rolls out again) the pod's workload, after asking. */
  onRestartWorkload?(row: PodRow): void;
}

/** Text that may depend on the selected row. */
type RowText = string | ((row: PodRow) => string);

export interface PodAction {
  /** Stable identity: the key of its button. */
  readonly id: string;
  /** The button's short name: its text when prominent, and its name in lists of actions. */
  readonly label: RowText;
  /**
   * Drawn with its text in the sidebar's action bar: the actions reached for most. The others are
   * their icons alone, named by their tooltips (name and key), so the bar keeps to two lines in the
   * sidebar's width instead of four.
   */
  readonly prominent?: boolean;
  /** The button's icon (the same one wherever the action shows, e.g. a tab of its kind). */
  readonly icon: LucideIcon;
  /** The button's accessible name. */
  readonly name: RowText;
  /** The button's tooltip; the key, when there is one, follows it: "Logs (L)". */
  readonly title: RowText;
  /**
   * The KeyboardEvent.key that runs it while the tree has the focus (a letter in either case,
   * unmodified). 'Enter' is also what a double-click on a pod or container runs.
   */
  readonly key?: string;
  /** With a key: what it does, as the hint says after the key's name ("Enter opens a shell"). */
  readonly help?: string;
  /** Whether it applies to the row: its button shows and its key works only then. Absent: always. */
  readonly when?: (row: PodRow) => boolean;
  readonly run: (row: PodRow, host: PodActionHost) => void;
}

/** `key=value` of the label that groups the pod with its siblings (app.kubernetes.io/name, app, …), if any. */
function appSelector(row: PodRow): string | null {
  const label = appLabel(row.pod);
  return label === null ? null : `${label.key}=${label.value}`;
}

export const POD_ACTIONS: readonly PodAction[] = [
  { id: 'shell', label: 'Shell', prominent: true, icon: TAB_KIND_ICONS.terminal, name: 'Open a shell', title: 'Shell', key: 'Enter', help: 'opens a shell', run: (row, host) => host.onShell(row) },
  { id: 'logs', label: 'Logs', prominent: true, icon: TAB_KIND_ICONS.logs, name: 'Open logs', title: 'Logs', key: 'l', help: 'its logs', run: (row, host) => host.onLogs(row) },
  {
    id: 'app-logs',
    label: (row) => `All ${appLabel(row.pod)?.value ?? ''}`,
    icon: BoxesIcon,
    name: (row) => `Logs of all pods with ${appSelector(row)}`,
    title: (row) => `Merged logs of every pod with ${appSelector(row)}`,
    when: (row) => appSelector(row) !== null,
    run: (row, host) => {
      const selector = appSelector(row);
      if (selector !== null) host.onAppLogs(row, selector);
    },
  },
  {
    id: 'shell-every-pod',
    label: (row) => `Shells: all ${appLabel(row.pod)?.value ?? ''}`,
    icon: Grid2x2Icon,
    name: (row) => `Shell into every pod with ${appSelector(row)}`,
    title: (row) => `Shell into every ready pod with ${appSelector(row)}, in a grid`,
    key: 'g',
    help: 'a shell in every pod of its workload',
    when: (row) => appSelector(row) !== null,
    run: (row, host) => {
      const selector = appSelector(row);
      if (selector !== null) host.onShellEveryPod?.(row, selector);
    },
  },
  { id: 'files', label: 'Files', prominent: true, icon: TAB_KIND_ICONS.files, name: 'Browse files', title: 'Files of the container', key: 'f', help: 'its files', run: (row, host) => host.onFiles?.(row) },
  { id: 'debug', label: 'Debug', icon: BugIcon, name: 'Debug with an ephemeral container', title: 'Shell in a debug container beside it', key: 'd', help: 'a debug container', run: (row, host) => host.onDebug?.(row) },
  {
    id: 'node-shell',
    label: 'Node shell',
    icon: ServerIcon,
    name: (row) => `Shell on ${nodeOf(row)}`,
    title: (row) => `Shell on ${nodeOf(row)} (a privileged pod; asks first)`,
    key: 'n',
    help: 'a shell on its node',
    when: (row) => row.pod.nodeName !== undefined,
    run: (row, host) => host.onNodeShell?.(row),
  },
  { id: 'yaml', label: 'YAML', icon: FileCodeIcon, name: 'Show the YAML', title: 'YAML (read-only)', key: 'y', help: 'its YAML', run: (row, host) => host.onYaml?.(row) },
  {
    id: 'restart-workload',
    label: 'Restart',
    icon: RotateCcwIcon,
    name: 'Restart its workload',
    title: (row) => `Rollout restart of ${row.pod.owner === undefined ? 'its workload' : `the ${row.pod.owner.kind === 'ReplicaSet' ? 'Deployment' : row.pod.owner.kind} of ${row.pod.name}`}`,
    key: 'r',
    help: 'restarts its workload',
    when: (row) => row.pod.owner !== undefined,
    run: (row, host) => host.onRestartWorkload?.(row),
  },
  { id: 'delete', label: 'Delete', icon: TrashIcon, name: 'Delete the pod', title: 'Delete the pod', key: 'Delete', help: 'deletes it', run: (row, host) => host.onDelete?.(row) },
  { id: 'forward', label: 'Forward', prominent: true, icon: ArrowLeftRightIcon, name: 'Forward a port', title: 'Port-forward', key: 'p', help: 'forwards one of its ports', run: (row, host) => host.onPortForward(row) },
];

/** "node worker-1", or "its node" for a pod not scheduled yet. */
function nodeOf(row: PodRow): string {
  return row.pod.nodeName === undefined ? 'its node' : `node ${row.pod.nodeName}`;
}

export function textOf(text: RowText, row: PodRow): string {
  return typeof text === 'string' ? text : text(row);
}

/** How a key is written in titles and the hint: letters upper case ("L"), named keys as named ("Enter"). */
export function keyLabel(key: string): string {
  return key.length === 1 ? key.toUpperCase() : key;
}

/** The tooltip of an action's button, with its key. */
export function actionTitle(action: PodAction, row: PodRow): string {
  return tooltipWithKey(textOf(action.title, row), action.key === undefined ? undefined : keyLabel(action.key));
}

export function appliesTo(action: PodAction, row: PodRow): boolean {
  return action.when?.(row) ?? true;
}

/** The action bound to a key press's KeyboardEvent.key, whether or not it applies to the selection. */
export function actionForKey(actions: readonly PodAction[], key: string): PodAction | undefined {
  const pressed = key.length === 1 ? key.toLowerCase() : key;
  return actions.find((action) => action.key !== undefined && (action.key.length === 1 ? action.key.toLowerCase() : action.key) === pressed);
}

/** The keys of the actions and what each does, for help: [{ key: 'Enter', help: 'opens a shell' }, …]. */
export function podActionKeys(actions: readonly PodAction[]): Array<{ key: string; help: string }> {
  return actions.flatMap((action) => (action.key !== undefined && action.help !== undefined ? [{ key: keyLabel(action.key), help: action.help }] : []));
}

/** How many keys the hint spells out; the rest are named in the buttons' tooltips (ten took five lines). */
const HINT_KEYS = 3;

/** The hint shown while no pod is selected: "Select a pod: Enter opens a shell, L its logs, …, and 7 more keys, each named in its button's tooltip." */
export function podActionHint(actions: readonly PodAction[]): string {
  const keys = podActionKeys(actions).map(({ key, help }) => `${key} ${help}`);
  if (keys.length === 0) return 'Select a pod.';
  const rest = keys.length - HINT_KEYS;
  if (rest <= 0) return `Select a pod: ${keys.join(', ')}.`;
  return `Select a pod: ${keys.slice(0, HINT_KEYS).join(', ')}, and ${rest} more ${rest === 1 ? 'key' : 'keys'}, each named in its button's tooltip.`;
}
