// Links from the page to the outside world: only https (or a port-forward on 127.0.0.1), and only after the user says yes. The
// renderer draws pod output and logs (any text a pod prints, links included), so a click, or a
// page that asks on its own, must not send the system browser anywhere unseen: a native dialog
// names the host first.
import { BrowserWindow, dialog, shell, type MessageBoxOptions, type WebContents } from 'electron';

/**
 * The URL to hand to the system browser, normalised, or null for anything else: https anywhere,
 * and plain http only to 127.0.0.1, where a port-forward listens ("open in browser" of an HTTP
 * port); nothing there leaves the machine.
 */
export function externalLink(url: string): string | null {
  try {
    const parsed = new URL(url);
    if (parsed.protocol === 'http:' && parsed.hostname === '127.0.0.1') return parsed.href;
    return parsed.protocol === 'https:' ? parsed.href : null;
  } catch {
    return null;
  }
}

/** Pages with a confirmation open: a page asking again meanwhile is ignored, not queued. */
const asking = new WeakSet<WebContents>();

/** Asks, in a dialog naming the host, before opening an https `url` of `contents` in the browser. */
export async function confirmExternalLink(contents: WebContents, url: string): Promise<void> {
  const link = externalLink(url);
  if (link === null || asking.has(contents)) return;
  asking.add(contents);
  try {
    const options: MessageBoxOptions = {
      type: 'question',
      message: `Open ${new URL(link).host} in your browser?`,
      detail: link,
      buttons: ['Open in Browser', 'Cancel'],
      defaultId: 1,
      cancelId: 1,
      noLink: true,
    };
    const window = BrowserWindow.fromWebContents(contents);
    const { response } = await (window === null ? dialog.showMessageBox(options) : dialog.showMessageBox(window, options));
    // Only https URLs (and http to 127.0.0.1), parsed and re-serialised above, reach the system browser.
    if (response === 0) await shell.openExternal(link); /* eng-disable OPEN_EXTERNAL_JS_CHECK */
  } finally {
    asking.delete(contents);
  }
}
