// An exec credential plugin that fails must say how: not found, not executable, exit code with
// its stderr, output that is no ExecCredential, or a hang (client-node 2.0.1 waits forever).
import { chmodSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { connectionFromKubeconfig, startFakeServer, type FakeServer } from '../../../../fake-server/fake-server.ts';
import { rejection, until } from './helpers.ts';
import { pluginFixture, type PluginFixture } from './plugin.ts';

let fake: FakeServer;
let plugin: PluginFixture;
beforeEach(async () => {
  fake = await startFakeServer();
  plugin = pluginFixture();
});
afterEach(async () => {
  await fake.close();
  plugin.dispose();
});

describe('exec credential plugin failures', () => {
  it('a command that does not exist: "not found", with the kubeconfig’s installHint', async () => {
    const conn = fake.connection({ user: { exec: { apiVersion: 'client.authentication.k8s.io/v1', command: 'porthole-no-such-plugin', installHint: 'Install it with: brew install no-such-plugin' } } });
    const { userError } = await rejection(conn.requestOptions());
    expect(userError).toMatchObject({ kind: 'exec-plugin', title: 'Credential plugin not found', context: 'fake' });
    expect(userError.detail).toContain('"porthole-no-such-plugin"');
    expect(userError.detail).toContain('user "fake-user"');
    expect(userError.detail).toContain('brew install no-such-plugin');
  });

  it('a command that does not exist names the PATH it was looked up in (a GUI launch’s is short)', async () => {
    const conn = fake.connection({ user: { exec: { apiVersion: 'client.authentication.k8s.io/v1', command: 'porthole-no-such-plugin' } } });
    const { userError } = await rejection(conn.requestOptions());
    expect(userError.detail).toContain(`no such command in PATH (${process.env['PATH'] ?? ''})`);
  });

  it('a path that does not exist is "no such file", with no PATH', async () => {
    const conn = fake.connection({ user: { exec: { apiVersion: 'client.authentication.k8s.io/v1', command: path.join(plugin.directory, 'missing') } } });
    const { userError } = await rejection(conn.requestOptions());
    expect(userError).toMatchObject({ title: 'Credential plugin not found' });
    expect(userError.detail).toContain(': no such file.');
  });

  it('a file that is not executable', async () => {
    const file = path.join(plugin.directory, 'not-executable');
    writeFileSync(file, '#!/bin/sh\n');
    chmodSync(file, 0o644);
    const conn = fake.connection({ user: { exec: { command: file } } });
    const { userError } = await rejection(conn.requestOptions());
    expect(userError).toMatchObject({ kind: 'exec-plugin', title: 'Credential plugin not executable' });
    expect(userError.detail).toContain('EACCES');
  });

  it('a non-zero exit: the code and the plugin’s stderr', async () => {
    const conn = fake.connection({ user: plugin.user('exit', '3', 'error: you must log in first\n') });
    const { userError } = await rejection(conn.requestOptions());
    expect(userError).toMatchObject({ kind: 'exec-plugin', title: 'Credential plugin failed' });
    expect(userError.detail).toContain('exited with code 3');
    expect(userError.detail).toContain('error: you must log in first');
  });

  it('output that is not JSON: said without quoting stdout (it may hold the token)', async () => {
    const conn = fake.connection({ user: plugin.user('print', 'tok-SECRET-1234 is your token') });
    const { userError } = await rejection(conn.requestOptions());
    expect(userError).toMatchObject({ kind: 'exec-plugin', title: 'Credential plugin output unusable' });
    expect(userError.detail).toContain('not JSON');
    expect(JSON.stringify(userError)).not.toContain('SECRET');
  });

  it('JSON without a status', async () => {
    const conn = fake.connection({ user: plugin.user('print', '{"kind":"ExecCredential"}') });
    const { userError } = await rejection(conn.requestOptions());
    expect(userError.detail).toContain('no status object');
  });

  it('a status with neither token nor client certificate', async () => {
    const conn = fake.connection({ user: plugin.user('print', '{"kind":"ExecCredential","status":{}}') });
    const { userError } = await rejection(conn.requestOptions());
    expect(userError).toMatchObject({ kind: 'exec-plugin', title: 'Credential plugin output unusable' });
    expect(userError.detail).toContain('neither status.token nor status.clientCertificateData');
  });

  it('a failure is not cached: the next request runs the plugin again', async () => {
    const conn = fake.connection({ user: plugin.user('print', '{"kind":"ExecCredential","status":{}}') });
    await rejection(conn.requestOptions());
    await rejection(conn.requestOptions());
    expect(plugin.runs()).toBe(2);
  });

  it('a plugin that hangs is killed after the credential timeout and reported', async () => {
    // Long enough for the plugin (a Node process) to start and count its run on a loaded machine
    // before it is killed: with 300 ms, CI's second run was killed before it had counted itself.
    const conn = fake.connection({ user: plugin.user('hang') }, { credentialTimeoutMs: 1500 });
    const { userError } = await rejection(conn.requestOptions());
    expect(userError).toMatchObject({ kind: 'exec-plugin', title: 'Credential plugin timed out' });
    expect(userError.detail).toContain('1.5 s');
    const [pid] = plugin.pids();
    await until(() => !isAlive(pid ?? 0));
    // The connection is still usable afterwards: a later request runs the plugin afresh.
    await rejection(conn.requestOptions());
    expect(plugin.runs()).toBe(2);
  });

  it('an exec section without a command names the field', async () => {
    const conn = connectionFromKubeconfig(fake.kubeconfigFor({ user: { exec: { apiVersion: 'client.authentication.k8s.io/v1' } } }));
    const { userError } = await rejection(conn.requestOptions());
    expect(userError).toMatchObject({ kind: 'kubeconfig' });
    expect(userError.detail).toContain('exec.command');
  });
});

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
