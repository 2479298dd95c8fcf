// Where a download lands. The host decides: the web host puts every download in its downloads
// directory under the remote name; the Electron app asks with the system's save dialog, which opens
// there and may pick another folder and name, or be closed (no download then).

/** A directory on this machine and the name the downloaded file or directory takes in it. */
export interface DownloadPlace {
  readonly directory: string;
  readonly name: string;
}

/** Given the suggested place (the downloads directory, the remote name): the chosen one, or null when the user declined. */
export type AskDownloadPlace = (suggested: DownloadPlace) => Promise<DownloadPlace | null>;
