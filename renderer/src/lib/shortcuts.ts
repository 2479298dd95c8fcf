// Keyboard shortcuts: key events in, commands out, as data plus one pure function.
//
// App commands use the platform's "primary" chord: Cmd on macOS, Ctrl+Shift elsewhere, because a
// plain Ctrl+C, Ctrl+V, Ctrl+W or Ctrl+T must reach the shell in the pod (interrupt, literal next,
// delete word, transpose).
//
//   command         macOS                      Linux / Windows
//   new-shell       Cmd+T                      Ctrl+Shift+T
//   new-logs        Cmd+L                      Ctrl+Shift+L
//   close-tab       Cmd+W                      Ctrl+Shift+W
//   next-tab        Cmd+Shift+] , Ctrl+Tab     Ctrl+Tab , Ctrl+PageDown
//   previous-tab    Cmd+Shift+[ , Ctrl+Shift+Tab   Ctrl+Shift+Tab , Ctrl+PageUp
//   copy            Cmd+C                      Ctrl+Shift+C
//   paste           Cmd+V                      Ctrl+Shift+V , Shift+Insert
//   find            Cmd+F                      Ctrl+Shift+F
//   command-palette Cmd+Shift+P                Ctrl+Shift+P
//   split-right     Cmd+D                      Ctrl+Shift+D
//   split-down      Cmd+Shift+D                Ctrl+Shift+E
//   focus-pane-*    Option+Arrow               Alt+Arrow     (left, right, up, down; not in text boxes)
//   (close-tab closes the focused pane; the last pane closes its tab)
//   toggle-broadcast Cmd+Shift+B               Ctrl+Shift+B  (the focused pane's tab, or its group)
//   toggle-recording Cmd+Shift+X               Ctrl+Shift+X  (the focused terminal pane's session)
//   open-recording  Cmd+O                      Ctrl+Shift+O  (a .cast file, played in a new tab)
//   toggle-pod-details Cmd+Shift+K             Ctrl+Shift+K  (the selected pod's details beside the sidebar)
//   toggle-forwards Cmd+Shift+Y                Ctrl+Shift+Y  (the port-forwards drawer)
//   toggle-transfers Cmd+Shift+U               Ctrl+Shift+U  (the transfers drawer: downloads and uploads)
//
// On the selected pod in the sidebar (POD_ACTIONS in app/pod-actions.ts), unmodified:
//   y  its YAML (read-only)   r  rollout restart of its workload   Delete  delete it (both ask first)
//   p  forward one of its ports (the port-forwards drawer, on this pod)
//   d  a shell in a debug (ephemeral) container beside it   n  a shell on its node (asks first)
//   f  its files (a file browser pane)
//
// Inside a file browser pane (its own keys, BROWSER_KEYS in app/file-browser.ts; not while typing
// a folder's name): ↑ ↓ Home End PageUp PageDown move, Enter opens a folder (downloads a file),
// Backspace goes up, F5 or Ctrl+R (Cmd+R) lists again, N new folder, U upload, D download,
// Delete deletes (asks first: Enter confirms, Esc cancels).
//
// Inside a terminal pane whose session ended (exited, or its connection lost), Enter starts it
// again (Reconnect: a new shell in the same pod and container); when the container had no shell,
// Enter opens a debug container's shell instead. While the session runs, Enter is the shell's, so
// this key is the pane's own (TerminalPane.svelte), not in APP_BINDINGS.
//
// Inside a log pane (not while typing in its filter box), k9s's keys, unmodified:
//
//   p  previous container's logs     0  tail (the last lines, no time limit)
//   2  since 1 minute                3  since 5 minutes      4  since 15 minutes
//   5  since 30 minutes              6  since 1 hour
//   s  follow (autoscroll) on/off    w  wrap on/off          t  timestamps on/off
//   a  all containers / one          /  focus the filter     Ctrl+S (Cmd+S on macOS)  save
//   i  init and ephemeral containers in or out (the logs of a workload or selector)
//   x  the other contexts the same workload or selector is followed in
//   v  cycle the minimum level (all, debug, info, warn, error)
//   c  pick the fields shown as columns                      j  jump to a time (12:03, -5m, RFC3339)
//   Enter  expand the selected line (↑ ↓ move the selection, Esc closes)
//
// In a text box, copy and paste are left to the box itself. Letters are matched by the character
// they type (so Dvorak users press the letter they see) and, for non-Latin layouts, by key position.

