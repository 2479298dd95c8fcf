// Builds the streaming core for a host (the Electron app, the web host) from the user's
// kubeconfig: $KUBECONFIG, or ~/.kube/config.
import { PortholeCore, type CoreOptions } from './core.ts';
import { KubeconfigStore, type KubeconfigStoreOptions } from './kubeconfig/kubeconfig-store.ts';

export async function createCore(options: KubeconfigStoreOptions & CoreOptions = {}): Promise<PortholeCore> {
  const { recordingsDirectory, ...storeOptions } = options;
  return new PortholeCore(new KubeconfigStore(storeOptions), recordingsDirectory === undefined ? {} : { recordingsDirectory });
}
