import { describe, expect, it } from 'vitest';
import type { PortForwardRequest, SessionState } from '../../../../shared/bridge/sessions.ts';
import { browserUrl, Forwards, sameForward } from '../../../../renderer/src/app/forwards.svelte.ts';
import { SessionRouter } from '../../../../renderer/src/app/session-router.ts';
import { FakeBridge } from '../fake-bridge.ts';

const request: PortForwardRequest = { context: 'dev', namespace: 'shop', target: { kind: 'service', name: 'web' }, remotePort: 80 };
const live: SessionState = { kind: 'live', protocol: 'v4.channel.k8s.io' };
const status = { openConnections: 0, totalConnections: 0, bytesToPod: 0, bytesFromPod: 0, http: true };

describe('sameForward', () => {
  it('takes an absent local port as 0 (any) and compares the rest', () => {
    expect(sameForward(request, { ...request, localPort: 0 })).toBe(true);
    expect(sameForward(request, { ...request, localPort: 8080 })).toBe(false);
    expect(sameForward(request, { ...request, target: { kind: 'deployment', name: 'web' } })).toBe(false);
  });
});

describe('browserUrl', () => {
  it('is the local address for a live HTTP forward only', () => {
    const forward = { id: 's1', title: 'svc/web:80', state: live, localAddress: '127.0.0.1:8080', status };
    expect(browserUrl(forward)).toBe('http://127.0.0.1:8080/');
    expect(browserUrl({ ...forward, status: { ...status, http: false } })).toBeNull();
    expect(browserUrl({ ...forward, state: { kind: 'connecting' } })).toBeNull();
  });
});

describe('Forwards', () => {
  it('follows state, status and notices of the forwards it starts, and forgets a closed one', async () => {
    const bridge = new FakeBridge();
    const forwards = new Forwards(bridge, new SessionRouter(bridge));
    await forwards.start(request);
    const id = forwards.list[0]?.id ?? '';
    bridge.emit({ kind: 'state', id, state: live });
    bridge.emit({ kind: 'forward', id, status: { ...status, pod: 'web-1' } });
    bridge.emit({ kind: 'notice', id, message: 'Now via web-1' });
    expect(forwards.list[0]).toMatchObject({ state: live, status: { pod: 'web-1' }, notice: 'Now via web-1', request });
    bridge.emit({ kind: 'state', id, state: { kind: 'closed' } });
    expect(forwards.list).toEqual([]);
  });

  it('keeps and forgets, and matches kept forwards to running ones (a failed one does not count)', async () => {
    const bridge = new FakeBridge();
    const forwards = new Forwards(bridge, new SessionRouter(bridge));
    await forwards.start(request);
    await forwards.keep(request);
    const kept = forwards.saved[0];
    expect(kept?.request).toEqual(request);
    const running = forwards.list[0];
    expect(running !== undefined && forwards.keptAs(running)).toEqual(kept);
    expect(kept !== undefined && forwards.runningOf(kept)?.id).toBe(running?.id);
    bridge.emit({ kind: 'state', id: running?.id ?? '', state: { kind: 'failed', error: { kind: 'network', title: 'Local port 80 in use', detail: '…' } } });
    expect(kept !== undefined && forwards.runningOf(kept)).toBeUndefined();
    await forwards.forget(kept?.id ?? '');
    expect(forwards.saved).toEqual([]);
  });
});
