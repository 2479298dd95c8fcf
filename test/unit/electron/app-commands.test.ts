// The menu's command messages (shared/bridge/app-commands.ts): told apart from wire messages on the
// shared port, checked strictly, and a bridge that carries them recognisable to the renderer.
import { describe, expect, it } from 'vitest';
import { APP_COMMANDS, hasAppCommands, isCommandFrame, parseAppCommandMessage } from '../../../shared/bridge/app-commands.ts';
import { BridgeClient } from '../../../shared/bridge/bridge-client.ts';
import { exposableBridge, pageBridge } from '../../../shared/bridge/isolated-world.ts';
import { SchemaError } from '../../../shared/bridge/schema.ts';

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

describe('hasAppCommands', () => {
  it('is true for the Electron bridge, also as the page sees it, and false for the web host’s', () => {
    const electron = exposableBridge(new BridgeClient(), { onAppCommand: () => () => undefined });
    expect(hasAppCommands(electron)).toBe(true);
    expect(hasAppCommands(pageBridge(electron))).toBe(true);
    expect(hasAppCommands(new BridgeClient())).toBe(false);
  });
});
