// What every web contents in the app may do: stay where it is. Navigation away from the app and
// new windows are refused; an https link opens in the system browser instead, once the user
// confirms it (external-link.ts); <webview> cannot be attached; and the session grants no
// permission (camera, notifications, clipboard reading, …) except writing text to the clipboard,
// which copy in a terminal needs. Paste does not need reading: main pastes (bridge-ipc.ts).
import type { Session, WebContents } from 'electron';
import { isAppUrl } from './app-origin.ts';
import { confirmExternalLink } from './external-link.ts';

export function hardenWebContents(contents: WebContents): void {
  // Electron emits 'will-frame-navigate' for a navigation the page starts in any frame, then, if
  // that was not refused, 'will-navigate' for one in the main frame
  // (shell/browser/electron_navigation_throttle.cc); main's loadURL and a reload are
  // browser-initiated and emit neither. The app never navigates itself: a subframe navigation is
  // refused here (the second lock, after the CSP that lets no frame load anything), a main-frame
  // one is left to 'will-navigate', which refuses it and offers the link.
  contents.on('will-frame-navigate', (event) => {
    if (!event.isMainFrame) event.preventDefault();
  });
  contents.on('will-navigate', (event) => {
    event.preventDefault();
    void confirmExternalLink(contents, event.url);
  });
  contents.setWindowOpenHandler(({ url }) => {
    void confirmExternalLink(contents, url);
    return { action: 'deny' };
  });
  contents.on('will-attach-webview', (event) => event.preventDefault());
}

/** The one permission that may be granted: the app's own top-level page writing to the clipboard. */
function granted(permission: string, url: string | undefined, isMainFrame: boolean): boolean {
  return permission === 'clipboard-sanitized-write' && isMainFrame && url !== undefined && isAppUrl(url);
}

export function denyPermissions(session: Session): void {
  session.setPermissionRequestHandler((_contents, permission, callback, details) =>
    callback(granted(permission, details.requestingUrl, details.isMainFrame)),
  );
  session.setPermissionCheckHandler((_contents, permission, requestingOrigin, details) =>
    granted(permission, requestingOrigin, details.isMainFrame),
  );
  session.setDevicePermissionHandler(() => false);
}
