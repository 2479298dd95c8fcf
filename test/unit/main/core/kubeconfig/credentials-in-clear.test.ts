import { describe, expect, it } from 'vitest';
import { credentialsInClear, isLoopbackHost } from '../../../../../main/core/kubeconfig/credentials-in-clear.ts';

describe('credentials in clear', () => {
  it('warns for a token sent over http:// to another host, naming the host and what crosses', () => {
    const warning = credentialsInClear('remote', 'http://10.0.0.5:8080', 'token', false);
    expect(warning).toMatchObject({ kind: 'kubeconfig', title: 'Credentials sent in clear', context: 'remote' });
    expect(warning?.detail).toContain('10.0.0.5:8080');
    expect(warning?.detail).toContain('bearer token');
  });

  it.each([
    ['a kubectl proxy on 127.0.0.1', 'http://127.0.0.1:8001', 'token'],
    ['localhost', 'http://localhost:8001', 'basic'],
    ['IPv6 loopback', 'http://[::1]:8001', 'exec-plugin'],
    ['https', 'https://10.0.0.5:6443', 'token'],
    ['no credentials', 'http://10.0.0.5:8080', 'none'],
    ['a client certificate (TLS only: nothing to send over http)', 'http://10.0.0.5:8080', 'client-certificate'],
  ] as const)('does not warn for %s', (_what, server, auth) => {
    expect(credentialsInClear('c', server, auth, false)).toBeUndefined();
  });

  it('warns for a password in the server URL itself', () => {
    expect(credentialsInClear('c', 'http://api.example.com', 'none', true)?.detail).toContain('user name and password in its server URL');
  });

  it('knows loopback names and addresses, and nothing else', () => {
    expect(['127.0.0.1', '127.3.2.1', 'localhost', 'LOCALHOST', 'api.localhost', '[::1]'].every(isLoopbackHost)).toBe(true);
    expect(['128.0.0.1', 'localhost.example.com', '10.0.0.1', '::2', '127.0.0.1.nip.io'].some(isLoopbackHost)).toBe(false);
  });
});
