// Mapping of Node's error shapes. The same mappings are exercised with real sockets and real TLS
// failures in test/unit/main/core/connection/{tls,network}-errors.test.ts; here each code is covered.
import { describe, expect, it } from 'vitest';
import { CoreError } from '../../../../../main/core/errors/core-error.ts';
import type { ErrorContext } from '../../../../../main/core/errors/error-context.ts';
import { errorFromNetwork, timeoutError } from '../../../../../main/core/errors/network-errors.ts';

const ctx: ErrorContext = { context: 'prod', user: 'alice', server: 'https://k8s.example:6443', resource: 'exec in pod web-0' };

function coded(code: string, extra: Record<string, unknown> = {}): Error {
  return Object.assign(new Error(`failure ${code}`), { code, ...extra });
}

describe('errorFromNetwork', () => {
  it.each([
    'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
    'SELF_SIGNED_CERT_IN_CHAIN',
    'DEPTH_ZERO_SELF_SIGNED_CERT',
    'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  ])('%s is an untrusted certificate', (code) => {
    const error = errorFromNetwork(coded(code), ctx);
    expect(error).toMatchObject({ kind: 'tls', title: 'Certificate not trusted', context: 'prod' });
    expect(error.detail).toContain(code);
    expect(error.detail).toContain('certificate-authority');
  });

  it('ERR_TLS_CERT_ALTNAME_INVALID quotes the reason and suggests tls-server-name', () => {
    const reason = "Host: k8s.example. is not in the cert's altnames: DNS:other.example";
    const error = errorFromNetwork(coded('ERR_TLS_CERT_ALTNAME_INVALID', { reason }), ctx);
    expect(error).toMatchObject({ kind: 'tls', title: 'Certificate hostname mismatch' });
    expect(error.detail).toContain(reason);
    expect(error.detail).toContain('tls-server-name');
  });

  it('CERT_HAS_EXPIRED and CERT_NOT_YET_VALID say which', () => {
    expect(errorFromNetwork(coded('CERT_HAS_EXPIRED'), ctx).title).toBe('Server certificate expired');
    expect(errorFromNetwork(coded('CERT_NOT_YET_VALID'), ctx).title).toBe('Server certificate not yet valid');
  });

  it('a TLS alert over our client certificate is a rejected client certificate', () => {
    const error = errorFromNetwork(coded('ERR_SSL_TLSV13_ALERT_CERTIFICATE_REQUIRED'), ctx);
    expect(error).toMatchObject({ kind: 'tls', title: 'Client certificate rejected' });
  });

  it('other TLS failures are a TLS handshake failure', () => {
    expect(errorFromNetwork(coded('ERR_SSL_WRONG_VERSION_NUMBER'), ctx)).toMatchObject({ kind: 'tls', title: 'TLS handshake failed' });
  });

  it('ECONNREFUSED names the address', () => {
    const error = errorFromNetwork(coded('ECONNREFUSED', { address: '10.0.0.1', port: 6443 }), ctx);
    expect(error).toMatchObject({ kind: 'network', title: 'Connection refused' });
    expect(error.detail).toContain('10.0.0.1:6443');
  });

  it('looks inside an AggregateError (happy eyeballs) and a cause chain', () => {
    const aggregate = new AggregateError([new Error('no code'), coded('ECONNREFUSED', { address: '::1', port: 6443 })]);
    expect(errorFromNetwork(aggregate, ctx).title).toBe('Connection refused');
    const wrapped = new Error('outer', { cause: coded('ENOTFOUND', { hostname: 'k8s.example' }) });
    expect(errorFromNetwork(wrapped, ctx)).toMatchObject({ kind: 'network', title: 'Server name not found' });
  });

  it.each([
    ['ENOTFOUND', 'Server name not found'],
    ['EAI_AGAIN', 'Server name not found'],
    ['ETIMEDOUT', 'Connection timed out'],
    ['ECONNRESET', 'Connection reset'],
    ['EHOSTUNREACH', 'Server unreachable'],
    ['EWHATEVER', 'Connection failed'],
  ])('%s is titled %s', (code, title) => {
    expect(errorFromNetwork(coded(code), ctx)).toMatchObject({ kind: 'network', title });
  });

  it('a CoreError passes through unchanged', () => {
    const userError = { kind: 'exec-plugin', title: 't', detail: 'd' } as const;
    expect(errorFromNetwork(new CoreError(userError), ctx)).toBe(userError);
  });

  it('something without a code is still a network error with its message', () => {
    expect(errorFromNetwork(new Error('socket hang up'), ctx)).toMatchObject({ kind: 'network', detail: expect.stringContaining('socket hang up') });
    expect(errorFromNetwork('weird', ctx).detail).toContain('weird');
  });

  describe('with a proxy', () => {
    const viaProxy = { ...ctx, proxy: 'http://proxy.example:3128' };

    it('a refused CONNECT (hpagent "Bad response") is a proxy error; 407 hints at credentials', () => {
      const error = errorFromNetwork(new Error('Bad response: 407'), viaProxy);
      expect(error).toMatchObject({ kind: 'proxy', title: 'Proxy failed' });
      expect(error.detail).toContain('http://proxy.example:3128');
      expect(error.detail).toContain('407');
      expect(error.detail).toContain('proxy authentication required');
    });

    it('failing to reach the proxy itself is a proxy error', () => {
      expect(errorFromNetwork(coded('ENOTFOUND', { hostname: 'proxy.example' }), viaProxy).kind).toBe('proxy');
      expect(errorFromNetwork(coded('ECONNREFUSED', { address: 'proxy.example', port: 3128 }), viaProxy).kind).toBe('proxy');
    });

    it('a SOCKS failure is a proxy error', () => {
      const error = errorFromNetwork(new Error('Socks5 proxy rejected connection - HostUnreachable'), { ...ctx, proxy: 'socks5://127.0.0.1:1080' });
      expect(error.kind).toBe('proxy');
      expect(error.detail).toContain('HostUnreachable');
    });

    it('a TLS failure to the server behind the proxy is still a TLS error', () => {
      expect(errorFromNetwork(coded('CERT_HAS_EXPIRED'), viaProxy).kind).toBe('tls');
    });
  });

  it('timeoutError states the phase and the time', () => {
    const error = timeoutError(ctx, 'answer to the WebSocket upgrade', 2500);
    expect(error).toMatchObject({ kind: 'network', title: 'Connection timed out' });
    expect(error.detail).toContain('2.5 s');
    expect(error.detail).toContain('answer to the WebSocket upgrade');
  });
});
