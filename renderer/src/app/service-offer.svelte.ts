// The Services the forward form offers: those of the namespace in the form, listed when the user
// forwards to a Service. A refusal (RBAC may forbid listing services) is kept as the reason the
// list is empty, and typing a Service's name by hand still works.
import type { PortholeBridge } from '../../../shared/bridge/bridge.ts';
import type { UserError } from '../../../shared/bridge/errors.ts';
import type { ServiceSummary } from '../../../shared/bridge/resources.ts';
import { userErrorOf } from './user-error.ts';

export type ServicesBridge = Pick<PortholeBridge, 'listServices'>;

export class ServiceOffer {
  services = $state.raw<readonly ServiceSummary[]>([]);
  /** Why the namespace's Services could not be listed; null when they were (or none was asked for). */
  error = $state.raw<UserError | null>(null);
  readonly #bridge: ServicesBridge;
  // Only the latest request's answer counts: an earlier namespace's list may arrive after it.
  #latest = 0;

  constructor(bridge: ServicesBridge) {
    this.#bridge = bridge;
  }

  /** Lists the Services of a namespace; an empty context or namespace lists none. */
  async load(context: string, namespace: string): Promise<void> {
    const request = ++this.#latest;
    this.error = null;
    if (context === '' || namespace === '') {
      this.services = [];
      return;
    }
    try {
      const services = await this.#bridge.listServices(context, namespace);
      if (request === this.#latest) this.services = services;
    } catch (error) {
      if (request !== this.#latest) return;
      this.services = [];
      this.error = userErrorOf(error, 'listing the Services');
    }
  }

  /** The listed Service of this name, if any. */
  named(name: string): ServiceSummary | undefined {
    return this.services.find((service) => service.name === name);
  }
}
