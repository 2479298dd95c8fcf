import { describe, expect, it } from 'vitest';
import type { SessionEvent, SessionState } from '../../../../../shared/bridge/sessions.ts';
import { Session, isFinalState } from '../../../../../main/core/sessions/session.ts';

class TestSession extends Session {
  move(next: SessionState): boolean {
    return this.transition(next);
  }
  say(message: string): void {
    this.emit({ kind: 'notice', id: this.id, message });
  }
  print(text: string): void {
    const bytes = new TextEncoder().encode(text);
    this.deliver({ kind: 'output', id: this.id, channel: 'stdout', bytes }, bytes.length);
  }
  readonly pauses: string[] = [];
  protected override pauseOutput(): void {
    this.pauses.push('pause');
  }
  protected override resumeOutput(): void {
    this.pauses.push('resume');
  }
  close(): void {
    this.transition({ kind: 'closed' });
  }
}

function make(): { session: TestSession; events: SessionEvent[] } {
  const events: SessionEvent[] = [];
  const session = new TestSession({ id: 's1', kind: 'exec', title: 'pod: sh', emit: (event) => events.push(event), context: 'c' });
  return { session, events };
}

const lostError = { kind: 'connection-lost', title: 'Connection lost', detail: 'no pong' } as const;

describe('Session state machine', () => {
  it('starts connecting and describes itself', () => {
    const { session, events } = make();
    expect(session.info()).toEqual({ id: 's1', kind: 'exec', title: 'pod: sh', state: { kind: 'connecting' } });
    expect(session.ended).toBe(false);
    expect(events).toEqual([]);
  });

  it('announces each transition through the sink', () => {
    const { session, events } = make();
    expect(session.move({ kind: 'live', protocol: 'v5.channel.k8s.io' })).toBe(true);
    expect(session.move({ kind: 'exited', exitCode: 3 })).toBe(true);
    expect(events).toEqual([
      { kind: 'state', id: 's1', state: { kind: 'live', protocol: 'v5.channel.k8s.io' } },
      { kind: 'state', id: 's1', state: { kind: 'exited', exitCode: 3 } },
    ]);
    expect(session.ended).toBe(true);
  });

  it.each<SessionState>([
    { kind: 'exited', exitCode: 0 },
    { kind: 'ended' },
    { kind: 'failed', error: { kind: 'forbidden', title: 'Denied by RBAC', detail: 'no' } },
    { kind: 'connection-lost', error: lostError },
    { kind: 'closed' },
  ])('never leaves the final state $kind, and emits nothing after it', (final) => {
    const { session, events } = make();
    session.move({ kind: 'live', protocol: 'v4.channel.k8s.io' });
    session.move(final);
    const before = events.length;
    expect(session.move({ kind: 'connection-lost', error: lostError })).toBe(false);
    expect(session.move({ kind: 'live', protocol: 'v4.channel.k8s.io' })).toBe(false);
    session.close();
    session.say('late');
    expect(events.length).toBe(before);
    expect(session.state).toEqual(final);
    expect(isFinalState(final)).toBe(true);
  });

  it('goes from connecting straight to a final state when the handshake fails', () => {
    const { session } = make();
    expect(session.move({ kind: 'failed', error: { kind: 'not-found', title: 'Pod not found', detail: 'x' } })).toBe(true);
    expect(session.state.kind).toBe('failed');
  });

  it('allows live ⇄ resuming for logs', () => {
    const { session } = make();
    session.move({ kind: 'live', protocol: 'http' });
    session.move({ kind: 'resuming', attempt: 1, error: lostError });
    session.move({ kind: 'resuming', attempt: 2, error: lostError });
    expect(session.move({ kind: 'live', protocol: 'http' })).toBe(true);
  });

  it.each<[SessionState['kind'][], SessionState]>([
    [['live'], { kind: 'connecting' }],
    [[], { kind: 'resuming', attempt: 1, error: lostError }],
    [['live'], { kind: 'live', protocol: 'again' }],
  ])('throws on a move the machine does not allow (after %j, to %j)', (path, next) => {
    const { session } = make();
    for (const kind of path) if (kind === 'live') session.move({ kind: 'live', protocol: 'p' });
    expect(() => session.move(next)).toThrow(/no transition from/);
  });

  it('passes data and notice events through while not ended', () => {
    const { session, events } = make();
    session.say('hello');
    expect(events).toEqual([{ kind: 'notice', id: 's1', message: 'hello' }]);
  });
});

describe('Session.deliver', () => {
  function flowing(): { session: TestSession; seen: number[] } {
    const seen: number[] = [];
    const session: TestSession = new TestSession({
      id: 's1',
      kind: 'exec',
      title: 'pod: sh',
      context: 'c',
      watermarks: { high: 4, low: 2 },
      emit: (event) => {
        if (event.kind === 'output') seen.push(session.unacknowledged);
      },
    });
    return { session, seen };
  }

  it('counts output before emitting it, so an acknowledgement from inside the event finds it outstanding', () => {
    const { session, seen } = flowing();
    session.print('abc');
    expect(seen).toEqual([3]);
    session.acknowledge(3);
    expect(session.unacknowledged).toBe(0);
  });

  it('pauses above the high watermark and resumes below the low one', () => {
    const { session } = flowing();
    session.print('abcde');
    expect(session.pauses).toEqual(['pause']);
    session.acknowledge(4);
    expect(session.pauses).toEqual(['pause', 'resume']);
  });

  it('neither counts nor emits output once ended', () => {
    const { session, seen } = flowing();
    session.close();
    session.print('late');
    expect(seen).toEqual([]);
    expect(session.unacknowledged).toBe(0);
  });

  it('refuses a malformed acknowledgement as an invalid request naming the context', () => {
    const { session } = flowing();
    expect(() => session.acknowledge(-1)).toThrow(expect.objectContaining({ userError: expect.objectContaining({ kind: 'invalid-request', context: 'c' }) }));
  });
});
