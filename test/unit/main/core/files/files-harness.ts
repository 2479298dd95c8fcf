// A scripted exec peer for the file browser's core tests: each connection answers the next of a
// list of answers, and the tests read back what the container was asked to run.
import { CoreError } from '../../../../../main/core/errors/core-error.ts';
import { directAccess, type FilesAccess } from '../../../../../main/core/files/listing-route.ts';
import { CHANNEL } from '../../../../../shared/protocol/channels.ts';
import type { PeerConnection, ScriptedServer } from '../sessions/scripted-server.ts';
import { SUCCESS, exitStatus, frame } from '../sessions/scripted-server.ts';
import { useScriptedServer } from '../sessions/session-harness.ts';

export const TARGET = { context: 'test-context', namespace: 'default', pod: 'web-0', container: 'app' } as const;

/** Each connection answers the next of `answers`: stdout bytes and an exit code, or a status. */
export function answer(server: ScriptedServer, answers: readonly ({ stdout?: Uint8Array; exit: number } | { status: object })[]): void {
  let index = 0;
  server.onConnection((peer) => {
    const next = answers[Math.min(index++, answers.length - 1)];
    if (next === undefined) return;
    if ('status' in next) {
      peer.socket.send(frame(CHANNEL.status, JSON.stringify(next.status)));
      return;
    }
    if (next.stdout !== undefined) peer.socket.send(frame(CHANNEL.stdout, next.stdout));
    peer.socket.send(frame(CHANNEL.status, JSON.stringify(next.exit === 0 ? SUCCESS : exitStatus(next.exit))));
  });
}

export function argvOf(peer: PeerConnection): string[] {
  return peer.url.searchParams.getAll('command');
}

export async function refusal(promise: Promise<unknown>): Promise<CoreError> {
  const error = await promise.then(
    () => new Error('expected a refusal'),
    (reason: unknown) => reason,
  );
  if (!(error instanceof CoreError)) throw error;
  return error;
}

/** For a test file: returns a starter of a server and a direct access to TARGET through it. */
export function useFilesServer(): { startServer: () => Promise<ScriptedServer>; access: () => Promise<{ server: ScriptedServer; files: FilesAccess }> } {
  const startServer = useScriptedServer();
  return {
    startServer: () => startServer(),
    access: async () => {
      const server = await startServer();
      return { server, files: directAccess(server.connectionFor(), TARGET) };
    },
  };
}

