// Builds the streaming core for a host (the Electron app, the web host) from the user's
// kubeconfig: $KUBECONFIG, or ~/.kube/config.
import { PortholeCore } from './core.ts';
import { KubeconfigStore, type KubeconfigStoreOptions } from './kubeconfig/kubeconfig-store.ts';

export async function createCore(options: KubeconfigStoreOptions = {}): Promise<PortholeCore> {
  return new PortholeCore(new KubeconfigStore(options));
}
