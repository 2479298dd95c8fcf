import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { PortForwardRequest } from '../../../../../shared/bridge/sessions.ts';
import { CoreError } from '../../../../../main/core/errors/core-error.ts';
import { parseSavedForwards, SavedForwards } from '../../../../../main/core/port-forward/saved-forwards.ts';

const request: PortForwardRequest = { context: 'dev', namespace: 'shop', target: { kind: 'service', name: 'web' }, remotePort: 80, localPort: 8080 };
const directories: string[] = [];
afterEach(() => {
  for (const directory of directories.splice(0)) rmSync(directory, { recursive: true, force: true });
});

function fileIn(): string {
  const directory = mkdtempSync(join(tmpdir(), 'porthole-saved-forwards-'));
  directories.push(directory);
  return join(directory, 'state', 'forwards.json');
}

function problemOf(text: string): { title: string; detail: string } {
  try {
    parseSavedForwards(text, '/state/forwards.json');
  } catch (error) {
    if (error instanceof CoreError) return error.userError;
    throw error;
  }
  throw new Error('parsed');
}

describe('SavedForwards', () => {
  it('keeps forwards in a file only the user can read, once each, and forgets them', async () => {
    const file = fileIn();
    const store = new SavedForwards(file);
    expect(await store.list()).toEqual([]);
    const kept = await store.keep(request);
    expect(await store.keep(request)).toEqual(kept);
    const other = await store.keep({ ...request, target: { kind: 'deployment', name: 'api' }, remotePort: 9000 });
    expect(await new SavedForwards(file).list()).toEqual([kept, other]);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual({ version: 1, forwards: [kept, other] });
    await store.forget(kept.id);
    expect(await store.list()).toEqual([other]);
    await expect(store.forget(kept.id)).rejects.toThrow('No kept forward has the id');
  });

  it('without a state directory keeps nothing and says why', async () => {
    const store = new SavedForwards(null);
    expect(await store.list()).toEqual([]);
    await expect(store.keep(request)).rejects.toThrow('started without a state directory');
  });

  it('a file it cannot use is a clear error naming the file, not a crash', async () => {
    const file = fileIn();
    const store = new SavedForwards(file);
    await store.keep(request);
    writeFileSync(file, '{ not json');
    await expect(store.list()).rejects.toThrow(`Saved forwards file is not JSON: ${file}: `);
  });
});

describe('parseSavedForwards', () => {
  it.each([
    ['[]', 'Saved forwards file is not a saved-forwards file', 'should be an object with "version" and "forwards"'],
    ['{"version":2,"forwards":[]}', 'Saved forwards file has an unknown version', 'Its version is 2; this Porthole reads version 1.'],
    ['{"version":1}', 'Saved forwards file has no list of forwards', '"forwards" should be a list.'],
    ['{"version":1,"forwards":[{"id":"a/b","request":{}}]}', 'Saved forwards file has a forward that cannot be used', 'forwards[0].id must be a saved forward id'],
    [
      '{"version":1,"forwards":[{"id":"f-1","request":{"context":"dev","namespace":"shop","target":{"kind":"pod","name":"../x"},"remotePort":80}}]}',
      'Saved forwards file has a forward that cannot be used',
      'forwards[0].request.target.name must be a pod name',
    ],
    [
      '{"version":1,"forwards":[{"id":"f-1","request":{"context":"dev","namespace":"shop","target":{"kind":"pod","name":"x"},"remotePort":80,"host":"evil.example"}}]}',
      'Saved forwards file has a forward that cannot be used',
      'unknown field "host"',
    ],
  ])('refuses %s', (text, title, detail) => {
    const problem = problemOf(text);
    expect(problem.title).toBe(title);
    expect(problem.detail).toContain('/state/forwards.json: ');
    expect(problem.detail).toContain(detail);
  });
});
