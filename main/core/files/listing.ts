// Lists one directory of a container: runs listing-script.ts over exec, turns its exit codes into
// sentences (no such directory, not a directory, permission denied), lists again when the
// directory changed under it, and answers 'no-shell' when the container cannot run the script at
// all, so the browser can offer the debug-container route.
import type { DirectoryListing, ListingAnswer } from '../../../shared/bridge/file-listing.ts';
import { CoreError } from '../errors/core-error.ts';
import { isMissingExecutable, runCommand } from './file-operations-exec.ts';
import { ListingFormatError, parseListing } from './listing-parser.ts';
import { reachablePath, targetLabel, type FilesAccess } from './listing-route.ts';
import { LISTING_EXIT, listingArgv } from './listing-script.ts';

/** Lists tried before a directory that keeps changing is reported. */
const ATTEMPTS = 3;

const NO_STAT = 'This container has no stat command: sizes, dates, modes and owners are not shown.';

export async function listDirectory(access: FilesAccess, path: string): Promise<ListingAnswer> {
  for (let attempt = 1; ; attempt++) {
    let result;
    try {
      result = await runCommand({
        connection: access.connection,
        ref: access.runIn,
        argv: listingArgv(reachablePath(access, path)),
        ...(access.openSocket === undefined ? {} : { openSocket: access.openSocket }),
      });
    } catch (error) {
      if (!isMissingExecutable(error)) throw error;
      return {
        kind: 'no-shell',
        detail: `The ${targetLabel(access)} has no shell (sh) to list files with. A debug container that shares its processes can show them.`,
      };
    }
    if (result.exitCode === LISTING_EXIT.changed && attempt < ATTEMPTS) continue;
    if (result.exitCode !== 0) throw listingError(access, path, result.exitCode, result.stderr);
    return { kind: 'listed', listing: parsed(access, path, result.stdout) };
  }
}

function parsed(access: FilesAccess, path: string, stdout: Uint8Array): DirectoryListing {
  try {
    const { tool, entries } = parseListing(stdout);
    return { path, entries, route: access.route, ...(tool === 'shell' ? { limitation: NO_STAT } : {}) };
  } catch (error) {
    if (!(error instanceof ListingFormatError)) throw error;
    throw new CoreError({
      kind: 'server-error',
      title: 'Listing not understood',
      detail: `Listing ${path} in the ${targetLabel(access)} printed something unexpected. ${error.message}`,
      context: access.connection.context,
    });
  }
}

function listingError(access: FilesAccess, path: string, exitCode: number, stderr: string): CoreError {
  const where = `the ${targetLabel(access)}`;
  const context = access.connection.context;
  switch (exitCode) {
    case LISTING_EXIT.noSuchDirectory:
      return new CoreError({ kind: 'not-found', title: 'No such directory', detail: `${path} does not exist in ${where}.`, context });
    case LISTING_EXIT.notADirectory:
      return new CoreError({ kind: 'bad-request', title: 'Not a directory', detail: `${path} in ${where} is a file, not a directory.`, context });
    case LISTING_EXIT.permissionDenied:
      return new CoreError({
        kind: 'forbidden',
        title: 'Permission denied',
        detail: `The user ${where} runs as may not read ${path}.`,
        context,
      });
    case LISTING_EXIT.changed:
      return new CoreError({
        kind: 'server-error',
        title: 'Directory keeps changing',
        detail: `Entries of ${path} in ${where} vanished while it was listed, ${ATTEMPTS} times in a row. Refresh to try again.`,
        context,
      });
    default:
      return commandFailed('Listing failed', `Listing ${path}`, where, exitCode, stderr, context);
  }
}

/** An exit code the script does not give itself: the shell's or a tool's failure, in its words. */
export function commandFailed(title: string, doing: string, where: string, exitCode: number, stderr: string, context: string): CoreError {
  const said = stderr.trim();
  return new CoreError({
    kind: 'server-error',
    title,
    detail: `${doing} in ${where} ended with exit code ${exitCode}${said === '' ? '.' : `: ${said.slice(0, 500)}`}`,
    context,
  });
}