export type Platform = 'mac' | 'other';

export type AppCommand =
  | 'new-shell'
  | 'new-logs'
  | 'close-tab'
  | 'next-tab'
  | 'previous-tab'
  | 'copy'
  | 'paste'
  | 'find'
  | 'command-palette'
  | 'split-right'
  | 'split-down'
  | 'focus-pane-left'
  | 'focus-pane-right'
  | 'focus-pane-up'
  | 'focus-pane-down'
  | 'toggle-broadcast'
  | 'toggle-recording'
  | 'open-recording'
  | 'toggle-pod-details'
  | 'toggle-forwards'
  | 'toggle-transfers';

export type LogPaneCommand =
  | 'previous-container'
  | 'tail'
  | 'since-1m'
  | 'since-5m'
  | 'since-15m'
  | 'since-30m'
  | 'since-1h'
  | 'toggle-follow'
  | 'toggle-wrap'
  | 'toggle-timestamps'
  | 'toggle-all-containers'
  | 'toggle-init-containers'
  | 'pick-contexts'
  | 'focus-filter'
  | 'save'
  | 'cycle-level'
  | 'pick-columns'
  | 'jump-to-time'
  | 'expand-line';

export type Command = AppCommand | LogPaneCommand;

/** Where the keyboard focus is: it decides which map applies. */
export type Focus = 'terminal' | 'log-pane' | 'text-input' | 'other';

/** The fields of a KeyboardEvent this needs, so it can be tested without a DOM. */
export interface KeyInput {
  readonly key: string;
  readonly code?: string;
  readonly ctrlKey: boolean;
  readonly shiftKey: boolean;
  readonly altKey: boolean;
  readonly metaKey: boolean;
}

interface Chord {
  /** A lower-case letter or digit, or a KeyboardEvent.key name such as 'Tab' or 'PageDown'. */
  readonly key: string;
  /** KeyboardEvent.code, for keys whose character changes with Shift (']' becomes '}'). */
  readonly code?: string;
  readonly ctrl?: boolean;
  readonly shift?: boolean;
  readonly alt?: boolean;
  readonly meta?: boolean;
}

interface Binding<C extends Command> {
  readonly command: C;
  readonly mac: readonly Chord[];
  readonly other: readonly Chord[];
}

const cmd = (key: string, extra: Partial<Chord> = {}): Chord => ({ key, meta: true, ...extra });
const ctrlShift = (key: string, extra: Partial<Chord> = {}): Chord => ({ key, ctrl: true, shift: true, ...extra });

