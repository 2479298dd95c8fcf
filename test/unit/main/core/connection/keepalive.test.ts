import { EventEmitter } from 'node:events';
import { stat } from 'node:fs';
import { afterEach, describe, expect, it, vi } from 'vitest';
import WebSocket from 'ws';
import type { UserError } from '../../../../../shared/bridge/errors.ts';
import { KEEPALIVE_DEFAULTS, startKeepalive } from '../../../../../main/core/connection/keepalive.ts';
import { openWebSocket } from '../../../../../main/core/connection/open-websocket.ts';
import { startFakeServer, type FakeServer } from '../../../../fake-server/fake-server.ts';

/** Just what keepalive touches of a ws WebSocket; time is driven by fake timers. */
class FakeSocket extends EventEmitter {
  readyState: number = WebSocket.OPEN;
  isPaused = false;
  pings = 0;
  ping(): void {
    this.pings += 1;
  }
  asWebSocket(): WebSocket {
    return this as unknown as WebSocket;
  }
}

describe('startKeepalive (logic, fake timers)', () => {
  afterEach(() => {
    vi.useRealTimers();
  });
  const options = { intervalMs: 1000, timeoutMs: 5000, context: 'prod' };

  it('pings every interval and stays quiet while pongs come back', () => {
    vi.useFakeTimers();
    const socket = new FakeSocket();
    const lost = vi.fn();
    startKeepalive(socket.asWebSocket(), options, lost);
    for (let i = 0; i < 20; i += 1) {
      vi.advanceTimersByTime(1000);
      socket.emit('pong');
    }
    // Each ping goes a moment after its interval (see the silence tests below).
    vi.advanceTimersByTime(1);
    expect(socket.pings).toBe(20);
    expect(lost).not.toHaveBeenCalled();
  });

  it('reports the connection lost once when no pong arrives within timeoutMs of the first unanswered ping, then stops', () => {
    vi.useFakeTimers();
    const socket = new FakeSocket();
    const lost = vi.fn<(error: UserError) => void>();
    startKeepalive(socket.asWebSocket(), options, lost);
    vi.advanceTimersByTime(1001); // first ping, a moment after the interval; the deadline is 5 s later
    vi.advanceTimersByTime(4999);
    expect(lost).not.toHaveBeenCalled();
    vi.advanceTimersByTime(1);
    expect(lost).toHaveBeenCalledTimes(1);
    expect(lost.mock.calls[0]?.[0]).toMatchObject({ kind: 'connection-lost', title: 'Connection lost', context: 'prod' });
    expect(lost.mock.calls[0]?.[0].detail).toContain('5 s');
    const pingsAtLoss = socket.pings;
    vi.advanceTimersByTime(60_000);
    expect(lost).toHaveBeenCalledTimes(1);
    expect(socket.pings).toBe(pingsAtLoss);
  });

  it('does not blame the server while the socket is paused by flow control (pongs are not read then)', () => {
    vi.useFakeTimers();
    const socket = new FakeSocket();
    const lost = vi.fn();
    startKeepalive(socket.asWebSocket(), options, lost);
    vi.advanceTimersByTime(1001);
    socket.isPaused = true;
    vi.advanceTimersByTime(60_000);
    expect(lost).not.toHaveBeenCalled();
    const pingsWhilePaused = socket.pings;
    expect(pingsWhilePaused).toBe(1);
    socket.isPaused = false;
    vi.advanceTimersByTime(5000 + 1000);
    expect(lost).toHaveBeenCalledTimes(1);
  });

  it('stop() and a closed socket end the pinging', () => {
    vi.useFakeTimers();
    const stopped = new FakeSocket();
    const stop = startKeepalive(stopped.asWebSocket(), options, vi.fn());
    stop();
    const closed = new FakeSocket();
    const lost = vi.fn();
    startKeepalive(closed.asWebSocket(), options, lost);
    closed.emit('close');
    vi.advanceTimersByTime(60_000);
    expect(stopped.pings + closed.pings).toBe(0);
    expect(lost).not.toHaveBeenCalled();
  });

  it('sends no ping in an interval in which a message arrived, and a message clears an unanswered ping', () => {
    vi.useFakeTimers();
    const socket = new FakeSocket();
    const lost = vi.fn();
    startKeepalive(socket.asWebSocket(), { intervalMs: 1000, timeoutMs: 5000 }, lost);
    for (let i = 0; i < 10; i += 1) {
      socket.emit('message');
      vi.advanceTimersByTime(1000);
    }
    expect(socket.pings).toBe(0);
    vi.advanceTimersByTime(1000); // a silent interval: now it asks (at 10,001 ms; the deadline 15,001)
    expect(socket.pings).toBe(1);
    vi.advanceTimersByTime(4000);
    socket.emit('message'); // an answer of any kind, just before the deadline
    vi.advanceTimersByTime(2000);
    expect(lost).not.toHaveBeenCalled();
  });

  it('reads what is already waiting before it decides, so a busy loop never pings a server that has finished', async () => {
    // The loop is busy past the interval while input becomes ready (a stat completing stands for
    // the socket's data). Timers run before input is read; the decision must come after it.
    const socket = new FakeSocket();
    const stop = startKeepalive(socket.asWebSocket(), { intervalMs: 20, timeoutMs: 5000 }, vi.fn());
    await new Promise<void>((resolve) => {
      stat('.', () => {
        socket.emit('message');
        resolve();
      });
      const until = performance.now() + 60;
      while (performance.now() < until);
    });
    await new Promise((resolve) => setImmediate(resolve));
    stop();
    expect(socket.pings).toBe(0);
  });

  it('states its defaults (5 s pings, 30 s for a pong)', () => {
    expect(KEEPALIVE_DEFAULTS).toEqual({ intervalMs: 5000, timeoutMs: 30000 });
  });
});

describe('startKeepalive (real sockets, fake server)', () => {
  let fake: FakeServer | undefined;
  afterEach(async () => {
    await fake?.close();
    fake = undefined;
  });
  const target = { path: '/api/v1/namespaces/ns/pods/p/exec', query: new URLSearchParams(), protocols: ['v5.channel.k8s.io'], resource: 'exec in pod p' };

  it('a server that stalls mid-stream (stops reading, stops answering pings) is reported lost', async () => {
    fake = await startFakeServer({
      onSocket: (session) => {
        session.send(new Uint8Array(0));
        session.send(new Uint8Array([1, 104, 105]));
        session.stall();
      },
    });
    const { socket } = await openWebSocket(fake.connection(), target);
    socket.on('error', () => {});
    // openWebSocket hands the socket over paused, and keepalive blames no one while it is.
    socket.resume();
    const error = await new Promise<UserError>((resolve) => startKeepalive(socket, { intervalMs: 20, timeoutMs: 200 }, resolve));
    expect(error.kind).toBe('connection-lost');
    socket.terminate();
  });

  it('a healthy server answers every ping and is never reported lost', async () => {
    fake = await startFakeServer();
    const { socket } = await openWebSocket(fake.connection(), target);
    const lost = vi.fn();
    startKeepalive(socket, { intervalMs: 10, timeoutMs: 1000 }, lost);
    let pongs = 0;
    // More pongs than fit in one timeout window: the deadline must have been cleared each time.
    const enoughPongs = new Promise<void>((resolve) =>
      socket.on('pong', () => {
        pongs += 1;
        if (pongs === 150) resolve();
      }),
    );
    // Pongs are read only once the socket, handed over paused, is resumed.
    socket.resume();
    await enoughPongs;
    expect(lost).not.toHaveBeenCalled();
    socket.terminate();
  });
});
