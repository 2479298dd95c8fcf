import { describe, expect, it } from 'vitest';
import { CoreError } from '../../../../../main/core/errors/core-error.ts';
import { checkPodRef, podLabel, podStreamTarget } from '../../../../../main/core/sessions/pod-target.ts';

const ref = { context: 'admin', namespace: 'shop', pod: 'web-0', container: 'app' };

describe('podStreamTarget', () => {
  it('puts one command= per argv element, in order, and the stream flags of a tty exec', () => {
    const target = podStreamTarget('exec', ref, { tty: true, stdin: true }, ['sh', '-c', 'echo "a b" && exit 3']);
    expect(target.path).toBe('/api/v1/namespaces/shop/pods/web-0/exec');
    expect([...target.query]).toEqual([
      ['command', 'sh'],
      ['command', '-c'],
      ['command', 'echo "a b" && exit 3'],
      ['container', 'app'],
      ['stdin', 'true'],
      ['stdout', 'true'],
      ['tty', 'true'],
    ]);
    expect(target.protocols).toEqual(['v5.channel.k8s.io', 'v4.channel.k8s.io', 'channel.k8s.io']);
    expect(target.resource).toBe('exec in pod web-0 container app');
  });

  it('asks for stderr as its own stream without a tty, and no stdin unless wanted', () => {
    const target = podStreamTarget('attach', { ...ref, container: undefined }, { tty: false, stdin: false });
    expect(target.path).toBe('/api/v1/namespaces/shop/pods/web-0/attach');
    expect([...target.query]).toEqual([
      ['stdout', 'true'],
      ['stderr', 'true'],
    ]);
    expect(target.resource).toBe('attach to pod web-0');
  });

  it('escapes names in the path', () => {
    expect(podStreamTarget('exec', { ...ref, pod: 'a/b' }, { tty: false, stdin: false }, ['ls']).path).toBe(
      '/api/v1/namespaces/shop/pods/a%2Fb/exec',
    );
  });
});

describe('checkPodRef', () => {
  it.each([
    [{ ...ref, namespace: '' }, 'Invalid namespace'],
    [{ ...ref, pod: 42 as unknown as string }, 'Invalid pod'],
    [{ ...ref, container: '' }, 'Invalid container'],
    [{ ...ref, context: undefined as unknown as string }, 'Invalid context'],
    // The bridge's schema (call-schemas.ts podRef) is the one check: a name the API server would refuse.
    [{ ...ref, pod: 'Web_0' }, 'Invalid pod'],
  ])('refuses %j with a CoreError naming the field', (bad, title) => {
    let caught: unknown;
    try {
      checkPodRef(bad);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(CoreError);
    expect((caught as CoreError).userError).toMatchObject({ kind: 'invalid-request', title });
  });

  it('accepts a complete reference, with or without container', () => {
    expect(() => checkPodRef(ref)).not.toThrow();
    expect(() => checkPodRef({ ...ref, container: undefined })).not.toThrow();
  });
});

describe('podLabel', () => {
  it('names pod and container', () => {
    expect(podLabel(ref)).toBe('web-0/app');
    expect(podLabel({ ...ref, container: undefined })).toBe('web-0');
  });
});
