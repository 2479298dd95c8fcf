// The start-up step: the login shell's environment merged into the app's, or the reason it is not.
import { chmodSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { adoptLoginShellEnvironment } from '../../../../main/environment/adopt-login-shell-environment.ts';

function shell(script: string): string {
  const file = join(mkdtempSync(join(tmpdir(), 'porthole-adopt-')), 'fake-shell');
  writeFileSync(file, `#!/bin/sh\n${script}\n`);
  chmodSync(file, 0o755);
  return file;
}

describe('adoptLoginShellEnvironment', () => {
  it('puts the profile’s KUBECONFIG and PATH entries into the app’s environment', async () => {
    const env: NodeJS.ProcessEnv = { SHELL: shell('export KUBECONFIG=/Users/me/.kube/work PATH="/opt/homebrew/bin:$PATH"\nexec /bin/sh -c "$4"'), PATH: '/usr/bin:/bin' };
    expect(await adoptLoginShellEnvironment(env, process.execPath, 'darwin')).toBeNull();
    expect(env['KUBECONFIG']).toBe('/Users/me/.kube/work');
    expect(env['PATH']).toBe('/usr/bin:/bin:/opt/homebrew/bin');
  });

  it('leaves the environment as it was when the shell fails, naming the PATH plugins will be looked up in', async () => {
    const env: NodeJS.ProcessEnv = { SHELL: shell('exit 1'), PATH: '/usr/bin:/bin' };
    const problem = await adoptLoginShellEnvironment(env, process.execPath, 'linux');
    expect(problem).toMatch(/could not read your login shell’s environment \(.* printed no environment \(exit code 1\)\); exec credential plugins are looked up in PATH \/usr\/bin:\/bin\./);
    expect(env['KUBECONFIG']).toBeUndefined();
  });

  it('reads nothing on Windows, whose apps get the user’s environment from the system', async () => {
    const env: NodeJS.ProcessEnv = { SHELL: '/no/such/shell' };
    expect(await adoptLoginShellEnvironment(env, process.execPath, 'win32')).toBeNull();
    expect(env).toEqual({ SHELL: '/no/such/shell' });
  });
});