export const APP_BINDINGS: readonly Binding<AppCommand>[] = [
  { command: 'new-shell', mac: [cmd('t')], other: [ctrlShift('t')] },
  { command: 'new-logs', mac: [cmd('l')], other: [ctrlShift('l')] },
  { command: 'close-tab', mac: [cmd('w')], other: [ctrlShift('w')] },
  {
    command: 'next-tab',
    mac: [cmd(']', { shift: true, code: 'BracketRight' }), { key: 'Tab', ctrl: true }],
    other: [{ key: 'Tab', ctrl: true }, { key: 'PageDown', ctrl: true }],
  },
  {
    command: 'previous-tab',
    mac: [cmd('[', { shift: true, code: 'BracketLeft' }), { key: 'Tab', ctrl: true, shift: true }],
    other: [{ key: 'Tab', ctrl: true, shift: true }, { key: 'PageUp', ctrl: true }],
  },
  { command: 'copy', mac: [cmd('c')], other: [ctrlShift('c')] },
  { command: 'paste', mac: [cmd('v')], other: [ctrlShift('v'), { key: 'Insert', shift: true }] },
  { command: 'find', mac: [cmd('f')], other: [ctrlShift('f')] },
  { command: 'command-palette', mac: [cmd('p', { shift: true })], other: [ctrlShift('p')] },
  { command: 'split-right', mac: [cmd('d')], other: [ctrlShift('d')] },
  { command: 'split-down', mac: [cmd('d', { shift: true })], other: [ctrlShift('e')] },
  ...(['left', 'right', 'up', 'down'] as const).map((direction) => {
    const chord: Chord = { key: `Arrow${direction[0]!.toUpperCase()}${direction.slice(1)}`, alt: true };
    return { command: `focus-pane-${direction}` as const, mac: [chord], other: [chord] };
  }),
  { command: 'toggle-broadcast', mac: [cmd('b', { shift: true })], other: [ctrlShift('b')] },
  { command: 'toggle-recording', mac: [cmd('x', { shift: true })], other: [ctrlShift('x')] },
  { command: 'open-recording', mac: [cmd('o')], other: [ctrlShift('o')] },
  { command: 'toggle-pod-details', mac: [cmd('k', { shift: true })], other: [ctrlShift('k')] },
  { command: 'toggle-forwards', mac: [cmd('y', { shift: true })], other: [ctrlShift('y')] },
  { command: 'toggle-transfers', mac: [cmd('u', { shift: true })], other: [ctrlShift('u')] },
];

const plain = (key: string): Chord => ({ key });

export const LOG_PANE_BINDINGS: readonly Binding<LogPaneCommand>[] = [
  { command: 'previous-container', mac: [plain('p')], other: [plain('p')] },
  { command: 'tail', mac: [plain('0')], other: [plain('0')] },
  { command: 'since-1m', mac: [plain('2')], other: [plain('2')] },
  { command: 'since-5m', mac: [plain('3')], other: [plain('3')] },
  { command: 'since-15m', mac: [plain('4')], other: [plain('4')] },
  { command: 'since-30m', mac: [plain('5')], other: [plain('5')] },
  { command: 'since-1h', mac: [plain('6')], other: [plain('6')] },
  { command: 'toggle-follow', mac: [plain('s')], other: [plain('s')] },
  { command: 'toggle-wrap', mac: [plain('w')], other: [plain('w')] },
  { command: 'toggle-timestamps', mac: [plain('t')], other: [plain('t')] },
  { command: 'toggle-all-containers', mac: [plain('a')], other: [plain('a')] },
  { command: 'toggle-init-containers', mac: [plain('i')], other: [plain('i')] },
  { command: 'pick-contexts', mac: [plain('x')], other: [plain('x')] },
  { command: 'focus-filter', mac: [plain('/')], other: [plain('/')] },
  { command: 'save', mac: [{ key: 's', ctrl: true }, cmd('s')], other: [{ key: 's', ctrl: true }] },
  { command: 'cycle-level', mac: [plain('v')], other: [plain('v')] },
  { command: 'pick-columns', mac: [plain('c')], other: [plain('c')] },
  { command: 'jump-to-time', mac: [plain('j')], other: [plain('j')] },
  { command: 'expand-line', mac: [plain('Enter')], other: [plain('Enter')] },
];

/** The "since" presets in seconds. */
export const SINCE_SECONDS = {
  'since-1m': 60,
  'since-5m': 300,
  'since-15m': 900,
  'since-30m': 1800,
  'since-1h': 3600,
} as const satisfies Partial<Record<LogPaneCommand, number>>;

export function platformOf(navigatorPlatform: string): Platform {
  return /^(Mac|iPhone|iPad|iPod)/i.test(navigatorPlatform) ? 'mac' : 'other';
}

const LATIN_LETTER = /^[a-z]$/i;

