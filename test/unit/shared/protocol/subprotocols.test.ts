import { describe, expect, it } from 'vitest';
import { SUBPROTOCOL, SUBPROTOCOL_OFFER, acceptSubprotocol, describeSubprotocol } from '../../../../shared/protocol/index.ts';
import { protocolErrorFrom } from './helpers.ts';

describe('subprotocol names and offers', () => {
  it('offers exec/attach protocols newest first, binary only, with the pre-v4 fallback last', () => {
    expect(SUBPROTOCOL_OFFER.remotecommand).toEqual(['v5.channel.k8s.io', 'v4.channel.k8s.io', 'channel.k8s.io']);
  });

  it('offers v4.channel.k8s.io for port-forward and binary.k8s.io for logs', () => {
    expect(SUBPROTOCOL_OFFER.portforward).toEqual(['v4.channel.k8s.io']);
    expect(SUBPROTOCOL_OFFER.log).toEqual(['binary.k8s.io']);
  });

  it('spells every name as the servers do', () => {
    expect(SUBPROTOCOL).toEqual({
      v5: 'v5.channel.k8s.io',
      v4: 'v4.channel.k8s.io',
      v4Base64: 'v4.base64.channel.k8s.io',
      v1: 'channel.k8s.io',
      v1Base64: 'base64.channel.k8s.io',
      logBinary: 'binary.k8s.io',
      logBase64: 'base64.binary.k8s.io',
    });
  });
});

describe('describeSubprotocol', () => {
  it.each([
    ['v5.channel.k8s.io', 5, 'binary', true, 'metav1-status', true],
    ['v4.channel.k8s.io', 4, 'binary', false, 'metav1-status', true],
    ['v4.base64.channel.k8s.io', 4, 'base64', false, 'metav1-status', true],
    ['channel.k8s.io', 1, 'binary', false, 'plain-text', false],
    ['base64.channel.k8s.io', 1, 'base64', false, 'plain-text', false],
  ] as const)('describes %s for exec/attach', (name, version, encoding, supportsClose, statusFormat, statusOnSuccess) => {
    expect(describeSubprotocol('remotecommand', name)).toEqual({
      operation: 'remotecommand',
      name,
      version,
      encoding,
      supportsClose,
      statusFormat,
      statusOnSuccess,
    });
  });

  it('describes the port-forward protocols, which have no close signal', () => {
    expect(describeSubprotocol('portforward', 'v4.channel.k8s.io')).toEqual({
      operation: 'portforward',
      name: 'v4.channel.k8s.io',
      version: 4,
      encoding: 'binary',
      supportsClose: false,
    });
    expect(describeSubprotocol('portforward', 'v4.base64.channel.k8s.io')?.encoding).toBe('base64');
  });

  it('describes the log protocols', () => {
    expect(describeSubprotocol('log', 'binary.k8s.io')).toEqual({ operation: 'log', name: 'binary.k8s.io', encoding: 'binary' });
    expect(describeSubprotocol('log', 'base64.binary.k8s.io')).toEqual({
      operation: 'log',
      name: 'base64.binary.k8s.io',
      encoding: 'base64',
    });
  });

  it.each([
    ['remotecommand', 'binary.k8s.io'],
    ['remotecommand', 'v3.channel.k8s.io'],
    ['remotecommand', 'V5.CHANNEL.K8S.IO'],
    ['portforward', 'channel.k8s.io'],
    ['portforward', 'v5.channel.k8s.io'],
    ['log', 'v4.channel.k8s.io'],
    ['log', ''],
  ] as const)('knows %s does not speak %j', (operation, name) => {
    expect(describeSubprotocol(operation, name)).toBeNull();
  });
});

describe('acceptSubprotocol', () => {
  const offer = SUBPROTOCOL_OFFER.remotecommand;

  it('describes the protocol the server chose from the offer', () => {
    expect(acceptSubprotocol('remotecommand', offer, 'v4.channel.k8s.io').version).toBe(4);
    expect(acceptSubprotocol('remotecommand', offer, 'v5.channel.k8s.io').supportsClose).toBe(true);
    expect(acceptSubprotocol('portforward', SUBPROTOCOL_OFFER.portforward, 'v4.channel.k8s.io').operation).toBe(
      'portforward',
    );
  });

  it.each([null, undefined, ''])('rejects an upgrade that chose no subprotocol (%j)', (chosen) => {
    const error = protocolErrorFrom(() => acceptSubprotocol('remotecommand', offer, chosen));
    expect(error.code).toBe('no-subprotocol');
    expect(error.message).toContain('v5.channel.k8s.io, v4.channel.k8s.io, channel.k8s.io');
  });

  it('rejects a protocol the client did not offer, even one it could speak', () => {
    const error = protocolErrorFrom(() => acceptSubprotocol('remotecommand', offer, 'v4.base64.channel.k8s.io'));
    expect(error.code).toBe('subprotocol-not-offered');
    expect(error.message).toContain('"v4.base64.channel.k8s.io"');
  });

  it('rejects an offered name that is not a protocol of the endpoint', () => {
    const error = protocolErrorFrom(() => acceptSubprotocol('log', ['binary.k8s.io', 'channel.k8s.io'], 'channel.k8s.io'));
    expect(error.code).toBe('subprotocol-not-offered');
    expect(error.message).toContain('not a log protocol');
  });
});
