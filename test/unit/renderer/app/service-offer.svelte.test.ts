import { describe, expect, it } from 'vitest';
import type { ServiceSummary } from '../../../../shared/bridge/resources.ts';
import { ServiceOffer } from '../../../../renderer/src/app/service-offer.svelte.ts';
import { FakeBridge } from '../fake-bridge.ts';

const web: ServiceSummary = { name: 'web', ports: [{ port: 80, targetPort: 8080, protocol: 'TCP' }] };

describe('ServiceOffer', () => {
  it("lists a namespace's Services and finds one by name", async () => {
    const bridge = new FakeBridge();
    bridge.services.set('dev/shop', [web]);
    const offer = new ServiceOffer(bridge);
    await offer.load('dev', 'shop');
    expect(offer.services).toEqual([web]);
    expect(offer.named('web')).toEqual(web);
    expect(offer.named('api')).toBeUndefined();
    expect(offer.error).toBeNull();
  });

  it('keeps the refusal as the reason the list is empty, and forgets it at the next list', async () => {
    const bridge = new FakeBridge();
    bridge.services.set('dev/shop', [web]);
    bridge.services.set('viewer/shop', { kind: 'forbidden', title: 'Denied by RBAC', detail: 'cannot list resource "services"', httpStatus: 403 });
    const offer = new ServiceOffer(bridge);
    await offer.load('dev', 'shop');
    await offer.load('viewer', 'shop');
    expect(offer.services).toEqual([]);
    expect(offer.error).toMatchObject({ title: 'Denied by RBAC' });
    await offer.load('dev', 'shop');
    expect(offer.error).toBeNull();
    expect(offer.services).toEqual([web]);
  });

  it('asks nothing for an empty context or namespace', async () => {
    const bridge = new FakeBridge();
    const offer = new ServiceOffer(bridge);
    await offer.load('dev', '');
    expect(bridge.callsOf('listServices')).toEqual([]);
    expect(offer.services).toEqual([]);
  });

  it("takes only the latest request's answer when an earlier one arrives after it", async () => {
    const answers: ((services: readonly ServiceSummary[]) => void)[] = [];
    const offer = new ServiceOffer({ listServices: () => new Promise((resolve) => answers.push(resolve)) });
    const first = offer.load('dev', 'old');
    const second = offer.load('dev', 'shop');
    answers[1]?.([web]);
    await second;
    answers[0]?.([{ name: 'stale', ports: [] }]);
    await first;
    expect(offer.services).toEqual([web]);
  });
});
