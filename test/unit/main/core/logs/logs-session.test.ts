import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { LogsRequest, SessionEvent } from '../../../../../shared/bridge/sessions.ts';
import { CoreError } from '../../../../../main/core/errors/core-error.ts';
import { LogsSession } from '../../../../../main/core/logs/logs-session.ts';
import { FakeTransport, LOST, settle } from './fake-transport.ts';

const REQUEST: LogsRequest = { context: 'prod', namespace: 'shop', pod: 'web-0', container: 'app', follow: true };

function openSession(request: Partial<LogsRequest> = {}, watermarks = { high: 100, low: 10 }) {
  const fake = new FakeTransport();
  const events: SessionEvent[] = [];
  const session = new LogsSession({
    id: 's1',
    emit: (event) => events.push(event),
    request: { ...REQUEST, ...request },
    transport: fake.transport,
    watermarks,
    backoff: { initialMs: 50, maxMs: 50, factor: 1, jitter: 0 },
  });
  const started = session.start();
  return { session, fake, events, started };
}

const states = (events: readonly SessionEvent[]): string[] =>
  events.flatMap((event) => (event.kind === 'state' ? [event.state.kind] : []));

const line = (n: number): string => `2024-05-01T10:00:00.${String(n).padStart(9, '0')}Z line ${n}\n`;

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

describe('LogsSession', () => {
  it('refuses an invalid request before connecting', () => {
    const fake = new FakeTransport();
    const create = (): LogsSession =>
      new LogsSession({ id: 's', emit: () => {}, request: { ...REQUEST, tailLines: -3 }, transport: fake.transport });
    expect(create).toThrow(CoreError);
    expect(fake.connections).toEqual([]);
  });

  it('goes live, delivers lines with their weight, resumes after a drop and ends', async () => {
    const { fake, events, started } = openSession({ follow: false });
    fake.last.accept('http');
    await started;
    fake.last.send(line(1));
    fake.last.drop();
    await vi.advanceTimersByTimeAsync(50);
    fake.last.accept('http');
    await settle();
    fake.last.send(line(1) + line(2));
    fake.last.end();

    expect(states(events)).toEqual(['live', 'resuming', 'live', 'ended']);
    const batches = events.flatMap((event) => (event.kind === 'lines' ? [event] : []));
    expect(batches.map((batch) => batch.lines.map((l) => l.text))).toEqual([['line 1'], ['line 2']]);
    expect(batches.map((batch) => batch.bytes)).toEqual([line(1).length, line(2).length]);
    expect(events.find((event) => event.kind === 'state' && event.state.kind === 'resuming')).toMatchObject({
      state: { kind: 'resuming', attempt: 1, error: LOST },
    });
  });

  it('stops reading when the consumer does not acknowledge, and reads on once it catches up', async () => {
    const { session, fake, started } = openSession();
    fake.last.accept();
    await started;
    const connection = fake.last;
    const sent = line(1) + line(2) + line(3);
    expect(sent.length).toBe(114); // above the high watermark of 100
    connection.send(sent);
    expect(connection.paused).toBe(true);
    expect(session.unacknowledged).toBe(114);
    session.acknowledge(100); // 14 outstanding: not yet below the low watermark of 10
    expect(connection.paused).toBe(true);
    session.acknowledge(5);
    expect(connection.paused).toBe(false);
    expect(connection.flowCalls).toEqual(['pause', 'resume']);
  });

  it('keeps a resumed connection paused while the consumer is behind', async () => {
    const { fake, started } = openSession();
    fake.last.accept();
    await started;
    fake.last.send(line(1) + line(2) + line(3));
    fake.last.drop();
    await vi.advanceTimersByTimeAsync(50);
    fake.last.accept();
    await settle();
    expect(fake.last.paused).toBe(true);
  });

  it('refuses an acknowledgement that is not a byte count', async () => {
    const { session } = openSession();
    expect(() => session.acknowledge(-1)).toThrow(CoreError);
    expect(() => session.acknowledge(Number.NaN)).toThrow(/acknowledged amount must be a whole number of at least 0, got NaN/);
  });

  it('fails with the error of a refused first connection', async () => {
    const { fake, events, started } = openSession();
    const error = { kind: 'not-found', title: 'Pod not found', detail: 'pods "web-0" not found' } as const;
    fake.last.refuse(error);
    await started;
    expect(events).toEqual([{ kind: 'state', id: 's1', state: { kind: 'failed', error } }]);
  });

  it('closes: the connection ends, the state is closed, nothing follows', async () => {
    const { session, fake, events, started } = openSession();
    fake.last.accept();
    await started;
    session.close();
    fake.last.send(line(1));
    expect(fake.last.closed).toBe(true);
    expect(states(events)).toEqual(['live', 'closed']);
    expect(events.some((event) => event.kind === 'lines')).toBe(false);
  });
});
