// A browser download's HTTP response: an attachment the browser saves under the item's name (a
// file's own bytes with their length, or a directory's tar), and a failure answered in words when
// nothing was sent yet; once bytes went, a failure can only cut the response, which the browser
// shows as a failed download (the transfers drawer says why).
import type { ServerResponse } from 'node:http';
import type { BrowserDownloadHead, BrowserDownloadResponse } from '../core/files/browser-download.ts';

/** RFC 6266: an ASCII fallback for old browsers, and the exact name in RFC 8187's UTF-8 form. */
export function attachmentDisposition(fileName: string): string {
  const fallback = fileName.replace(/[^\x20-\x7e]|["\\%]/g, '_');
  const exact = encodeURIComponent(fileName).replace(/['()*]/g, (char) => `%${char.charCodeAt(0).toString(16).toUpperCase()}`);
  return `attachment; filename="${fallback}"; filename*=UTF-8''${exact}`;
}

export function downloadResponse(response: ServerResponse, headers: Record<string, string>): BrowserDownloadResponse {
  // A browser that goes away mid-download errors the socket; the transfer hears it as the body's close.
  response.on('error', () => undefined);
  return {
    begin(head: BrowserDownloadHead) {
      response.writeHead(200, {
        ...headers,
        'Content-Type': head.kind === 'file' ? 'application/octet-stream' : 'application/x-tar',
        'Content-Disposition': attachmentDisposition(head.fileName),
        ...(head.size === null ? {} : { 'Content-Length': String(head.size) }),
      });
    },
    body: response,
    fail(reason: string) {
      if (response.destroyed) return;
      if (response.headersSent) {
        response.destroy();
        return;
      }
      response.writeHead(502, { ...headers, 'Content-Type': 'text/plain; charset=utf-8' });
      response.end(`The download failed. ${reason}\n`);
    },
  };
}
