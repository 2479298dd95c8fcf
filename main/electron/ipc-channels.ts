// The only two IPC channels, shared by main and the preload. Everything else travels over the
// window's MessagePort that these two set up.

/** Preload to main: "give this page its bridge port". Carries no arguments. */
export const PORT_REQUEST_CHANNEL = 'porthole:port-request';

/** Main to the page's preload: the port, as the one transferred object of the message. */
export const PORT_CHANNEL = 'porthole:port';
