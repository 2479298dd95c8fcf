// @vitest-environment jsdom
// The WebGL renderer's policy on a real xterm, with a stand-in for xterm's WebglAddon whose context
// the test can lose (jsdom has no WebGL: the real addon cannot start here, which is tested too).
import './jsdom-for-xterm.ts'; // before xterm loads
import type { IDisposable, Terminal } from '@xterm/xterm';
import { describe, expect, it } from 'vitest';
import { WebglRenderer, type TerminalRenderer, type WebglRendererAddon } from '../../../../../renderer/src/lib/terminal/webgl-renderer.ts';
import { openHost } from './host-fixture.ts';

class FakeWebgl implements WebglRendererAddon {
  activatedOn: Terminal | null = null;
  disposed = false;
  readonly #lossListeners: Array<() => void> = [];

  activate(terminal: Terminal): void {
    this.activatedOn = terminal;
  }

  dispose(): void {
    this.disposed = true;
  }

  onContextLoss = (listener: () => void): IDisposable => {
    this.#lossListeners.push(listener);
    return { dispose: () => undefined };
  };

  loseContext(): void {
    for (const listener of this.#lossListeners) listener();
  }
}

function hostWithWebgl(create?: () => WebglRendererAddon) {
  const opened = openHost();
  const drawn: TerminalRenderer[] = [];
  const made: FakeWebgl[] = [];
  const make = () => {
    const webgl = new FakeWebgl();
    made.push(webgl);
    return webgl;
  };
  const webgl = opened.host.loadAddon(new WebglRenderer((renderer) => drawn.push(renderer), create ?? make));
  return { ...opened, webgl, drawn, made, current: () => made.at(-1) };
}

describe('WebglRenderer', () => {
  it('draws with WebGL while chosen and visible, with one context', () => {
    const { host, webgl, drawn, made } = hostWithWebgl();
    webgl.choose('webgl', true);
    webgl.choose('webgl', true);
    expect(made).toHaveLength(1);
    expect(made[0]!.activatedOn).toBe(host.terminal);
    expect(drawn).toEqual(['webgl']);
  });

  it('gives the context back while hidden, and takes a new one when shown again', () => {
    const { webgl, drawn, made } = hostWithWebgl();
    webgl.choose('webgl', true);
    webgl.choose('webgl', false);
    expect(made[0]!.disposed).toBe(true);
    expect(drawn.at(-1)).toBe('dom');
    webgl.choose('webgl', true);
    expect(made).toHaveLength(2);
    expect(drawn.at(-1)).toBe('webgl');
  });

  it('draws with the DOM renderer when the DOM renderer is chosen', () => {
    const { webgl, drawn, made } = hostWithWebgl();
    webgl.choose('webgl', true);
    webgl.choose('dom', true);
    expect(made[0]!.disposed).toBe(true);
    expect(drawn.at(-1)).toBe('dom');
  });

  it('falls back to the DOM renderer when the context is lost, and may start again later', () => {
    const { webgl, drawn, made, current } = hostWithWebgl();
    webgl.choose('webgl', true);
    current()!.loseContext();
    expect(made[0]!.disposed).toBe(true);
    expect(drawn).toEqual(['webgl', 'dom']);
    webgl.choose('webgl', true);
    expect(made).toHaveLength(2);
    expect(drawn.at(-1)).toBe('webgl');
  });

  it('falls back to the DOM renderer where WebGL2 cannot start (the real addon in jsdom)', () => {
    const { host } = openHost();
    const drawn: TerminalRenderer[] = [];
    const webgl = host.loadAddon(new WebglRenderer((renderer) => drawn.push(renderer)));
    webgl.choose('webgl', true);
    expect(drawn).toEqual(['dom']);
  });

  it('gives its context back when disposed', () => {
    const { webgl, made } = hostWithWebgl();
    webgl.choose('webgl', true);
    webgl.dispose();
    expect(made[0]!.disposed).toBe(true);
  });
});
