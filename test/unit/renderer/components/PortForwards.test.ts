// @vitest-environment jsdom
import { fireEvent, render, screen, waitFor, within } from '@testing-library/svelte';
import { describe, expect, it, vi } from 'vitest';
import type { PodSummary } from '../../../../shared/bridge/resources.ts';
import type { PortForwardRequest } from '../../../../shared/bridge/sessions.ts';
import PortForwards from '../../../../renderer/src/components/PortForwards.svelte';
import { SessionRouter } from '../../../../renderer/src/app/session-router.ts';
import { FakeBridge } from '../fake-bridge.ts';

const webPod: PodSummary = {
  uid: 'u1',
  name: 'web-7f9c-x2',
  namespace: 'default',
  phase: 'Running',
  labels: { app: 'web', 'pod-template-hash': '7f9c' },
  deleting: false,
  ready: true,
  owner: { kind: 'ReplicaSet', name: 'web-7f9c' },
  containers: [
    {
      name: 'httpd',
      kind: 'main',
      image: 'web',
      state: { kind: 'running' },
      restartCount: 0,
      hasPreviousLogs: false,
      ports: [
        { name: 'http', containerPort: 8080, protocol: 'TCP' },
        { name: 'metrics', containerPort: 9090, protocol: 'TCP' },
      ],
    },
  ],
};

function setup(bridge = new FakeBridge()) {
  const router = new SessionRouter(bridge);
  const onDismiss = vi.fn();
  render(PortForwards, { props: { bridge, router, target: { context: 'dev', pod: webPod }, onDismiss } });
  return { bridge, router, onDismiss };
}

const start = (): Promise<boolean> => fireEvent.click(screen.getByRole('button', { name: 'Start forwarding' }));

