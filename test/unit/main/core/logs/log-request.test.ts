import { describe, expect, it } from 'vitest';
import type { LogOptions } from '../../../../../shared/bridge/sessions.ts';
import { CoreError } from '../../../../../main/core/errors/core-error.ts';
import { checkLogOptions, checkLogSource, logPath, logQuery } from '../../../../../main/core/logs/log-request.ts';

function problemWith(run: () => void): string {
  try {
    run();
  } catch (error) {
    if (error instanceof CoreError && error.userError.kind === 'invalid-request') {
      expect(error.userError.context).toBe('prod');
      return error.userError.detail;
    }
    throw error;
  }
  throw new Error('expected a CoreError invalid-request');
}

describe('checkLogOptions', () => {
  const base: LogOptions = { follow: true };

  it('accepts every option in range', () => {
    expect(() =>
      checkLogOptions({ ...base, previous: true, timestamps: false, tailLines: 0, sinceTime: '2024-05-01T10:00:00.5+02:00', limitBytes: 1, transport: 'websocket' }, 'prod'),
    ).not.toThrow();
    expect(() => checkLogOptions({ ...base, sinceSeconds: 1, transport: 'http' }, 'prod')).not.toThrow();
  });

  it.each([
    [{ follow: 'yes' }, /follow must be true or false/],
    [{ tailLines: -1 }, /tailLines must be a whole number of at least 0, got -1/],
    [{ tailLines: 1.5 }, /tailLines/],
    [{ sinceSeconds: 0 }, /sinceSeconds must be a whole number of at least 1/],
    [{ sinceTime: 'yesterday' }, /sinceTime must be an RFC 3339 time .* got "yesterday"/],
    [{ sinceTime: '2024-05-01T10:00:00Z', sinceSeconds: 5 }, /cannot be given together/],
    [{ limitBytes: 0 }, /limitBytes must be a whole number of at least 1/],
    [{ transport: 'spdy' }, /transport must be one of http, websocket, got "spdy"/],
    [{ previous: 1 }, /previous must be true or false/],
  ])('refuses %j', (options, message) => {
    expect(problemWith(() => checkLogOptions({ ...base, ...options } as unknown as LogOptions, 'prod'))).toMatch(message);
  });
});

describe('checkLogSource', () => {
  it('accepts Kubernetes names', () => {
    expect(() => checkLogSource({ namespace: 'kube-system', pod: 'coredns-5d78c9869d-abc12.x', container: 'coredns' }, 'prod')).not.toThrow();
  });

  it.each([
    [{ namespace: '', pod: 'web' }, /namespace "" is not a valid Kubernetes namespace name/],
    [{ namespace: 'shop', pod: '../secrets' }, /pod "..\/secrets" is not a valid/],
    [{ namespace: 'shop', pod: 'web', container: 'App' }, /container "App"/],
  ])('refuses %j', (source, message) => {
    expect(problemWith(() => checkLogSource(source, 'prod'))).toMatch(message);
  });
});

describe('logQuery', () => {
  const source = { namespace: 'shop', pod: 'web-0', container: 'app' };

  it('asks for timestamps even when the user does not want to see them', () => {
    expect(logQuery(source, { follow: false }, null).get('timestamps')).toBe('true');
  });

  it('replaces where the log starts with the resume position', () => {
    const query = logQuery(source, { follow: true, previous: true, tailLines: 5, sinceTime: '2024-01-01T00:00:00Z' }, '2024-05-01T10:00:00Z');
    expect(Object.fromEntries(query)).toEqual({
      container: 'app',
      follow: 'true',
      previous: 'true',
      timestamps: 'true',
      sinceTime: '2024-05-01T10:00:00Z',
    });
  });

  it('builds the pod log path', () => {
    expect(logPath(source)).toBe('/api/v1/namespaces/shop/pods/web-0/log');
  });
});
