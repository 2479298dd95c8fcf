import { describe, expect, it } from 'vitest';
import { CoreError } from '../../../../../main/core/errors/core-error.ts';
import { listServices, toServiceSummary } from '../../../../../main/core/resources/services.ts';
import { rejection } from '../connection/helpers.ts';
import { listPage, ScriptedClient } from './scripted-client.ts';

const service = (name: string, spec: object): object => ({ metadata: { name, namespace: 'shop', resourceVersion: '1' }, spec });

describe('toServiceSummary', () => {
  it('reads each port with a numbered or a named target port, and the port itself where none is set', () => {
    const summary = toServiceSummary(
      service('web', {
        selector: { app: 'web' },
        ports: [
          { name: 'http', port: 80, targetPort: 'http', protocol: 'TCP' },
          { name: 'https', port: 443, targetPort: 8443, protocol: 'TCP' },
          { port: 9000 },
          { name: 'dns', port: 53, targetPort: 0, protocol: 'UDP' },
        ],
      }),
    );
    expect(summary).toEqual({
      name: 'web',
      ports: [
        { name: 'http', port: 80, targetPort: 'http', protocol: 'TCP' },
        { name: 'https', port: 443, targetPort: 8443, protocol: 'TCP' },
        { port: 9000, protocol: 'TCP' },
        { name: 'dns', port: 53, protocol: 'UDP' },
      ],
    });
  });

  it('leaves out a Service that selects no pods: a forward to it would be refused', () => {
    expect(toServiceSummary(service('external', { type: 'ExternalName', externalName: 'db.example' }))).toBeNull();
    expect(toServiceSummary(service('manual', { selector: {}, ports: [{ port: 5432 }] }))).toBeNull();
  });

  it.each([
    ['not an object', 'a name', 'service should be a Service object, but the server sent the string "a name"'],
    ['no metadata', { spec: {} }, 'service: metadata should be an object'],
    ['a port that is text', service('web', { selector: { app: 'web' }, ports: [{ port: '80' }] }), 'service web: spec.ports[0].port should be a whole number, but the server sent the string "80"'],
    ['a port without a number', service('web', { selector: { app: 'web' }, ports: [{ name: 'http' }] }), 'service web: spec.ports[0].port should be a port number'],
    ['a target port that is a list', service('web', { selector: { app: 'web' }, ports: [{ port: 80, targetPort: [8080] }] }), 'service web: spec.ports[0].targetPort should be a port number or name, but the server sent an array'],
    ['ports that are no list', service('web', { selector: { app: 'web' }, ports: { port: 80 } }), 'service web: spec.ports should be an array'],
    ['a selector value that is a number', service('web', { selector: { app: 1 } }), 'service web: spec.selector.app should be a string'],
  ])('refuses %s, naming the field', (_what, object, detail) => {
    const read = (): unknown => toServiceSummary(object);
    expect(read).toThrow(CoreError);
    expect(read).toThrow(detail);
  });
});

describe('listServices', () => {
  it("lists the namespace's Services page by page, sorted by name, without those that select no pods", async () => {
    const client = new ScriptedClient();
    const listing = listServices(client, 'shop');
    const first = await client.next();
    expect(first.target.path).toBe('/api/v1/namespaces/shop/services');
    first.json(listPage([service('web', { selector: { app: 'web' }, ports: [{ port: 80, targetPort: 8080, protocol: 'TCP' }] }), service('external', { type: 'ExternalName' })], '7', 'more'));
    const second = await client.next();
    expect(second.query.get('continue')).toBe('more');
    second.json(listPage([service('api', { selector: { app: 'api' }, ports: [{ name: 'grpc', port: 9090, protocol: 'TCP' }] })], '7'));
    expect(await listing).toEqual([
      { name: 'api', ports: [{ name: 'grpc', port: 9090, protocol: 'TCP' }] },
      { name: 'web', ports: [{ port: 80, targetPort: 8080, protocol: 'TCP' }] },
    ]);
  });

  it('passes the server refusal through (RBAC forbids listing services)', async () => {
    const client = new ScriptedClient();
    const listing = listServices(client, 'shop');
    (await client.next()).refuse(403, 'services is forbidden: User "viewer" cannot list resource "services" in the namespace "shop"');
    expect((await rejection(listing)).userError).toMatchObject({ kind: 'forbidden', httpStatus: 403 });
  });

  it('describes a connection that breaks off mid-body, naming the namespace', async () => {
    const client = new ScriptedClient();
    const listing = listServices(client, 'shop');
    const stream = (await client.next()).stream();
    stream.raw('{"items":[');
    stream.cut();
    expect((await rejection(listing)).userError).toMatchObject({ kind: 'network', detail: expect.stringContaining('list services in namespace shop') as string });
  });
});
