// The web host's downloads are saved by the browser itself: a link to the host's one-time
// address, marked as a download and clicked. The browser then shows its own download, with its
// own progress and place; the host answers with the file (or a directory's tar) as an attachment.

/** Has the browser fetch and save `fetchPath` (a path on the page's own host). */
export function saveInBrowser(fetchPath: string, document: Document = globalThis.document): void {
  const link = document.createElement('a');
  link.href = fetchPath;
  link.download = '';
  link.hidden = true;
  document.body.append(link);
  link.click();
  link.remove();
}
