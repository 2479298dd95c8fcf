// Who may talk to main over IPC: only the top-level page of one of Porthole's own windows, showing
// the app itself. Every IPC handler asks this BEFORE anything else. Context isolation and the
// sandbox already keep web content away from ipcRenderer; this is the second lock, for a frame
// that should not be there at all (a subframe, a page that got navigated, a window not ours).
import type { IpcMainEvent, WebContents } from 'electron';
import { isAppUrl } from './app-origin.ts';

export type SenderEvent = Pick<IpcMainEvent, 'sender' | 'senderFrame'>;

/** Why the sender is refused, or null when it is one of ours. */
export function senderProblem(event: SenderEvent, isOurWindow: (contents: WebContents) => boolean): string | null {
  const frame = event.senderFrame;
  if (frame === null) return 'the sending frame has navigated away or is gone';
  if (!isAppUrl(frame.url)) return `the sending frame shows ${originOf(frame.url)}, not the app`;
  const top = event.sender.mainFrame;
  if (frame.parent !== null || frame.processId !== top.processId || frame.routingId !== top.routingId) {
    return 'the sending frame is not the top-level frame of its page';
  }
  if (!isOurWindow(event.sender)) return 'the sender is not one of Porthole’s windows';
  return null;
}

/** Enough of a URL to say where it points, without its path or query (which may hold anything). */
function originOf(url: string): string {
  try {
    const parsed = new URL(url);
    return parsed.host === '' ? `a ${parsed.protocol} URL` : `${parsed.protocol}//${parsed.host}`;
  } catch {
    return 'no valid URL';
  }
}
