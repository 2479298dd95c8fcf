import { describe, expect, it } from 'vitest';
import { CoreError } from '../../../../../main/core/errors/core-error.ts';
import { listNamespaces } from '../../../../../main/core/resources/namespaces.ts';
import { listPage, ScriptedClient } from './scripted-client.ts';

const namespace = (name: string, phase?: string): object => ({
  metadata: { name, uid: `uid-${name}`, resourceVersion: '1' },
  ...(phase === undefined ? {} : { status: { phase } }),
});

async function rejection(promise: Promise<unknown>): Promise<CoreError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof CoreError) return error;
    throw error;
  }
  throw new Error('expected a rejection');
}

describe('listNamespaces', () => {
  it('lists every page and sorts by name', async () => {
    const client = new ScriptedClient();
    const listing = listNamespaces(client);
    const first = await client.next();
    expect(first.target.path).toBe('/api/v1/namespaces');
    expect(first.query.get('limit')).toBe('500');
    first.json(listPage([namespace('zeta', 'Active'), namespace('alpha', 'Terminating')], '7', 'more'));
    const second = await client.next();
    expect(second.query.get('continue')).toBe('more');
    second.json(listPage([namespace('kube-system', 'Active'), namespace('new')], '7'));
    expect(await listing).toEqual([
      { name: 'alpha', phase: 'Terminating' },
      { name: 'kube-system', phase: 'Active' },
      { name: 'new', phase: 'Unknown' },
      { name: 'zeta', phase: 'Active' },
    ]);
  });

  it('passes the server refusal through', async () => {
    const client = new ScriptedClient();
    const listing = listNamespaces(client);
    (await client.next()).refuse(403, 'namespaces is forbidden: User "viewer" cannot list resource "namespaces"');
    const error = await rejection(listing);
    expect(error.userError).toMatchObject({ kind: 'forbidden', httpStatus: 403 });
  });

  it('describes a connection that breaks off mid-body', async () => {
    const client = new ScriptedClient();
    const listing = listNamespaces(client);
    const stream = (await client.next()).stream();
    stream.raw('{"items":[');
    stream.cut();
    const error = await rejection(listing);
    expect(error.userError).toMatchObject({ kind: 'network', detail: expect.stringContaining('list namespaces') as string });
  });

  it('rejects a body that is not JSON, quoting its start', async () => {
    const client = new ScriptedClient();
    const listing = listNamespaces(client);
    const stream = (await client.next()).stream();
    stream.raw('<html>proxy login</html>');
    stream.end();
    const error = await rejection(listing);
    expect(error.userError).toMatchObject({ kind: 'protocol', title: 'Response is not JSON' });
    expect(error.userError.detail).toContain('<html>proxy login');
  });

  it('rejects a list without a resourceVersion or with items that are not namespaces', async () => {
    const client = new ScriptedClient();
    const noVersion = listNamespaces(client);
    (await client.next()).json({ metadata: {}, items: [] });
    expect((await rejection(noVersion)).userError.detail).toContain('metadata.resourceVersion should be a non-empty string');

    const badItem = listNamespaces(client);
    (await client.next()).json(listPage([{ metadata: { name: 42 } }], '1'));
    expect((await rejection(badItem)).userError.detail).toContain('namespace: metadata.name should be a string');
  });
});
