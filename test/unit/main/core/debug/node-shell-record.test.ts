import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { NodeShellRecord } from '../../../../../main/core/debug/node-shell-record.ts';

const pod = (name: string) => ({ context: 'admin', namespace: 'default', name, uid: `uid-${name}` });

describe('NodeShellRecord', () => {
  const directories: string[] = [];
  const file = (): string => {
    const directory = mkdtempSync(join(tmpdir(), 'node-shell-record-'));
    directories.push(directory);
    return join(directory, 'state', 'node-shells.json');
  };
  afterEach(() => {
    for (const directory of directories.splice(0)) rmSync(directory, { recursive: true, force: true });
  });

  it('keeps the pods it was told of across a restart, and forgets a deleted one', () => {
    const path = file();
    const record = new NodeShellRecord(path);
    record.add(pod('a'));
    record.add(pod('b'));
    record.remove('uid-a');
    expect(new NodeShellRecord(path).pods).toEqual([pod('b')]);
    expect(statSync(path).mode & 0o777).toBe(0o600);
  });

  it('is per file: another Porthole’s record does not see these pods', () => {
    new NodeShellRecord(file()).add(pod('a'));
    expect(new NodeShellRecord(file()).pods).toEqual([]);
  });

  it('reads a malformed or partly wrong file as the pods it can use', () => {
    const path = file();
    new NodeShellRecord(path).add(pod('a'));
    writeFileSync(path, JSON.stringify({ pods: [pod('a'), { name: 'no-uid' }, 'x'] }));
    expect(new NodeShellRecord(path).pods).toEqual([pod('a')]);
    writeFileSync(path, '{ not json');
    expect(new NodeShellRecord(path).pods).toEqual([]);
  });

  it('without a file keeps the pods in memory only', () => {
    const record = new NodeShellRecord(null);
    record.add(pod('a'));
    expect(record.pods).toEqual([pod('a')]);
  });

  it('writes the whole record each time (no temporary file left)', () => {
    const path = file();
    new NodeShellRecord(path).add(pod('a'));
    expect(JSON.parse(readFileSync(path, 'utf8'))).toEqual({ pods: [pod('a')] });
    expect(() => statSync(`${path}.tmp`)).toThrow();
  });
});