describe('PortForwards', () => {
  it("offers the pod's declared ports, the first chosen, and starts a forward to the pod", async () => {
    const { bridge } = setup();
    expect((screen.getByRole('textbox', { name: 'Pod' }) as HTMLInputElement).value).toBe('web-7f9c-x2');
    const offered = within(screen.getByRole('group', { name: "The pod's ports" })).getAllByRole('button');
    expect(offered.map((button) => button.textContent)).toEqual(['8080http', '9090metrics']);
    expect((screen.getByRole('spinbutton', { name: 'Remote port' }) as HTMLInputElement).value).toBe('8080');
    await fireEvent.click(offered[1] as HTMLElement);
    await fireEvent.input(screen.getByRole('spinbutton', { name: 'Local port' }), { target: { value: '18080' } });
    await start();
    await waitFor(() => expect(screen.getByLabelText('Local address').textContent).toBe('127.0.0.1:18080'));
    expect(bridge.callsOf('open:port-forward')[0]?.args[0]).toEqual({ context: 'dev', namespace: 'default', target: { kind: 'pod', name: 'web-7f9c-x2' }, remotePort: 9090, localPort: 18080 });
    expect(screen.getByRole('status').textContent).toContain('connecting');
  });

  it("forwards to the pod's Deployment or a Service, and keeps the forward when asked", async () => {
    const { bridge } = setup();
    await fireEvent.change(screen.getByRole('combobox', { name: 'Forward to' }), { target: { value: 'workload' } });
    await start();
    await fireEvent.change(screen.getByRole('combobox', { name: 'Forward to' }), { target: { value: 'service' } });
    expect((screen.getByRole('textbox', { name: 'Service' }) as HTMLInputElement).value).toBe('web');
    await fireEvent.input(screen.getByRole('spinbutton', { name: 'Remote port' }), { target: { value: '80' } });
    await fireEvent.click(screen.getByRole('checkbox'));
    await start();
    await waitFor(() => expect(bridge.callsOf('keepForward')).toHaveLength(1));
    const requests = bridge.callsOf('open:port-forward').map((call) => (call.args[0] as PortForwardRequest).target);
    expect(requests).toEqual([
      { kind: 'deployment', name: 'web' },
      { kind: 'service', name: 'web' },
    ]);
    await waitFor(() => expect(screen.getByRole('region', { name: 'Kept port-forwards' }).textContent).toContain('Service web:80'));
  });

  it("offers the namespace's Services and the picked Service's ports, and forwards to the one chosen", async () => {
    const bridge = new FakeBridge();
    bridge.services.set('dev/default', [
      { name: 'api', ports: [{ name: 'grpc', port: 9000, targetPort: 'grpc', protocol: 'TCP' }] },
      {
        name: 'web',
        ports: [
          { name: 'http', port: 80, targetPort: 'http', protocol: 'TCP' },
          { name: 'dns', port: 53, protocol: 'UDP' },
          { port: 443, targetPort: 8443, protocol: 'TCP' },
        ],
      },
    ]);
    setup(bridge);
    await fireEvent.change(screen.getByRole('combobox', { name: 'Forward to' }), { target: { value: 'service' } });
    // The pod's app label names the Service web, which is listed: its TCP ports are offered, the first chosen.
    const offered = await waitFor(() => within(screen.getByRole('group', { name: "The Service's ports" })).getAllByRole('button'));
    expect(bridge.callsOf('listServices').map((call) => call.args)).toEqual([['dev', 'default']]);
    expect(offered.map((button) => [button.textContent, button.title])).toEqual([
      ['80http', 'Service port 80 (http): to the port its pods name http'],
      ['443', 'Service port 443: to port 8443 of its pods'],
    ]);
    expect((screen.getByRole('spinbutton', { name: 'Remote port' }) as HTMLInputElement).value).toBe('80');

    const list = screen.getByRole('combobox', { name: 'Services of the namespace' });
    expect(within(list).getAllByRole('option').map((option) => option.textContent)).toEqual(['api', 'web']);
    await fireEvent.change(list, { target: { value: 'api' } });
    await waitFor(() => expect(within(screen.getByRole('group', { name: "The Service's ports" })).getAllByRole('button').map((button) => button.textContent)).toEqual(['9000grpc']));
    expect((screen.getByRole('textbox', { name: 'Service' }) as HTMLInputElement).value).toBe('api');
    expect((screen.getByRole('spinbutton', { name: 'Remote port' }) as HTMLInputElement).value).toBe('9000');
    await start();
    await waitFor(() => expect(bridge.callsOf('open:port-forward')).toHaveLength(1));
    expect(bridge.callsOf('open:port-forward')[0]?.args[0]).toEqual({ context: 'dev', namespace: 'default', target: { kind: 'service', name: 'api' }, remotePort: 9000 });

    // Back to the pod: its own ports again.
    await fireEvent.change(screen.getByRole('combobox', { name: 'Forward to' }), { target: { value: 'pod' } });
    expect(within(screen.getByRole('group', { name: "The pod's ports" })).getAllByRole('button').map((button) => button.textContent)).toEqual(['8080http', '9090metrics']);
    expect((screen.getByRole('spinbutton', { name: 'Remote port' }) as HTMLInputElement).value).toBe('8080');
  });

  it('lists the Services of the namespace typed once the field is left, not at each keystroke', async () => {
    const bridge = new FakeBridge();
    bridge.services.set('dev/shop', [{ name: 'cart', ports: [{ port: 8000, protocol: 'TCP' }] }]);
    setup(bridge);
    await fireEvent.change(screen.getByRole('combobox', { name: 'Forward to' }), { target: { value: 'service' } });
    const field = screen.getByRole('textbox', { name: 'Namespace' });
    await fireEvent.input(field, { target: { value: 'sh' } });
    await fireEvent.input(field, { target: { value: 'shop' } });
    await fireEvent.change(field);
    await waitFor(() => expect(within(screen.getByRole('combobox', { name: 'Services of the namespace' })).getAllByRole('option').map((option) => option.textContent)).toEqual(['cart']));
    expect(bridge.callsOf('listServices').map((call) => call.args)).toEqual([
      ['dev', 'default'],
      ['dev', 'shop'],
    ]);
  });

  it('says calmly why the Services could not be listed, and a Service named by hand still forwards', async () => {
    const bridge = new FakeBridge();
    bridge.services.set('dev/default', { kind: 'forbidden', title: 'Denied by RBAC', detail: 'User "viewer" cannot list resource "services" in the namespace "default".', httpStatus: 403 });
    setup(bridge);
    await fireEvent.change(screen.getByRole('combobox', { name: 'Forward to' }), { target: { value: 'service' } });
    const note = await waitFor(() => screen.getByLabelText('Services not listed'));
    expect(note.textContent).toBe('The Services could not be listed (Denied by RBAC: User "viewer" cannot list resource "services" in the namespace "default".); type the Service\'s name.');
    expect(screen.queryByRole('alert')).toBeNull();
    expect(screen.queryByRole('combobox', { name: 'Services of the namespace' })).toBeNull();
    await fireEvent.input(screen.getByRole('textbox', { name: 'Service' }), { target: { value: 'payments' } });
    await fireEvent.input(screen.getByRole('spinbutton', { name: 'Remote port' }), { target: { value: '8443' } });
    await start();
    await waitFor(() => expect(bridge.callsOf('open:port-forward')).toHaveLength(1));
    expect(bridge.callsOf('open:port-forward')[0]?.args[0]).toMatchObject({ target: { kind: 'service', name: 'payments' }, remotePort: 8443 });
  });

  it('is green only when live; shows the pod, connections, bytes, the move and an HTTP port to open', async () => {
    const { bridge } = setup();
    await start();
    const id = bridge.sessions[0]?.id as string;
    bridge.emit({ kind: 'state', id, state: { kind: 'live', protocol: 'v4.channel.k8s.io' } });
    bridge.emit({ kind: 'forward', id, status: { pod: 'web-7f9c-x2', podPort: 8080, openConnections: 1, totalConnections: 3, bytesToPod: 512, bytesFromPod: 2048, http: true } });
    await waitFor(() => expect(screen.getByRole('status').textContent).toContain('live'));
    expect(screen.getByLabelText('Forwarding to pod').textContent).toBe('via web-7f9c-x2:8080');
    expect(screen.getByLabelText('Traffic').textContent).toMatch(/1\/3 connections.*↑ 512 B.*↓ 2\.0 KiB/);
    const open = vi.spyOn(window, 'open').mockReturnValue(null);
    await fireEvent.click(screen.getByRole('button', { name: 'Open web-7f9c-x2:8080 in the browser' }));
    expect(open).toHaveBeenCalledWith('http://127.0.0.1:40000/', '_blank', 'noopener,noreferrer');

    bridge.emit({ kind: 'notice', id, message: 'Now via web-7f9c-q8' });
    bridge.emit({ kind: 'state', id, state: { kind: 'resuming', attempt: 1, error: { kind: 'not-found', title: 'No pod to forward to', detail: 'None of the 2 pods of deployment web is ready.' } } });
    await waitFor(() => expect(screen.getByRole('status').textContent).toContain('no pod'));
    expect(screen.getByLabelText('Latest notice').textContent).toBe('Now via web-7f9c-q8');
    expect(screen.queryByRole('button', { name: /in the browser/ })).toBeNull();
    expect(screen.getByText(/None of the 2 pods/)).toBeTruthy();
  });

  it('stops a forward and removes it once main closed it', async () => {
    const { bridge } = setup();
    await start();
    await waitFor(() => expect(screen.getByRole('button', { name: 'Stop web-7f9c-x2:8080' })).toBeTruthy());
    await fireEvent.click(screen.getByRole('button', { name: 'Stop web-7f9c-x2:8080' }));
    await waitFor(() => expect(screen.getByText('No port-forwards running.')).toBeTruthy());
    expect(bridge.callsOf('close')).toHaveLength(1);
  });

  it('lists the forwards main already runs and the kept ones, and starts and stops the kept ones in bulk', async () => {
    const bridge = new FakeBridge();
    const dbRequest: PortForwardRequest = { context: 'dev', namespace: 'default', target: { kind: 'statefulset', name: 'db' }, remotePort: 5432, localPort: 5432 };
    const apiRequest: PortForwardRequest = { context: 'dev', namespace: 'default', target: { kind: 'service', name: 'api' }, remotePort: 80 };
    bridge.savedForwards = [
      { id: 'f-1', request: dbRequest },
      { id: 'f-2', request: apiRequest },
    ];
    bridge.sessions = [
      { id: 'pf1', kind: 'port-forward', title: 'sts/db:5432', state: { kind: 'live', protocol: 'v4.channel.k8s.io' }, localAddress: '127.0.0.1:5432', forwardRequest: dbRequest },
      { id: 'x1', kind: 'exec', title: 'web-1: shell', state: { kind: 'live', protocol: 'v5.channel.k8s.io' } },
    ];
    setup(bridge);
    await waitFor(() => expect(screen.getByText('sts/db:5432')).toBeTruthy());
    expect(bridge.callsOf('attachSession').map((call) => call.args[0])).toEqual(['pf1']);
    const kept = screen.getByRole('region', { name: 'Kept port-forwards' });
    expect(within(kept).getAllByRole('listitem').map((row) => row.textContent)).toEqual([expect.stringContaining('running'), expect.stringContaining('stopped')]);

    await fireEvent.click(screen.getByRole('button', { name: 'Start every kept forward' }));
    await waitFor(() => expect(bridge.callsOf('open:port-forward').map((call) => call.args[0])).toEqual([apiRequest]));
    await fireEvent.click(screen.getByRole('button', { name: 'Stop every kept forward' }));
    await waitFor(() => expect(bridge.callsOf('close').map((call) => call.args[0]).sort()).toEqual(['pf1', bridge.sessions.at(-1)?.id].sort()));
  });

  it('says precisely what is wrong with the form or what main refused', async () => {
    const bridge = new FakeBridge();
    setup(bridge);
    await fireEvent.input(screen.getByRole('spinbutton', { name: 'Remote port' }), { target: { value: '' } });
    await start();
    expect(screen.getByRole('alert').textContent).toContain('Remote port missing');
    bridge.refuse.set('port-forward', { kind: 'forbidden', title: 'Denied by RBAC', detail: 'cannot create resource "pods/portforward"' });
    await fireEvent.input(screen.getByRole('spinbutton', { name: 'Remote port' }), { target: { value: '80' } });
    await start();
    await waitFor(() => expect(screen.getByRole('alert').textContent).toContain('cannot create resource "pods/portforward"'));
  });
});
