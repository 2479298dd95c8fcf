// How a page finds and authenticates to the web host's bridge. Shared by the host (main/web-host/)
// and the page (renderer/src/bridge/), so the two cannot disagree.

/** The WebSocket path of the bridge. */
export const BRIDGE_PATH = '/bridge';
/** A browser download's address: this, then the download's one-time secret (TransferInfo.fetchPath). */
export const BROWSER_DOWNLOAD_PATH = '/transfers/';

/**
 * Query parameters of the WebSocket URL carrying the page's credential: the one-time token from
 * the printed link (first connection), or the session secret main gave in exchange (reconnects).
 */
export const TOKEN_PARAM = 'token';
export const SESSION_PARAM = 'session';

/** Where the printed link puts the token: in the fragment, which the browser never sends anywhere. */
export const LINK_TOKEN_FRAGMENT = 'token';

/** WebSocket close code: the web host is shutting down, so reconnecting is pointless. */
export const CLOSE_HOST_STOPPED = 4001;
