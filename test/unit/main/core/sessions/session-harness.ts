// Opens exec and attach sessions against a ScriptedServer with an EventLog attached, and closes
// them after each test.
import type { AttachRequest, ExecCommand, ExecRequest, SessionEvent } from '../../../../../shared/bridge/sessions.ts';
import { createAttachSession, type AttachSessionOptions } from '../../../../../main/core/sessions/attach-session.ts';
import { createExecSession, type ExecSessionOptions } from '../../../../../main/core/sessions/exec-session.ts';
import type { RemoteCommandSession } from '../../../../../main/core/sessions/remote-command-session.ts';
import { EventLog } from '../../../../support/event-log.ts';
import { afterEach } from 'vitest';
import { ScriptedServer, type ServerOptions } from './scripted-server.ts';

const opened: RemoteCommandSession[] = [];

/** Below vitest's 5 s test timeout, so a stuck wait fails with what the session said so far. */
const WAIT_TIMEOUT_MS = 4000;

export function closeAllSessions(): void {
  for (const session of opened.splice(0)) session.close();
}

/**
 * For a test file whose tests each start one ScriptedServer: returns the starter, and after each
 * test closes the sessions and the server.
 */
export function useScriptedServer(): (options?: ServerOptions) => Promise<ScriptedServer> {
  let server: ScriptedServer | undefined;
  afterEach(async () => {
    closeAllSessions();
    await server?.close();
    server = undefined;
  });
  return async (options) => {
    server = await ScriptedServer.start(options);
    return server;
  };
}

export type ExecOverrides = Partial<Omit<ExecRequest, 'command'>> & { command?: ExecCommand };

export function openExec(
  server: ScriptedServer,
  request: ExecOverrides = {},
  extra: Partial<ExecSessionOptions> = {},
): { session: RemoteCommandSession; log: EventLog } {
  const log = new EventLog({ timeoutMs: WAIT_TIMEOUT_MS });
  const session = createExecSession({
    id: `exec-${opened.length + 1}`,
    emit: log.sink,
    connection: server.connectionFor(),
    request: {
      context: 'test-context',
      namespace: 'ns',
      pod: 'web-0',
      container: 'app',
      command: { kind: 'argv', argv: ['sh', '-c', 'echo hi'] },
      tty: false,
      stdin: false,
      ...request,
    },
    ...extra,
  });
  opened.push(session);
  void session.start();
  return { session, log };
}

export function openAttach(
  server: ScriptedServer,
  request: Partial<AttachRequest> = {},
  extra: Partial<AttachSessionOptions> = {},
): { session: RemoteCommandSession; log: EventLog } {
  const log = new EventLog({ timeoutMs: WAIT_TIMEOUT_MS });
  const session = createAttachSession({
    id: `attach-${opened.length + 1}`,
    emit: log.sink,
    connection: server.connectionFor(),
    request: { context: 'test-context', namespace: 'ns', pod: 'web-0', container: 'app', tty: false, stdin: false, ...request },
    ...extra,
  });
  opened.push(session);
  void session.start();
  return { session, log };
}

export const isState =
  (kind: string) =>
  (event: SessionEvent): boolean =>
    event.kind === 'state' && event.state.kind === kind;
