// Runs one command in a container to its end and hands back what it printed, for the file
// browser's short commands (list, mkdir, delete). It is the exec session every shell uses
// (createExecSession), without a tty or stdin, whose output is acknowledged as it arrives: there is
// no second exec client. A command that prints more than `maxOutputBytes` is stopped, so a listing
// of a directory that never ends cannot fill main's memory.
import type { PodRef, SessionState } from '../../../shared/bridge/sessions.ts';
import type { ClusterConnection } from '../connection/cluster-connection.ts';
import { CoreError } from '../errors/core-error.ts';
import { createExecSession } from '../sessions/exec-session.ts';
import type { OpenSocket } from '../sessions/remote-command-session.ts';
import { isExecutableNotFound } from '../sessions/shell-probe.ts';

/** A listing of 100,000 entries with long names stays well below this. */
export const DEFAULT_MAX_OUTPUT_BYTES = 32 * 1024 * 1024;

export interface CommandResult {
  readonly stdout: Uint8Array;
  readonly stderr: string;
  /** The command's exit code. */
  readonly exitCode: number;
}

export interface RunCommandOptions {
  readonly connection: ClusterConnection;
  readonly ref: PodRef;
  readonly argv: readonly [string, ...string[]];
  readonly maxOutputBytes?: number;
  /** openWebSocket unless a test substitutes it. */
  readonly openSocket?: OpenSocket;
}

let lastRunId = 0;

/**
 * Resolves with the output and exit code, or rejects with a CoreError: the exec was refused, the
 * connection dropped, or the output passed its limit. "The executable was not found" arrives as
 * the server's failure (a CoreError whose detail quotes the runtime): see isMissingExecutable.
 */
export function runCommand(options: RunCommandOptions): Promise<CommandResult> {
  const limit = options.maxOutputBytes ?? DEFAULT_MAX_OUTPUT_BYTES;
  const stdout: Uint8Array[] = [];
  const stderr: Uint8Array[] = [];
  let received = 0;
  return new Promise<CommandResult>((resolve, reject) => {
    const session = createExecSession({
      id: `files-${++lastRunId}`,
      connection: options.connection,
      request: { ...options.ref, command: { kind: 'argv', argv: options.argv }, tty: false, stdin: false },
      ...(options.openSocket === undefined ? {} : { openSocket: options.openSocket }),
      emit: (event) => {
        if (event.kind === 'output') {
          received += event.bytes.length;
          (event.channel === 'stdout' ? stdout : stderr).push(event.bytes.slice());
          if (received > limit) {
            session.close();
            reject(
              new CoreError({
                kind: 'invalid-request',
                title: 'Answer too large',
                detail: `${options.argv[0]} in pod ${options.ref.pod} printed more than ${limit} bytes; Porthole stopped it.`,
                context: options.ref.context,
              }),
            );
            return;
          }
          session.acknowledge(event.bytes.length);
        } else if (event.kind === 'state') {
          settle(event.state);
        }
      },
    });
    const settle = (state: SessionState): void => {
      switch (state.kind) {
        case 'exited':
          resolve({ stdout: Buffer.concat(stdout), stderr: Buffer.concat(stderr).toString('utf8'), exitCode: state.exitCode });
          return;
        case 'ended':
          resolve({ stdout: Buffer.concat(stdout), stderr: Buffer.concat(stderr).toString('utf8'), exitCode: 0 });
          return;
        case 'failed':
        case 'connection-lost':
          reject(new CoreError(state.error));
          return;
        case 'closed':
          reject(new CoreError({ kind: 'connection-lost', title: 'Command stopped', detail: `${options.argv[0]} in pod ${options.ref.pod} was stopped.`, context: options.ref.context }));
          return;
        default:
          return;
      }
    };
    void session.start();
  });
}

/** Whether an exec failed because the program does not exist in the container (the shell probe's test). */
export function isMissingExecutable(error: unknown): boolean {
  return error instanceof CoreError && isExecutableNotFound(error.userError.detail);
}
