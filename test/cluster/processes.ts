// Child processes of the cluster: each one leads its own process group (so stopping it also
// stops whatever it spawned) and, where util-linux's
// setpriv exists, gets SIGKILL from the kernel when its parent dies. That last part is what
// keeps a SIGKILLed test runner from leaving an API server behind.
import { spawn, spawnSync } from 'node:child_process';
import { closeSync, openSync, readFileSync } from 'node:fs';

export type ManagedProcess = {
  name: string;
  pid: number;
  logPath: string;
  /** Settles when the process has exited, with its code or the signal that ended it. */
  exited: Promise<string>;
  isRunning: () => boolean;
  /** SIGTERM to the whole group, SIGKILL after `graceMs`; resolves once the leader is gone. */
  stop: (graceMs?: number) => Promise<void>;
  /** Synchronous SIGKILL to the whole group, for 'exit' handlers that cannot wait. */
  killNow: () => void;
  /** The last lines of the process's log, for error messages. */
  logTail: (lines?: number) => string;
};

let setprivAvailable: boolean | undefined;
function hasSetpriv(): boolean {
  setprivAvailable ??= spawnSync('setpriv', ['--help'], { stdio: 'ignore' }).status === 0;
  return setprivAvailable;
}

export type StartOptions = {
  name: string;
  command: string;
  args: string[];
  logPath: string;
  cwd?: string;
  env?: NodeJS.ProcessEnv;
  /** False for a process that must outlive its parent (the detached `cluster:up` supervisor). */
  dieWithParent?: boolean;
};

export function startProcess(options: StartOptions): ManagedProcess {
  const dieWithParent = options.dieWithParent ?? true;
  const [command, args] =
    dieWithParent && hasSetpriv()
      ? ['setpriv', ['--pdeathsig', 'KILL', '--', options.command, ...options.args]]
      : [options.command, options.args];
  const logFd = openSync(options.logPath, 'a');
  const child = spawn(command, args, {
    cwd: options.cwd,
    env: options.env ?? process.env,
    stdio: ['ignore', logFd, logFd],
    detached: true, // its own process group, led by the child
  });
  closeSync(logFd);
  if (child.pid === undefined) {
    throw new Error(`could not start ${options.name} (${options.command}): no pid`);
  }
  const pid = child.pid;
  let running = true;
  const exited = new Promise<string>((resolve) => {
    child.on('exit', (code, signal) => {
      running = false;
      resolve(signal === null ? `exit code ${code}` : `signal ${signal}`);
    });
    child.on('error', (error) => {
      running = false;
      resolve(`spawn error: ${error.message}`);
    });
  });
  // A supervisor's child must not keep the event loop alive on its own.
  if (!dieWithParent) child.unref();

  const signalGroup = (signal: NodeJS.Signals): void => {
    try {
      process.kill(-pid, signal);
    } catch {
      // ESRCH: the group is already gone.
    }
  };

  return {
    name: options.name,
    pid,
    logPath: options.logPath,
    exited,
    isRunning: () => running,
    stop: async (graceMs = 5000) => {
      signalGroup('SIGTERM');
      let timer: NodeJS.Timeout | undefined;
      const timedOut = new Promise<'timeout'>((resolve) => {
        timer = setTimeout(() => resolve('timeout'), graceMs);
      });
      if ((await Promise.race([exited, timedOut])) === 'timeout') {
        signalGroup('SIGKILL');
        await exited;
      }
      clearTimeout(timer);
      // Stragglers that ignored SIGTERM while the leader obeyed it.
      signalGroup('SIGKILL');
    },
    killNow: () => signalGroup('SIGKILL'),
    logTail: (lines = 20) => tailOf(options.logPath, lines),
  };
}

export function tailOf(path: string, lines: number): string {
  try {
    return readFileSync(path, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
  } catch {
    return '(no log)';
  }
}

/** Whether any process in the group led by `pgid` is still alive (signal 0 probes). */
export function groupAlive(pgid: number): boolean {
  try {
    process.kill(-pgid, 0);
    return true;
  } catch {
    return false;
  }
}

/**
 * When a running process started (/proc/<pid>/stat field 22), or undefined when it is gone or a
 * zombie: a killed detached process whose new parent has not reaped it yet is as dead as a gone
 * one. Comparing start times tells a recycled pid from the process it once named. Linux only.
 */
export function runningSince(pid: number): string | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Field 2 (comm) may hold spaces and parentheses: count fields after its closing one.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return fields[0] === 'Z' ? undefined : fields[19];
  } catch {
    return undefined;
  }
}

export function isRunning(pid: number): boolean {
  return runningSince(pid) !== undefined;
}
