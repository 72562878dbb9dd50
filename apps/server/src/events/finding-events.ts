import type { FindingFeature } from '@truce/protocol';
import type { WitnessView } from '../findings/finding-view.js';
import { findingFeature, witnessedSize } from '../findings/finding-view.js';
import type { FindingLedger } from '../findings/finding-ledger.js';
import type { EventBus } from './event-bus.js';

/**
 * Publishes `finding` events: when a finding is logged or reviewed (the
 * findings service says which), and when a newer witnessed checkpoint
 * turns provisional findings into verified ones. Publishes run one at a
 * time, so a finding's events keep the order of its changes.
 */
export class FindingPublisher {
  readonly #events: EventBus;
  readonly #view: WitnessView;
  readonly #onError: (error: unknown, context: string) => void;
  #ledger: FindingLedger | undefined;
  #witnessed = 0;
  // What each finding's last event said, so no change is published twice.
  readonly #published = new Map<string, string>();
  #queue: Promise<void> = Promise.resolve();

  constructor(options: {
    events: EventBus;
    view: WitnessView;
    onError?: (error: unknown, context: string) => void;
  }) {
    this.#events = options.events;
    this.#view = options.view;
    this.#onError = options.onError ?? (() => {});
  }

  /**
   * Starts from the ledger as it is: what is verified now was verified
   * before, and is not announced again. Changes told before this wait.
   */
  attach(ledger: FindingLedger): Promise<void> {
    this.#ledger = ledger;
    this.#enqueue(async () => {
      this.#witnessed = Math.max(
        this.#witnessed,
        await witnessedSize(this.#view)
      );
    });
    return this.#queue;
  }

  /** A finding was logged or reviewed; what it superseded changed too. */
  changed(id: string): void {
    this.#enqueue(async () => {
      const logged = this.#ledger?.get(id);
      if (this.#ledger === undefined || logged === undefined) return;
      // The witnessed size as of the last checkpoint or cosignature in this
      // queue: no store read per finding, and a later witnessMoved
      // announces it verified.
      const witnessed = this.#witnessed;
      this.#publish(findingFeature(this.#ledger, logged, witnessed));
      // The versions it replaced now name it in `supersededBy`.
      for (const oldId of logged.supersedes) {
        const old = this.#ledger.get(oldId)!;
        this.#publish(findingFeature(this.#ledger, old, witnessed));
      }
    });
  }

  /** A checkpoint or cosignature may have moved what counts as witnessed. */
  witnessMoved(): void {
    this.#enqueue(async () => {
      const ledger = this.#ledger;
      if (ledger === undefined) return;
      const witnessed = await witnessedSize(this.#view);
      const from = this.#witnessed;
      if (witnessed <= from) return;
      this.#witnessed = witnessed;
      const all = ledger.all();
      const newly: FindingFeature[] = [];
      // The ledger is in log order: walk back to the old witnessed size.
      for (let i = all.length - 1; i >= 0 && all[i]!.index >= from; i--) {
        const logged = all[i]!;
        if (logged.index >= witnessed || logged.supersededBy !== undefined) {
          continue;
        }
        const feature = findingFeature(ledger, logged, witnessed);
        if (feature.properties.status === 'verified') newly.unshift(feature);
      }
      for (const feature of newly) this.#publish(feature);
    });
  }

  #publish(feature: FindingFeature): void {
    const p = feature.properties;
    const key = `${p.status}|${p.review?.time ?? ''}|${p.supersededBy ?? ''}`;
    if (this.#published.get(p.id) === key) return;
    this.#published.set(p.id, key);
    this.#events.publish({ type: 'finding', data: feature });
  }

  /** Resolves once every publish asked for so far is done. */
  settled(): Promise<void> {
    return this.#queue;
  }

  #enqueue(task: () => Promise<void>): void {
    this.#queue = this.#queue.then(task).catch((error: unknown) => {
      this.#onError(error, 'publishing a finding event failed');
    });
  }
}
