// What the app as a whole can do, as ONE table, the way POD_ACTIONS (pod-actions.ts) is the table
// of what can be done to a pod: key presses and Electron's menu commands run these entries, the
// command palette lists them and the welcome page's shortcut table is drawn from them. A new app
// command is one entry in APP_ACTIONS (plus, when it has a key, its binding in lib/shortcuts.ts
// APP_BINDINGS, and, when it needs something the app does not offer yet, one member of
// AppActionHost, which App.svelte implements).
//
// Copy, paste and find have keys but no entry: they belong to the focused terminal or text box.
import { shortcutKeys, type AppCommand, type Platform } from '../lib/shortcuts.ts';
import type { Workspace } from './workspace/workspace.svelte.ts';

/** The side drawers of the window. */
export type Drawer = 'ports' | 'settings' | 'sessions' | 'recordings' | 'transfers';

/** What an app action may ask of the window: App.svelte implements it once. */
export interface AppActionHost {
  readonly workspace: Workspace;
  /** A shell in the pod selected in the sidebar, else the active tab's pod (or a notice saying how). */
  newShell(): void;
  /** Logs of the pod selected in the sidebar, else the active tab's container (or a notice). */
  newLogs(): void;
  /** Opens the drawer, or closes it when it is the one open. */
  toggleDrawer(drawer: Drawer): void;
  openPalette(): void;
  readonly paletteOpen: boolean;
  /** Broadcast on for every terminal of the focused pane's tab (asking first when one is production), or off for its group. */
  toggleBroadcast(): void;
  /** Takes the focused pane out of its broadcast group's input, or back in. */
  toggleBroadcastOptOut(): void;
  /** A short message in the window's notice strip. */
  notice(message: string): void;
  /** Starts or stops recording the focused terminal pane's session (with keystrokes as the window's checkbox says). */
  toggleRecording(): void;
  /** Asks for a .cast file and plays it in a new tab. */
  openRecording(): void;
  /** Shows or hides the selected pod's details beside the sidebar (the choice is remembered). */
  togglePodDetails(): void;
}

export interface AppAction {
  /** Stable identity. */
  readonly id: string;
  /** How the palette and menus name it: "New shell". */
  readonly label: string;
  /** What it does, one line for help and the palette: "Opens a shell in the selected pod". */
  readonly help: string;
  /** The command whose keys (lib/shortcuts.ts APP_BINDINGS) run it; absent: the palette only. */
  readonly command?: AppCommand;
  /** Whether it applies now: the palette lists it only then, its key does nothing otherwise. Absent: always. */
  readonly when?: (host: AppActionHost) => boolean;
  readonly run: (host: AppActionHost) => void;
}

const severalTabs = (host: AppActionHost): boolean => host.workspace.tabs.length > 1;
const hasFocusedPane = (host: AppActionHost): boolean => host.workspace.focusedPane !== null;

