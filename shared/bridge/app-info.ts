// Facts about the running app that the renderer may show. Nothing here is secret.
export interface AppInfo {
  readonly name: string;
  readonly version: string;
  /** Which host carries the bridge: the Electron shell or the loopback web host. */
  readonly host: 'electron' | 'web';
}
