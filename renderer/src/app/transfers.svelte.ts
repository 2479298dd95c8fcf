// The window's view of main's transfers: every one since main started (listTransfers, then the
// 'transfer' events), newest first, for the transfers drawer; and uploads of dropped files.
import type { PortholeBridge } from '../../../shared/bridge/bridge.ts';
import type { UserError } from '../../../shared/bridge/errors.ts';
import type { PodRef } from '../../../shared/bridge/sessions.ts';
import { transferFinished, type TransferId, type TransferInfo } from '../../../shared/bridge/transfers.ts';
import { uploadFiles } from './transfers.ts';
import { userErrorOf } from './user-error.ts';

export type TransfersBridge = Pick<PortholeBridge, 'listTransfers' | 'onTransferEvent' | 'cancelTransfer' | 'startUpload' | 'uploadChunk'>;

export class Transfers {
  readonly #bridge: TransfersBridge;
  /** Oldest first, each transfer once, as its latest event left it. */
  #all = $state.raw<readonly TransferInfo[]>([]);
  /** The last failure to start or feed an upload, or to cancel. */
  error = $state.raw<UserError | null>(null);
  readonly #unsubscribe: () => void;

  /** Newest first. */
  readonly list: readonly TransferInfo[] = $derived([...this.#all].reverse());
  readonly running: number = $derived(this.list.filter((transfer) => !transferFinished(transfer.state)).length);

  constructor(bridge: TransfersBridge) {
    this.#bridge = bridge;
    this.#unsubscribe = bridge.onTransferEvent(({ transfer }) => this.#put(transfer));
    void this.refresh();
  }

  async refresh(): Promise<void> {
    try {
      const listed = await this.#bridge.listTransfers();
      // Events that came meanwhile are newer than the list's copy of the same transfer.
      const heard = (id: TransferId): boolean => this.#all.some((transfer) => transfer.id === id);
      this.#all = [...listed.filter((transfer) => !heard(transfer.id)), ...this.#all];
    } catch (error) {
      this.error = userErrorOf(error, 'listing the transfers');
    }
  }

  async cancel(id: TransferId): Promise<void> {
    try {
      await this.#bridge.cancelTransfer(id);
    } catch (error) {
      this.error = userErrorOf(error, 'cancelling the transfer');
    }
  }

  /** Uploads dropped or picked files; a failure to start is the drawer's error. */
  async upload(target: PodRef, directory: string, files: readonly File[]): Promise<void> {
    if (files.length === 0) return;
    try {
      await uploadFiles(this.#bridge, target, directory, files);
    } catch (error) {
      this.error = userErrorOf(error, `uploading into ${directory}`);
    }
  }

  dispose(): void {
    this.#unsubscribe();
  }

  #put(transfer: TransferInfo): void {
    const known = this.#all.some((candidate) => candidate.id === transfer.id);
    this.#all = known ? this.#all.map((candidate) => (candidate.id === transfer.id ? transfer : candidate)) : [...this.#all, transfer];
  }
}
