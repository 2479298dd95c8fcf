import { describe, expect, it } from 'vitest';
import type { SessionEvent } from '../../../../shared/bridge/sessions.ts';
import { SessionRouter, SessionRouterError } from '../../../../renderer/src/app/session-router.ts';

function source() {
  const listeners = new Set<(event: SessionEvent) => void>();
  return {
    onSessionEvent(listener: (event: SessionEvent) => void) {
      listeners.add(listener);
      return () => void listeners.delete(listener);
    },
    emit: (event: SessionEvent) => listeners.forEach((listener) => listener(event)),
    get count() {
      return listeners.size;
    },
  };
}

const output = (id: string, text: string): SessionEvent => ({ kind: 'output', id, channel: 'stdout', bytes: new TextEncoder().encode(text) });
const text = (event: SessionEvent) => (event.kind === 'output' ? new TextDecoder().decode(event.bytes) : event.kind);

describe('SessionRouter', () => {
  it('hands each session’s events to its own handler only', () => {
    const events = source();
    const router = new SessionRouter(events);
    const a: string[] = [];
    const b: string[] = [];
    router.subscribe('a', (event) => a.push(text(event)));
    router.subscribe('b', (event) => b.push(text(event)));
    events.emit(output('a', 'one'));
    events.emit(output('b', 'two'));
    events.emit(output('a', 'three'));
    expect(a).toEqual(['one', 'three']);
    expect(b).toEqual(['two']);
  });

  it('keeps output that arrives before the pane subscribes, and hands it over in order', () => {
    const events = source();
    const router = new SessionRouter(events);
    events.emit(output('a', 'replay-1'));
    events.emit({ kind: 'state', id: 'a', state: { kind: 'live', protocol: 'v5.channel.k8s.io' } });
    events.emit(output('a', 'replay-2'));
    expect(router.pending('a')).toBe(3);
    const seen: string[] = [];
    router.subscribe('a', (event) => seen.push(text(event)));
    events.emit(output('a', 'live'));
    expect(seen).toEqual(['replay-1', 'state', 'replay-2', 'live']);
    expect(router.pending('a')).toBe(0);
  });

  it('tells state listeners of every session’s state, handled or not', () => {
    const events = source();
    const router = new SessionRouter(events);
    const states: string[] = [];
    router.onState((id, state) => states.push(`${id}:${state.kind}`));
    router.subscribe('a', () => undefined);
    events.emit({ kind: 'state', id: 'a', state: { kind: 'exited', exitCode: 0 } });
    events.emit({ kind: 'state', id: 'b', state: { kind: 'connecting' } });
    expect(states).toEqual(['a:exited', 'b:connecting']);
  });

  it('drops what it kept for a session that closed or was forgotten', () => {
    const events = source();
    const router = new SessionRouter(events);
    events.emit(output('a', 'x'));
    events.emit({ kind: 'state', id: 'a', state: { kind: 'closed' } });
    expect(router.pending('a')).toBe(0);
    events.emit(output('b', 'y'));
    router.forget('b');
    expect(router.pending('b')).toBe(0);
  });

  it('refuses a second handler for one session, and a handler can be replaced after unsubscribing', () => {
    const router = new SessionRouter(source());
    const unsubscribe = router.subscribe('a', () => undefined);
    expect(() => router.subscribe('a', () => undefined)).toThrow(SessionRouterError);
    unsubscribe();
    expect(() => router.subscribe('a', () => undefined)).not.toThrow();
  });

  it('stops listening to the bridge when disposed', () => {
    const events = source();
    const router = new SessionRouter(events);
    expect(events.count).toBe(1);
    router.dispose();
    expect(events.count).toBe(0);
  });
});
