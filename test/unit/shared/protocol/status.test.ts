import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseExecStatus, parseHandshakeStatus } from '../../../../shared/protocol/index.ts';
import { bytesOf } from '../../../support/bytes.ts';
import { allowProtocolError, protocolErrorFrom } from './helpers.ts';

function v4Status(json: unknown) {
  return parseExecStatus(bytesOf(typeof json === 'string' ? json : JSON.stringify(json)), 'metav1-status');
}

function nonZeroExit(exitCodeMessage: unknown) {
  return {
    metadata: {},
    status: 'Failure',
    message: 'command terminated with non-zero exit code: error executing command [sh -c exit 3], exit code 3',
    reason: 'NonZeroExitCode',
    details: { causes: [{ reason: 'ExitCode', message: exitCodeMessage }] },
  };
}

describe('parseExecStatus (v4, v5: metav1.Status JSON)', () => {
  it('reads Success as exit code 0', () => {
    expect(v4Status('{"metadata":{},"status":"Success"}')).toEqual({ kind: 'exit', code: 0 });
  });

  it('reads NonZeroExitCode with ExitCode cause "3" as exit code 3', () => {
    expect(v4Status(nonZeroExit('3'))).toEqual({ kind: 'exit', code: 3 });
  });

  it('finds the ExitCode cause among other causes', () => {
    const status = nonZeroExit('42');
    status.details.causes = [{ reason: 'Other', message: 'x' }, { reason: 'ExitCode', message: '42' }];
    expect(v4Status(status)).toEqual({ kind: 'exit', code: 42 });
  });

  it.each([
    ['0', 0],
    ['255', 255],
    ['007', 7],
  ])('accepts exit code %j as %i, as client-go\'s ParseUint(s, 10, 8) does', (message, code) => {
    expect(v4Status(nonZeroExit(message))).toEqual({ kind: 'exit', code });
  });

  it.each(['three', '', '-1', '+3', '3.0', ' 3', '256', '1e2', '0x10', '99999999999999999999'])(
    'rejects a non-numeric or out-of-range exit code %j',
    (message) => {
      const error = protocolErrorFrom(() => v4Status(nonZeroExit(message)));
      expect(error.code).toBe('bad-exit-code');
      expect(error.message).toContain(JSON.stringify(message));
    },
  );

  it.each([3, null, ['3']])('rejects an exit code that is not a string (%j)', (message) => {
    expect(protocolErrorFrom(() => v4Status(nonZeroExit(message))).code).toBe('bad-exit-code');
  });

  it('rejects NonZeroExitCode without details or without an ExitCode cause', () => {
    const withoutDetails = { status: 'Failure', reason: 'NonZeroExitCode', message: 'x' };
    expect(protocolErrorFrom(() => v4Status(withoutDetails)).code).toBe('bad-status-json');
    const withoutCause = { ...withoutDetails, details: { causes: [{ reason: 'Other', message: '3' }] } };
    const error = protocolErrorFrom(() => v4Status(withoutCause));
    expect(error.code).toBe('bad-status-json');
    expect(error.message).toContain('ExitCode cause');
  });

  it('reads InternalError as an error with its reason, message and code', () => {
    const status = {
      metadata: {},
      status: 'Failure',
      message: 'Internal error occurred: error executing command in container: container not found ("c")',
      reason: 'InternalError',
      details: { causes: [{ message: 'error executing command in container: container not found ("c")' }] },
      code: 500,
    };
    expect(v4Status(status)).toEqual({
      kind: 'error',
      reason: 'InternalError',
      message: 'Internal error occurred: error executing command in container: container not found ("c")',
      code: 500,
    });
  });

  it('names a missing or empty reason Unknown and leaves out a missing code', () => {
    expect(v4Status({ status: 'Failure', message: 'boom' })).toEqual({ kind: 'error', reason: 'Unknown', message: 'boom' });
    expect(v4Status({ status: 'Failure', reason: '', message: 'boom', code: 'x' })).toEqual({
      kind: 'error',
      reason: 'Unknown',
      message: 'boom',
    });
  });

  it.each([
    ['not JSON', '{"status":"Succ'],
    ['plain text', 'command terminated'],
    ['a JSON array', '[]'],
    ['a JSON string', '"Success"'],
    ['null', 'null'],
    ['a status without the status field', '{"metadata":{}}'],
    ['an unknown status value', '{"status":"Pending"}'],
  ])('rejects %s as bad-status-json, quoting it', (_, body) => {
    const error = protocolErrorFrom(() => v4Status(body));
    expect(error.code).toBe('bad-status-json');
    expect(error.message).toContain(JSON.stringify(body));
  });

  it('cuts a huge payload short in the error message', () => {
    const error = protocolErrorFrom(() => v4Status(`{${'x'.repeat(100_000)}`));
    expect(error.message.length).toBeLessThan(400);
  });

  it('rejects an empty payload: that is the connection-established signal, not a status', () => {
    expect(protocolErrorFrom(() => parseExecStatus(new Uint8Array(0), 'metav1-status')).code).toBe('bad-status-json');
    expect(protocolErrorFrom(() => parseExecStatus(new Uint8Array(0), 'plain-text')).code).toBe('bad-status-json');
  });

  it('keeps a message with invalid UTF-8, marking the bad byte with U+FFFD', () => {
    const json = '{"status":"Failure","reason":"InternalError","message":"bad ';
    const body = Uint8Array.of(...bytesOf(json), 0xff, ...bytesOf('"}'));
    expect(parseExecStatus(body, 'metav1-status')).toEqual({ kind: 'error', reason: 'InternalError', message: 'bad \uFFFD' });
  });

  it('throws nothing but ProtocolError for any JSON value, or any Status-shaped object', () => {
    const statusShaped = fc.record(
      {
        status: fc.constantFrom('Success', 'Failure', 'Other', 3),
        reason: fc.constantFrom('NonZeroExitCode', 'InternalError', '', 7),
        message: fc.anything(),
        code: fc.anything(),
        details: fc.anything(),
      },
      { requiredKeys: [] },
    );
    fc.assert(
      fc.property(fc.oneof(fc.jsonValue(), statusShaped), (value) => {
        allowProtocolError(() => parseExecStatus(bytesOf(JSON.stringify(value) ?? ''), 'metav1-status'));
      }),
      { numRuns: 1000 },
    );
  });
});

