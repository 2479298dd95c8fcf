// Making a directory and deleting a file or directory in a container, each one short shell
// command over exec with the path as an argument (never pasted into the script). The script tells
// the common failures apart by exit code, so each becomes a sentence: it exists already, no such
// path, permission denied, read-only file system.
import { CoreError } from '../errors/core-error.ts';
import { isMissingExecutable, runCommand } from './file-operations-exec.ts';
import { commandFailed } from './listing.ts';
import { reachablePath, targetLabel, type FilesAccess } from './listing-route.ts';

const EXIT = { exists: 3, missing: 4, denied: 5, readOnly: 6 } as const;

// Why the checks before the command: mkdir's and rm's messages differ between busybox and GNU,
// while `test` answers the same everywhere; the command's own message is kept for anything else.
const MAKE_DIRECTORY = `p=$1
if [ -e "$p" ] || [ -L "$p" ]; then exit ${EXIT.exists}; fi
parent=\${p%/*}
[ -n "$parent" ] || parent=/
[ -d "$parent" ] || exit ${EXIT.missing}
[ -w "$parent" ] || exit ${EXIT.denied}
out=$(mkdir -- "$p" 2>&1) && exit 0
case $out in *Read-only*|*read-only*) exit ${EXIT.readOnly};; esac
echo "$out" >&2
exit 1
`;

const DELETE = `p=$1
if [ ! -e "$p" ] && [ ! -L "$p" ]; then exit ${EXIT.missing}; fi
parent=\${p%/*}
[ -n "$parent" ] || parent=/
[ -w "$parent" ] || exit ${EXIT.denied}
out=$(rm -rf -- "$p" 2>&1) && ! { [ -e "$p" ] || [ -L "$p" ]; } && exit 0
case $out in *Read-only*|*read-only*) exit ${EXIT.readOnly};; *ermission*) exit ${EXIT.denied};; esac
echo "$out" >&2
exit 1
`;

export async function makeDirectory(access: FilesAccess, path: string): Promise<void> {
  await runScript(access, path, MAKE_DIRECTORY, { title: 'Could not make the directory', doing: 'Making the directory' });
}

export async function deletePath(access: FilesAccess, path: string): Promise<void> {
  if (path === '/') {
    throw new CoreError({ kind: 'invalid-request', title: 'Cannot delete /', detail: 'Porthole does not delete the root directory of a container.', context: access.connection.context });
  }
  await runScript(access, path, DELETE, { title: 'Could not delete', doing: 'Deleting' });
}

async function runScript(access: FilesAccess, path: string, script: string, words: { title: string; doing: string }): Promise<void> {
  const { doing } = words;
  const context = access.connection.context;
  const where = `the ${targetLabel(access)}`;
  let result;
  try {
    result = await runCommand({
      connection: access.connection,
      ref: access.runIn,
      argv: ['sh', '-c', script, 'porthole-files', reachablePath(access, path)],
      ...(access.openSocket === undefined ? {} : { openSocket: access.openSocket }),
    });
  } catch (error) {
    if (!isMissingExecutable(error)) throw error;
    throw new CoreError({ kind: 'not-found', title: 'No shell in the container', detail: `The ${targetLabel(access)} has no shell (sh); browse it through a debug container.`, context });
  }
  switch (result.exitCode) {
    case 0:
      return;
    case EXIT.exists:
      throw new CoreError({ kind: 'bad-request', title: 'Already exists', detail: `${path} already exists in ${where}.`, context });
    case EXIT.missing:
      throw new CoreError({ kind: 'not-found', title: 'No such file or directory', detail: `${doing} ${path} in ${where}: it (or its parent directory) does not exist.`, context });
    case EXIT.denied:
      throw new CoreError({ kind: 'forbidden', title: 'Permission denied', detail: `${doing} ${path} in ${where}: the container's user may not write to its directory.`, context });
    case EXIT.readOnly:
      throw new CoreError({ kind: 'forbidden', title: 'Read-only file system', detail: `${doing} ${path} in ${where}: the file system there is mounted read-only.`, context });
    default:
      throw commandFailed(words.title, `${doing} ${path}`, where, result.exitCode, result.stderr, context);
  }
}
