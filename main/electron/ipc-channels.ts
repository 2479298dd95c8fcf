// IPC channel names, shared by the main-side handlers and the preload.
export const APP_INFO_CHANNEL = 'porthole:app-info';