describe('parseExecStatus (before v4: plain text)', () => {
  it('reads the text as an error with reason Unknown', () => {
    const message = 'error executing command in container: failed to exec in container: container not running';
    expect(parseExecStatus(bytesOf(message), 'plain-text')).toEqual({ kind: 'error', reason: 'Unknown', message });
  });

  it('does not interpret JSON-looking text', () => {
    expect(parseExecStatus(bytesOf('{"status":"Success"}'), 'plain-text')).toEqual({
      kind: 'error',
      reason: 'Unknown',
      message: '{"status":"Success"}',
    });
  });
});

describe('parseHandshakeStatus', () => {
  const forbidden = {
    kind: 'Status',
    apiVersion: 'v1',
    metadata: {},
    status: 'Failure',
    message:
      'pods "web-0" is forbidden: User "dev" cannot get resource "pods/exec" in API group "" in the namespace "shop"',
    reason: 'Forbidden',
    details: { name: 'web-0', kind: 'pods' },
    code: 403,
  };

  it('reads a 403 RBAC Status', () => {
    expect(parseHandshakeStatus(JSON.stringify(forbidden))).toEqual({
      reason: 'Forbidden',
      message: forbidden.message,
      code: 403,
      details: { name: 'web-0', kind: 'pods', causes: [] },
    });
  });

  it('reads a Status given as bytes', () => {
    expect(parseHandshakeStatus(bytesOf(JSON.stringify(forbidden)))?.reason).toBe('Forbidden');
  });

  it('reads a 404 and a 400 without details', () => {
    const notFound = {
      kind: 'Status',
      apiVersion: 'v1',
      status: 'Failure',
      message: 'pods "x" not found',
      reason: 'NotFound',
      details: { name: 'x', kind: 'pods' },
      code: 404,
    };
    expect(parseHandshakeStatus(JSON.stringify(notFound))).toMatchObject({ reason: 'NotFound', code: 404 });
    const badRequest = {
      kind: 'Status',
      apiVersion: 'v1',
      status: 'Failure',
      message: 'a container name must be specified for pod web-0, choose one of: [app sidecar]',
      reason: 'BadRequest',
      code: 400,
    };
    expect(parseHandshakeStatus(JSON.stringify(badRequest))).toEqual({
      reason: 'BadRequest',
      message: badRequest.message,
      code: 400,
    });
  });

  it('keeps causes and drops fields of the wrong type', () => {
    const status = {
      kind: 'Status',
      status: 'Failure',
      reason: 'Invalid',
      message: 7,
      code: '422',
      details: {
        name: 3,
        retryAfterSeconds: 2,
        causes: [{ reason: 'FieldValueRequired', message: 'Required', field: 'command' }, 'junk', { field: 9 }],
      },
    };
    expect(parseHandshakeStatus(JSON.stringify(status))).toEqual({
      reason: 'Invalid',
      message: '',
      details: {
        retryAfterSeconds: 2,
        causes: [{ reason: 'FieldValueRequired', message: 'Required', field: 'command' }, {}],
      },
    });
  });

  it('accepts a Status without kind when it has a status field', () => {
    expect(parseHandshakeStatus('{"status":"Failure","reason":"Unauthorized","message":"Unauthorized","code":401}')).toEqual({
      reason: 'Unauthorized',
      message: 'Unauthorized',
      code: 401,
    });
  });

  it.each([
    ['an empty body', ''],
    ['an HTML page', '<html><body>502 Bad Gateway</body></html>'],
    ['another kind', '{"kind":"Pod","status":{"phase":"Running"}}'],
    ['an object without status', '{"message":"nope"}'],
    ['a JSON array', '[{"kind":"Status"}]'],
    ['truncated JSON', '{"kind":"Status","message":"x'],
  ])('returns null for %s', (_, body) => {
    expect(parseHandshakeStatus(body)).toBeNull();
    expect(parseHandshakeStatus(bytesOf(body))).toBeNull();
  });

  it('never throws, whatever the body', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string(),
          fc.json(),
          fc.uint8Array(),
          fc.anything().map((details) => JSON.stringify({ kind: 'Status', details }) ?? ''),
        ),
        (body) => {
          parseHandshakeStatus(body);
        },
      ),
      { numRuns: 1000 },
    );
  });
});
