import { describe, expect, it } from 'vitest';
import type { PodSummary } from '../../../../../shared/bridge/resources.ts';
import { answersHttp, looksLikeHttp, portNameOnPod, portOnPod, targetPortOf } from '../../../../../main/core/port-forward/target-port.ts';

function podWithPorts(ports: { name?: string; containerPort: number }[], kind: 'main' | 'init' = 'main'): PodSummary {
  return {
    uid: 'u',
    name: 'web-0',
    namespace: 'shop',
    phase: 'Running',
    labels: {},
    deleting: false,
    containers: [{ name: 'httpd', kind, image: 'web', state: { kind: 'running' }, restartCount: 0, hasPreviousLogs: false, ports: ports.map((port) => ({ protocol: 'TCP', ...port })) }],
  };
}

describe('targetPortOf', () => {
  const ports = [
    { port: 80, name: 'http', targetPort: 'http', protocol: 'TCP' },
    { port: 443, targetPort: 8443, protocol: 'TCP' },
    { port: 9000, protocol: 'TCP' },
    { port: 53, name: 'dns', protocol: 'UDP' },
  ];

  it('maps a Service port to its target: a name, a number, or the same number when absent', () => {
    expect(targetPortOf(ports, 80, 'web')).toEqual({ target: 'http', name: 'http' });
    expect(targetPortOf(ports, 443, 'web')).toEqual({ target: 8443 });
    expect(targetPortOf(ports, 9000, 'web')).toEqual({ target: 9000 });
  });

  it('says which ports the Service has when asked for another, and refuses UDP', () => {
    expect(targetPortOf(ports, 81, 'web')).toBe('Service web has no port 81; its ports are 80 (http), 443, 9000, 53 (dns).');
    expect(targetPortOf([], 81, 'web')).toBe('Service web has no port 81; its ports are none.');
    expect(targetPortOf(ports, 53, 'web')).toBe('Service web port 53 is UDP; port-forwarding carries TCP only.');
  });
});

describe('portOnPod', () => {
  it('resolves a named target port on each pod, and a number as itself', () => {
    expect(portOnPod('http', podWithPorts([{ name: 'http', containerPort: 8080 }]))).toBe(8080);
    expect(portOnPod('http', podWithPorts([{ name: 'http', containerPort: 9090 }]))).toBe(9090);
    expect(portOnPod(7000, podWithPorts([]))).toBe(7000);
  });

  it('finds no port for a name the pod lacks, or one only an init container declares', () => {
    expect(portOnPod('http', podWithPorts([{ containerPort: 8080 }]))).toBeUndefined();
    expect(portOnPod('http', podWithPorts([{ name: 'http', containerPort: 8080 }], 'init'))).toBeUndefined();
  });

  it('names a numbered port by the spec', () => {
    expect(portNameOnPod(8080, podWithPorts([{ name: 'http', containerPort: 8080 }]))).toBe('http');
    expect(portNameOnPod(8081, podWithPorts([{ name: 'http', containerPort: 8080 }]))).toBeUndefined();
  });
});

describe('HTTP ports', () => {
  it('by name first, then by a conventional number', () => {
    expect(looksLikeHttp(1234, 'http')).toBe(true);
    expect(looksLikeHttp(1234, 'https')).toBe(true);
    expect(looksLikeHttp(1234, 'metrics-http')).toBe(true);
    expect(looksLikeHttp(8080, 'grpc')).toBe(false);
    expect(looksLikeHttp(8080, undefined)).toBe(true);
    expect(looksLikeHttp(5432, undefined)).toBe(false);
  });

  it('by the first bytes the pod answered', () => {
    expect(answersHttp(new TextEncoder().encode('HTTP/1.1 200 OK\r\n'))).toBe(true);
    expect(answersHttp(new TextEncoder().encode('SSH-2.0-OpenSSH'))).toBe(false);
    expect(answersHttp(new Uint8Array(0))).toBe(false);
  });
});
