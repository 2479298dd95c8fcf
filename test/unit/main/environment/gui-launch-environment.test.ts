// What a GUI-launched app takes from the login shell: what it lacks, and PATH entries appended.
import { describe, expect, it } from 'vitest';
import { environmentAdditions } from '../../../../main/environment/gui-launch-environment.ts';

describe('environmentAdditions', () => {
  it('adds what only the shell has, and appends the shell’s missing PATH entries after the app’s own', () => {
    const launchd = { PATH: '/usr/bin:/bin:/usr/sbin:/sbin', HOME: '/Users/me' };
    const shell = { PATH: '/opt/homebrew/bin:/Users/me/.local/bin:/usr/bin:/bin', HOME: '/Users/me', KUBECONFIG: '/Users/me/.kube/work', AWS_PROFILE: 'prod' };
    expect(environmentAdditions(launchd, shell)).toEqual({
      PATH: '/usr/bin:/bin:/usr/sbin:/sbin:/opt/homebrew/bin:/Users/me/.local/bin',
      KUBECONFIG: '/Users/me/.kube/work',
      AWS_PROFILE: 'prod',
    });
  });

  it('keeps what the app was started with: a KUBECONFIG a terminal exported wins over the profile’s', () => {
    const terminal = { PATH: '/opt/homebrew/bin:/usr/bin', KUBECONFIG: '/tmp/session.yaml' };
    expect(environmentAdditions(terminal, { PATH: '/usr/bin:/opt/homebrew/bin', KUBECONFIG: '/Users/me/.kube/config' })).toEqual({});
  });

  it('takes nothing that describes the shell process itself', () => {
    expect(environmentAdditions({}, { _: '/usr/bin/env', SHLVL: '2', PWD: '/', OLDPWD: '/tmp' })).toEqual({});
  });

  it('gives a PATH to an app that had none', () => {
    expect(environmentAdditions({}, { PATH: '/usr/bin:/bin' })).toEqual({ PATH: '/usr/bin:/bin' });
  });
});
