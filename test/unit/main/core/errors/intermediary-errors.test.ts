import { describe, expect, it } from 'vitest';
import type { ErrorContext } from '../../../../../main/core/errors/error-context.ts';
import { errorFromResponse } from '../../../../../main/core/errors/http-errors.ts';
import { plainTextOf } from '../../../../../main/core/errors/intermediary-errors.ts';

const exec: ErrorContext = {
  context: 'via-proxy',
  user: 'me',
  server: 'http://127.0.0.1:8001',
  resource: 'exec in pod web-0',
  namespace: 'shop',
  offeredProtocols: ['v5.channel.k8s.io', 'v4.channel.k8s.io'],
};

const rbacDenial = JSON.stringify({
  kind: 'Status',
  apiVersion: 'v1',
  status: 'Failure',
  message: 'pods "web-0" is forbidden: User "viewer" cannot create resource "pods/exec" in API group "" in the namespace "shop"',
  reason: 'Forbidden',
  code: 403,
});

describe('a refusal by something between Porthole and the API server', () => {
  it("explains kubectl proxy's plain Forbidden, quoting it and naming --reject-paths", () => {
    const error = errorFromResponse(403, 'Forbidden\n', exec);
    expect(error).toMatchObject({ kind: 'forbidden', title: 'Refused before the API server', context: 'via-proxy', httpStatus: 403 });
    expect(error.detail).toContain('Something between Porthole and the API server refused exec in pod web-0 in namespace shop with 403: "Forbidden"');
    expect(error.detail).toContain("--reject-paths='^$'");
    expect(error.detail).toContain('http://127.0.0.1:8001');
  });

  it("quotes a gateway's HTML page as short text and names the WebSocket setting", () => {
    const page = `<html><head><title>400 Bad Request</title><style>body{color:red}</style></head><body><center><h1>400 Bad Request</h1></center><hr><center>nginx</center>${'<p>padding</p>'.repeat(100)}</body></html>`;
    const error = errorFromResponse(400, page, exec);
    expect(error.title).toBe('Refused before the API server');
    expect(error.detail).toContain('"400 Bad Request 400 Bad Request nginx padding');
    expect(error.detail).not.toContain('<');
    expect(error.detail).not.toContain('color:red');
    expect(error.detail).toContain('WebSocket');
  });

  it('leaves the API server own refusals alone: an RBAC Status, and the empty 403 of a refused subprotocol', () => {
    expect(errorFromResponse(403, rbacDenial, exec).title).toBe('Denied by RBAC');
    expect(errorFromResponse(403, '', exec).kind).toBe('protocol-refused');
  });

  it('is only about upgrades: a plain request refused with a text body keeps the usual wording', () => {
    const { offeredProtocols: _none, ...plain } = exec;
    expect(errorFromResponse(403, 'Forbidden', plain).title).toBe('Forbidden');
  });

  it('makes text of HTML entities and tags', () => {
    expect(plainTextOf('<b>a &lt;b&gt; &amp; c</b>&nbsp;d')).toBe('a <b> & c d');
  });
});
