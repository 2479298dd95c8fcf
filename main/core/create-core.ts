// Builds the streaming core for a host (the Electron app, the web host) from the user's
// kubeconfig: $KUBECONFIG, or ~/.kube/config. With a state directory, the forwards the user kept
// start with it.
import { PortholeCore, type CoreOptions } from './core.ts';
import { KubeconfigStore, type KubeconfigStoreOptions } from './kubeconfig/kubeconfig-store.ts';

export async function createCore(options: KubeconfigStoreOptions & CoreOptions = {}): Promise<PortholeCore> {
  const { recordingsDirectory, stateDirectory, downloadsDirectory, askDownloadPlace, browserDownloads, ...storeOptions } = options;
  const core = new PortholeCore(new KubeconfigStore(storeOptions), {
    ...(recordingsDirectory === undefined ? {} : { recordingsDirectory }),
    ...(stateDirectory === undefined ? {} : { stateDirectory }),
    ...(downloadsDirectory === undefined ? {} : { downloadsDirectory }),
    ...(askDownloadPlace === undefined ? {} : { askDownloadPlace }),
    ...(browserDownloads === undefined ? {} : { browserDownloads }),
  });
  // A saved-forwards file that cannot be read is said when the drawer lists the kept forwards.
  if (stateDirectory !== undefined) await core.startSavedForwards().catch(() => undefined);
  // Privileged node-shell pods a crash left behind go at once; the app does not wait for that.
  if (stateDirectory !== undefined) void core.deleteLeftoverNodeShells().catch(() => undefined);
  return core;
}
