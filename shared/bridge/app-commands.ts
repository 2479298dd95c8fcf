// Commands the app's native menu (Electron) sends to the focused window's renderer. They travel
// over the window's bridge MessagePort as a small message of their own, beside the wire messages
// (wire.ts), and the Electron preload hands them to `onAppCommand` listeners. One request goes the
// other way on the same port: paste (NativePaste below).
//
// The names are the renderer's shortcut commands (renderer/src/lib/shortcuts.ts), so a menu click
// and a key press reach the same handler. The web host has no menu: there the renderer's keyboard
// shortcuts are the only source, and its bridge has no `onAppCommand` (see hasAppCommands).
import type { PortholeBridge } from './bridge.ts';
import type { Unsubscribe } from './core-api.ts';
import { objectOf, oneOf, type Schema } from './schema.ts';

export const APP_COMMANDS = ['new-shell', 'new-logs', 'next-tab', 'previous-tab', 'close-tab'] as const;

export type AppCommand = (typeof APP_COMMANDS)[number];

/** On the port, from main to the window. */
export interface AppCommandMessage {
  readonly t: 'command';
  readonly command: AppCommand;
}

export interface AppCommandSource {
  /** Hears the menu's commands meant for this window. */
  onAppCommand(listener: (command: AppCommand) => void): Unsubscribe;
}

/**
 * Paste in Electron: the page asks main, which runs the paste in the focused element
 * (webContents.paste()), so the focused terminal gets an ordinary paste event. A page that shows
 * pod output is never granted reading the clipboard itself. The web host has no such call: there
 * the page reads the clipboard with the browser's permission (see hasNativePaste).
 */
export interface NativePaste {
  paste(): void;
}

/** On the port, from the window to main: the paste request. */
export interface PasteRequestMessage {
  readonly t: 'paste';
}

export const PASTE_REQUEST: PasteRequestMessage = { t: 'paste' };

/** What the Electron preload puts on the window: the bridge, plus the menu's commands and paste. */
export type ElectronBridge = PortholeBridge & AppCommandSource & NativePaste;

/** Throws a SchemaError naming what is wrong. */
export const parseAppCommandMessage: Schema<AppCommandMessage> = objectOf<AppCommandMessage>({
  t: oneOf('command'),
  command: oneOf(...APP_COMMANDS),
});

/** True for a frame that claims to be a command (it may still be malformed: parse it). */
export function isCommandFrame(frame: unknown): boolean {
  return typeof frame === 'object' && frame !== null && (frame as { t?: unknown }).t === 'command';
}

export function hasAppCommands(bridge: PortholeBridge): bridge is PortholeBridge & AppCommandSource {
  return typeof (bridge as Partial<AppCommandSource>).onAppCommand === 'function';
}

/** True for the paste request; it carries nothing else. */
export function isPasteRequest(frame: unknown): boolean {
  return typeof frame === 'object' && frame !== null && (frame as { t?: unknown }).t === 'paste' && Object.keys(frame).length === 1;
}

export function hasNativePaste(bridge: PortholeBridge): bridge is PortholeBridge & NativePaste {
  return typeof (bridge as Partial<NativePaste>).paste === 'function';
}
