// Reading the login shell's environment with real shells: /bin/sh with a real profile, and small
// stand-in shells (sh scripts taking -i -l -c COMMAND) for what a profile can do wrong.
import { chmodSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { loginShell, readLoginShellEnvironment } from '../../../../main/environment/login-shell-environment.ts';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'porthole-login-shell-'));
});

/** A shell whose profile is `profile` (sh), then runs the -c command as sh does. */
function shellWithProfile(profile: string): string {
  const file = join(dir, 'fake-shell');
  writeFileSync(file, `#!/bin/sh\n${profile}\nexec /bin/sh -c "$4"\n`);
  chmodSync(file, 0o755);
  return file;
}

/** Running, as opposed to gone or a zombie no one has reaped yet (a container's PID 1 may not reap). */
function alive(pid: number): boolean {
  try {
    return !/^\d+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return false;
  }
}

const base = { node: process.execPath, env: { PATH: '/usr/bin:/bin', HOME: '/nonexistent' }, timeoutMs: 5_000 };

describe('readLoginShellEnvironment', () => {
  it('runs /bin/sh as a login shell, which reads the profile', async () => {
    writeFileSync(join(dir, '.profile'), 'export KUBECONFIG="$HOME/.kube/work"\nexport PATH="$HOME/bin:$PATH"\necho "Welcome back"\n');
    const result = await readLoginShellEnvironment({ ...base, shell: '/bin/sh', env: { PATH: '/usr/bin:/bin', HOME: dir } });
    if (!result.ok) expect.unreachable(result.problem);
    expect(result.env['KUBECONFIG']).toBe(`${dir}/.kube/work`);
    expect(result.env['PATH']).toMatch(new RegExp(`^${dir}/bin:`));
  });

  it('ignores what the profile prints, keeps a value holding a newline whole, and leaves out its own helpers', async () => {
    const shell = shellWithProfile('echo "motd: {not json}"\nexport AWS_PROFILE=prod\nexport NOTE="two\nlines"');
    const result = await readLoginShellEnvironment({ ...base, shell });
    if (!result.ok) expect.unreachable(result.problem);
    expect(result.env['AWS_PROFILE']).toBe('prod');
    expect(result.env['NOTE']).toBe('two\nlines');
    expect(Object.keys(result.env).filter((name) => /^(ELECTRON_|PORTHOLE_ENV_)/.test(name))).toEqual([]);
  });

  it('gives up on a profile that hangs, after the timeout, and kills what it started', async () => {
    const pidFile = join(dir, 'pid');
    const shell = shellWithProfile(`sleep 60 &\necho $! > ${pidFile}\nwait`);
    const started = Date.now();
    const result = await readLoginShellEnvironment({ ...base, shell, timeoutMs: 300 });
    expect(result).toEqual({ ok: false, problem: `${shell} gave no environment within 0.3 s` });
    expect(Date.now() - started).toBeLessThan(3_000);
    const sleeper = Number(readFileSync(pidFile, 'utf8'));
    await vi.waitFor(() => expect(alive(sleeper)).toBe(false));
  });

  it('says so when the shell prints no environment, and when there is no such shell', async () => {
    const shell = shellWithProfile('exit 3');
    expect(await readLoginShellEnvironment({ ...base, shell })).toEqual({ ok: false, problem: `${shell} printed no environment (exit code 3)` });
    const missing = join(dir, 'no-such-shell');
    expect(await readLoginShellEnvironment({ ...base, shell: missing })).toMatchObject({ ok: false, problem: expect.stringContaining(`${missing} could not be started`) });
  });
});

describe('loginShell', () => {
  it('is $SHELL when it is a path, else the account’s shell', () => {
    expect(loginShell({ SHELL: '/opt/homebrew/bin/fish' })).toBe('/opt/homebrew/bin/fish');
    expect(loginShell({ SHELL: 'zsh' })).toMatch(/^\//);
    expect(loginShell({})).toMatch(/^\//);
  });
});