export const APP_ACTIONS: readonly AppAction[] = [
  { id: 'new-shell', label: 'New shell', help: 'Opens a shell in the selected pod', command: 'new-shell', run: (host) => host.newShell() },
  { id: 'new-logs', label: 'New logs', help: 'Opens the logs of the selected pod', command: 'new-logs', run: (host) => host.newLogs() },
  {
    id: 'close-tab',
    label: 'Close pane',
    help: 'Closes the focused pane; its last pane closes the tab',
    command: 'close-tab',
    when: hasFocusedPane,
    run: (host) => {
      if (host.workspace.focusedPane !== null) host.workspace.closePane(host.workspace.focusedPane.id);
    },
  },
  ...(['right', 'down'] as const).map(
    (side): AppAction => ({
      id: `split-${side}`,
      label: `Split ${side}`,
      help: `Opens a new shell (or the same logs) ${side === 'right' ? 'beside' : 'below'} the focused pane`,
      command: `split-${side}`,
      when: hasFocusedPane,
      run: (host) => {
        void host.workspace.split(side).then((split) => {
          if (!split) host.notice('This pane cannot be split: it was opened from another window, so what to start beside it is not known here.');
        });
      },
    }),
  ),
  ...(['left', 'right', 'up', 'down'] as const).map(
    (direction): AppAction => ({
      id: `focus-pane-${direction}`,
      label: `Focus pane ${direction}`,
      help: `Moves the keyboard focus to the pane ${direction === 'up' ? 'above' : direction === 'down' ? 'below' : `on the ${direction}`}`,
      command: `focus-pane-${direction}`,
      when: (host) => (host.workspace.active?.panes ?? 0) > 1,
      run: (host) => host.workspace.focusPane(direction),
    }),
  ),
  { id: 'next-tab', label: 'Next tab', help: 'Goes to the tab on the right', command: 'next-tab', when: severalTabs, run: (host) => host.workspace.cycle(1) },
  { id: 'previous-tab', label: 'Previous tab', help: 'Goes to the tab on the left', command: 'previous-tab', when: severalTabs, run: (host) => host.workspace.cycle(-1) },
  {
    id: 'command-palette',
    label: 'Command palette',
    help: 'Finds any command or pod by typing',
    command: 'command-palette',
    when: (host) => !host.paletteOpen,
    run: (host) => host.openPalette(),
  },
  {
    id: 'toggle-broadcast',
    label: 'Broadcast input',
    help: "Turns broadcast on for the focused pane's tab (what is typed in one terminal goes to all), or off",
    command: 'toggle-broadcast',
    when: (host) => host.workspace.focusedPane?.kind === 'terminal' && host.workspace.focusedPane.sessionId !== null,
    run: (host) => host.toggleBroadcast(),
  },
  {
    id: 'broadcast-opt-out',
    label: 'Opt out of broadcast (or rejoin)',
    help: 'The focused pane stops receiving broadcast input, or receives it again',
    when: (host) => {
      const id = host.workspace.focusedPane?.sessionId;
      return id != null && host.workspace.broadcast.groupOf(id) !== null;
    },
    run: (host) => host.toggleBroadcastOptOut(),
  },
  { id: 'port-forwards', label: 'Port-forwards', help: 'Shows or hides the port-forward drawer', command: 'toggle-forwards', run: (host) => host.toggleDrawer('ports') },
  { id: 'other-sessions', label: 'Other sessions', help: 'Shows or hides the sessions running without a tab here', run: (host) => host.toggleDrawer('sessions') },
  { id: 'settings', label: 'Settings', help: 'Shows or hides the settings', run: (host) => host.toggleDrawer('settings') },
  {
    id: 'toggle-recording',
    label: 'Record terminal',
    help: 'Starts or stops recording the focused terminal to a .cast file',
    command: 'toggle-recording',
    when: (host) => host.workspace.focusedPane?.kind === 'terminal' && host.workspace.focusedPane.sessionId !== null,
    run: (host) => host.toggleRecording(),
  },
  { id: 'open-recording', label: 'Open recording…', help: 'Plays a .cast file in a new tab', command: 'open-recording', run: (host) => host.openRecording() },
  { id: 'recordings', label: 'Recordings', help: 'Shows or hides the recordings drawer', run: (host) => host.toggleDrawer('recordings') },
  {
    id: 'transfers',
    label: 'Transfers',
    help: 'Shows or hides the file transfers drawer: downloads and uploads with their progress',
    command: 'toggle-transfers',
    run: (host) => host.toggleDrawer('transfers'),
  },
  {
    id: 'pod-details',
    label: 'Pod details',
    help: "Shows or hides the selected pod's containers, conditions and live events beside the sidebar",
    command: 'toggle-pod-details',
    run: (host) => host.togglePodDetails(),
  },
];

export function applies(action: AppAction, host: AppActionHost): boolean {
  return action.when?.(host) ?? true;
}

/**
 * Runs the action bound to a key press's or menu's command. False when no action has the command
 * (copy, paste, find: the focused element's), so the event goes on; an action that does not apply
 * now still takes its key, so the key does not reach the shell instead.
 */
export function runCommand(actions: readonly AppAction[], command: AppCommand, host: AppActionHost): boolean {
  const action = actions.find((candidate) => candidate.command === command);
  if (action === undefined) return false;
  if (applies(action, host)) action.run(host);
  return true;
}


/** How the action's keys are written on this platform ("Ctrl+Shift+T"), none without a command. */
export function actionKeys(action: AppAction, platform: Platform): string[] {
  return action.command === undefined ? [] : shortcutKeys(action.command, platform);
}

export interface ShortcutLine {
  readonly id: string;
  readonly label: string;
  readonly keys: string[];
}

/** Commands with keys but no action: the focused terminal's or text box's own. */
const FOCUSED_ELEMENT_COMMANDS: ReadonlyArray<{ command: AppCommand; label: string }> = [
  { command: 'copy', label: 'Copy' },
  { command: 'paste', label: 'Paste' },
  { command: 'find', label: 'Find in the terminal' },
];

/** The help's shortcut table: every action that has keys, then copy, paste and find. */
export function shortcutTable(actions: readonly AppAction[], platform: Platform): ShortcutLine[] {
  const lines = [...actions.map((action) => ({ id: action.id, label: action.label, command: action.command })), ...FOCUSED_ELEMENT_COMMANDS.map(({ command, label }) => ({ id: command, label, command }))];
  return lines.flatMap(({ id, label, command }) => {
    const keys = command === undefined ? [] : shortcutKeys(command, platform);
    return keys.length === 0 ? [] : [{ id, label, keys }];
  });
}
