// makeDirectory and deletePath over a scripted exec peer: the path goes as an argument, and each
// exit code of their scripts becomes a sentence.
import { describe, expect, it } from 'vitest';
import { deletePath, makeDirectory } from '../../../../../main/core/files/file-operations.ts';
import { notFoundStatus } from '../sessions/scripted-server.ts';
import { answer, argvOf, refusal, useFilesServer } from './files-harness.ts';

const { access } = useFilesServer();

describe('makeDirectory and deletePath', () => {
  it('pass the path as an argument and resolve on exit 0', async () => {
    const { server, files } = await access();
    answer(server, [{ exit: 0 }]);
    await makeDirectory(files, '/tmp/new "dir"');
    await deletePath(files, '/tmp/new "dir"');
    expect(argvOf(await server.connection(0)).at(-1)).toBe('/tmp/new "dir"');
    expect(argvOf(await server.connection(1)).at(-1)).toBe('/tmp/new "dir"');
  });

  it.each([
    [makeDirectory, 3, 'Already exists', '/tmp/x already exists in the container app of pod web-0.'],
    [makeDirectory, 4, 'No such file or directory', 'Making the directory /tmp/x in the container app of pod web-0: it (or its parent directory) does not exist.'],
    [deletePath, 5, 'Permission denied', "Deleting /tmp/x in the container app of pod web-0: the container's user may not write to its directory."],
    [deletePath, 6, 'Read-only file system', 'Deleting /tmp/x in the container app of pod web-0: the file system there is mounted read-only.'],
    [deletePath, 1, 'Could not delete', 'Deleting /tmp/x in the container app of pod web-0 ended with exit code 1.'],
  ])('%o: exit code %i says "%s"', async (operation, code, title, detail) => {
    const { server, files } = await access();
    answer(server, [{ exit: code }]);
    const error = await refusal(operation(files, '/tmp/x'));
    expect(error.userError.title).toBe(title);
    expect(error.userError.detail).toBe(detail);
  });

  it('never deletes the root directory', async () => {
    const { server, files } = await access();
    expect((await refusal(deletePath(files, '/'))).userError.title).toBe('Cannot delete /');
    expect(server.connections).toHaveLength(0);
  });

  it('says the container has no shell', async () => {
    const { server, files } = await access();
    answer(server, [{ status: notFoundStatus('sh') }]);
    expect((await refusal(makeDirectory(files, '/x'))).userError.title).toBe('No shell in the container');
  });
});