function keyMatches(chord: Chord, input: KeyInput): boolean {
  const key = input.key.length === 1 ? input.key.toLowerCase() : input.key;
  if (key === chord.key) return true;
  if (chord.code !== undefined && input.code === chord.code) return true;
  // A non-Latin layout types another character on the letter keys: fall back to the key's position.
  return LATIN_LETTER.test(chord.key) && !LATIN_LETTER.test(input.key) && input.code === `Key${chord.key.toUpperCase()}`;
}

/** Shift is part of an unmodified chord only for letters: '/' needs Shift on many layouts. */
function modifiersMatch(chord: Chord, input: KeyInput): boolean {
  const unmodified = !chord.ctrl && !chord.alt && !chord.meta && !chord.shift;
  const shiftMatters = !unmodified || LATIN_LETTER.test(chord.key);
  return (
    !!chord.ctrl === input.ctrlKey &&
    !!chord.alt === input.altKey &&
    !!chord.meta === input.metaKey &&
    (!shiftMatters || !!chord.shift === input.shiftKey)
  );
}

function find<C extends Command>(bindings: readonly Binding<C>[], platform: Platform, input: KeyInput): C | null {
  for (const binding of bindings) {
    for (const chord of binding[platform]) {
      if (modifiersMatch(chord, input) && keyMatches(chord, input)) return binding.command;
    }
  }
  return null;
}

const LOG_PANE_COMMANDS: ReadonlySet<Command> = new Set<Command>(LOG_PANE_BINDINGS.map((binding) => binding.command));

export function isLogPaneCommand(command: Command): command is LogPaneCommand {
  return LOG_PANE_COMMANDS.has(command);
}

// Alt+arrow moves by word in a text box (Option+arrow on macOS): the box keeps it.
const LEFT_TO_TEXT_BOXES: ReadonlySet<Command> = new Set<Command>(['copy', 'paste', 'focus-pane-left', 'focus-pane-right', 'focus-pane-up', 'focus-pane-down']);

/** The command a key press means where the focus is, or null to let the key through. */
export function commandFor(input: KeyInput, platform: Platform, focus: Focus): Command | null {
  const app = find(APP_BINDINGS, platform, input);
  if (app !== null) return focus === 'text-input' && LEFT_TO_TEXT_BOXES.has(app) ? null : app;
  if (focus === 'log-pane') return find(LOG_PANE_BINDINGS, platform, input);
  return null;
}

const MAC_SYMBOLS: Record<string, string> = { meta: '⌘', ctrl: '⌃', alt: '⌥', shift: '⇧' };

/** How a chord is written in menus and help: "⌘⇧]" on macOS, "Ctrl+Shift+T" elsewhere. */
const ARROWS: Readonly<Record<string, string>> = { ArrowLeft: '←', ArrowRight: '→', ArrowUp: '↑', ArrowDown: '↓' };

function chordLabel(chord: Chord, platform: Platform): string {
  const key = ARROWS[chord.key] ?? (chord.key.length === 1 ? chord.key.toUpperCase() : chord.key);
  const mods = (['ctrl', 'alt', 'shift', 'meta'] as const).filter((mod) => chord[mod]);
  if (platform === 'mac') return mods.map((mod) => MAC_SYMBOLS[mod]).join('') + key;
  const names = { ctrl: 'Ctrl', alt: 'Alt', shift: 'Shift', meta: 'Meta' } as const;
  return [...mods.map((mod) => names[mod]), key].join('+');
}

/** Every binding for one platform, for a help sheet. */
export function describeShortcuts(platform: Platform): Array<{ command: Command; keys: string[] }> {
  return [...APP_BINDINGS, ...LOG_PANE_BINDINGS].map((binding) => ({
    command: binding.command,
    keys: binding[platform].map((chord) => chordLabel(chord, platform)),
  }));
}

/** How one command's keys are written on the platform, for its tooltip: ["Ctrl+Shift+T"], ["P"]. */
export function shortcutKeys(command: Command, platform: Platform): string[] {
  return describeShortcuts(platform).find((entry) => entry.command === command)?.keys ?? [];
}
