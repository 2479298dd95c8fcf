// The menu's command messages (shared/bridge/app-commands.ts): told apart from wire messages on the
// shared port, checked strictly, and a bridge that carries them recognisable to the renderer.
import { describe, expect, it } from 'vitest';
import { APP_COMMANDS, PASTE_REQUEST, hasAppCommands, hasNativePaste, isCommandFrame, isPasteRequest, parseAppCommandMessage } from '../../../../shared/bridge/app-commands.ts';
import { BridgeClient } from '../../../../shared/bridge/bridge-client.ts';
import { exposableBridge, pageBridge } from '../../../../shared/bridge/isolated-world.ts';
import { SchemaError } from '../../../../shared/bridge/schema.ts';

describe('command frames', () => {
  it('are told apart from wire messages by their tag alone', () => {
    expect(isCommandFrame({ t: 'command', command: 'new-shell' })).toBe(true);
    expect(isCommandFrame({ t: 'command' })).toBe(true);
    for (const frame of [{ t: 'hello', version: 1 }, { t: 'event' }, null, 'command', 7, []]) expect(isCommandFrame(frame)).toBe(false);
  });

  it('parse for every command the menu has', () => {
    for (const command of APP_COMMANDS) expect(parseAppCommandMessage({ t: 'command', command }, 'command')).toEqual({ t: 'command', command });
  });

  it.each([
    [{ t: 'command', command: 'rm-rf' }, /command\.command must be one of/],
    [{ t: 'command' }, /command\.command is missing/],
    [{ t: 'command', command: 'new-shell', extra: 1 }, /unknown field "extra"/],
  ])('refuse %j', (frame, problem) => {
    expect(() => parseAppCommandMessage(frame, 'command')).toThrow(SchemaError);
    expect(() => parseAppCommandMessage(frame, 'command')).toThrow(problem);
  });
});

describe('the paste request', () => {
  it('is told apart from wire messages and commands, and carries nothing else', () => {
    expect(isPasteRequest(PASTE_REQUEST)).toBe(true);
    expect(isPasteRequest(structuredClone(PASTE_REQUEST))).toBe(true);
    for (const frame of [{ t: 'paste', text: 'rm -rf /' }, { t: 'call', id: 1, method: 'paste', args: [] }, { t: 'command', command: 'new-shell' }, null, 'paste']) {
      expect(isPasteRequest(frame)).toBe(false);
    }
  });
});

describe('hasAppCommands and hasNativePaste', () => {
  it('are true for the Electron bridge, also as the page sees it, and false for the web host’s', () => {
    const electron = exposableBridge(new BridgeClient(), { onAppCommand: () => () => undefined }, { paste: () => undefined });
    for (const has of [hasAppCommands, hasNativePaste]) {
      expect(has(electron)).toBe(true);
      expect(has(pageBridge(electron))).toBe(true);
      expect(has(new BridgeClient())).toBe(false);
    }
  });
});
