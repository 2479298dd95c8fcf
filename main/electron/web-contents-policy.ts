// What every web contents in the app may do: stay where it is. Navigation away from the app and
// new windows are refused; an https link the user followed opens in the system browser instead;
// <webview> cannot be attached; and the session grants no permission (camera, notifications,
// clipboard reading, …) except writing text to the clipboard, which copy in a terminal needs.
import { shell, type Session, type WebContents } from 'electron';
import { isAppUrl } from './app-origin.ts';

/** The https URL to hand to the system browser, normalised, or null for anything else. */
export function externalLink(url: string): string | null {
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'https:' ? parsed.href : null;
  } catch {
    return null;
  }
}

function openIfExternal(url: string): void {
  const link = externalLink(url);
  // Only https URLs, parsed and re-serialised above, reach the system browser.
  if (link !== null) void shell.openExternal(link); /* eng-disable OPEN_EXTERNAL_JS_CHECK */
}

export function hardenWebContents(contents: WebContents): void {
  contents.on('will-navigate', (event) => {
    event.preventDefault();
    openIfExternal(event.url);
  });
  contents.setWindowOpenHandler(({ url }) => {
    openIfExternal(url);
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
