import { describe, expect, it } from 'vitest';
import { MemoryCredentials } from './memory-credentials.ts';

describe('MemoryCredentials', () => {
  it('offers the token until a secret is remembered, then the secret only', () => {
    const credentials = new MemoryCredentials('one-time');
    expect(credentials.current()).toEqual({ kind: 'token', value: 'one-time' });
    credentials.remember('secret');
    expect(credentials.current()).toEqual({ kind: 'session', value: 'secret' });
    expect(credentials.token).toBeNull();
  });

  it('has nothing to offer without a token or a secret', () => {
    expect(new MemoryCredentials(null).current()).toBeNull();
  });
});
