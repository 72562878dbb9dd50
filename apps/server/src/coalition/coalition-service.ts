import type {
  Coalition,
  CoalitionEntry,
  CoalitionState,
  KielRecord,
  Member,
  Pledge,
  PledgeState,
  PledgeView,
} from '@truce/core';
import {
  COALITION_ENTRY_TYPES,
  CoalitionRegistry,
  CoreError,
  decodeLogEntry,
  encodeLogEntry,
  formatRfc3339Micros,
  isCoalitionEntry,
} from '@truce/core';
import type { CoalitionResponse } from '@truce/protocol';
import { ApiError } from '../errors.js';
import type { EventBus } from '../events/event-bus.js';
import type { LogWriter } from '../log/log-writer.js';
import type { LogStore } from '../storage/store.js';

/** A change to the registry as a route asks for it; the service adds the rest. */
export type CoalitionChange =
  | { type: 'coalition_member'; member: Member }
  | { type: 'pledge_registered'; pledge: Pledge }
  | {
      type: 'pledge_transition';
      pledgeId: string;
      to: PledgeState;
      reason: string;
      /** The state the caller saw; the current one when absent. */
      from?: PledgeState;
    };

const CODE_TO_API = {
  COALITION_PLEDGE_UNKNOWN: 'NOT_FOUND',
  COALITION_MEMBER_UNKNOWN: 'CONFLICT',
  COALITION_PLEDGE_EXISTS: 'CONFLICT',
  COALITION_TRANSITION_INVALID: 'CONFLICT',
  COALITION_APPROVAL_REQUIRED: 'CONFLICT',
  COALITION_STATE_MISMATCH: 'CONFLICT',
  ENTRY_TOO_LARGE: 'BODY_TOO_LARGE',
} as const;

/** The registered pledge without the registry's additions. */
export function pledgeOf(view: PledgeView): Pledge {
  const { state: _s, registeredIndex: _r, history: _h, ...pledge } = view;
  return pledge;
}

/**
 * The guarantor coalition's registry (DESIGN 5), rebuilt from the log at
 * start-up. Each change is checked against the current state, logged, and
 * applied in the turn its index is given, as RegistryService does for
 * sensors, so two moves of one pledge can never both pass the check. The
 * Kiel Support Tracker record, read at start, is served beside it.
 */
export class CoalitionService {
  readonly #registry: CoalitionRegistry;
  readonly #writer: LogWriter;
  readonly #clock: () => number;
  readonly #kiel: KielRecord | undefined;
  readonly #listeners = new Set<(state: CoalitionState) => void>();
  readonly #events: Pick<EventBus, 'publish'> | undefined;

  private constructor(
    registry: CoalitionRegistry,
    writer: LogWriter,
    clock: () => number,
    kiel: KielRecord | undefined,
    events: Pick<EventBus, 'publish'> | undefined
  ) {
    this.#registry = registry;
    this.#writer = writer;
    this.#clock = clock;
    this.#kiel = kiel;
    this.#events = events;
  }

  static async open(options: {
    store: LogStore;
    writer: LogWriter;
    clock: () => number;
    kiel?: KielRecord | undefined;
    /** Where `pledge` events go once a registration or move is durable. */
    events?: Pick<EventBus, 'publish'>;
  }): Promise<CoalitionService> {
    const registry = new CoalitionRegistry();
    for (const { index, bytes } of await options.store.readEntriesByType(
      COALITION_ENTRY_TYPES
    )) {
      const entry = decodeLogEntry(bytes);
      if (isCoalitionEntry(entry)) registry.apply(entry, index);
    }
    return new CoalitionService(
      registry,
      options.writer,
      options.clock,
      options.kiel,
      options.events
    );
  }

  /** The folded registry now: members, pledges with state and history. */
  get state(): CoalitionState {
    return this.#registry.snapshot();
  }

  /** One pledge with its state, or undefined when none has that id. */
  pledge(id: string): PledgeView | undefined {
    return this.#registry.pledge(id);
  }

  get kiel(): KielRecord | undefined {
    return this.#kiel;
  }

  /** Called with the new state after each change, once it has its index. */
  onChange(listener: (state: CoalitionState) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** Each pledge and its state, as the response planner takes them. */
  pledgesWithState(): { pledge: Pledge; state: PledgeState }[] {
    return this.state.pledges.map((p) => ({
      pledge: pledgeOf(p),
      state: p.state,
    }));
  }

  /** Each member's GDP in EUR bn from the Kiel record, where it has one. */
  gdp(): Record<string, number> {
    const members = new Set(this.state.members.map((m) => m.iso3));
    return Object.fromEntries(
      (this.#kiel?.donors ?? [])
        .filter((d) => members.has(d.iso3))
        .map((d) => [d.iso3, d.gdpEurBn])
    );
  }

  /** The body of `GET /v1/coalition`. */
  view(): CoalitionResponse {
    const state = this.state;
    const members = new Set(state.members.map((m) => m.iso3));
    return {
      version:
        state.lastIndex === undefined ? 'empty' : `log-${state.lastIndex}`,
      members: state.members.map((m) => ({ ...m })),
      pledges: state.pledges.map((p) => ({
        ...p,
        approval: { ...p.approval },
        history: p.history.map((h) => ({ ...h })),
      })),
      delivered: (this.#kiel?.donors ?? []).filter((d) => members.has(d.iso3)),
      // The citation the Kiel data asks for, as one string to show.
      source: this.#kiel?.source.citation ?? null,
      sourceRelease: this.#kiel?.source ?? null,
    };
  }

  /**
   * Logs a change made by `actor` and waits until it is durable. Throws
   * ApiError NOT_FOUND (no such pledge), CONFLICT (the registry refuses the
   * change) or BODY_TOO_LARGE; nothing is logged then.
   */
  async change(change: CoalitionChange, actor: string): Promise<number> {
    const time = formatRfc3339Micros(this.#clock() * 1000);
    let entry: CoalitionEntry;
    if (change.type === 'pledge_transition') {
      const current = this.#registry.pledge(change.pledgeId);
      if (current === undefined) {
        throw new ApiError('NOT_FOUND', `no pledge ${change.pledgeId}`);
      }
      entry = {
        v: 1,
        type: 'pledge_transition',
        pledgeId: change.pledgeId,
        from: change.from ?? current.state,
        to: change.to,
        reason: change.reason,
        actor,
        time,
      };
    } else {
      entry = { ...change, v: 1, time, actor } as CoalitionEntry;
    }
    let bytes: Uint8Array;
    try {
      bytes = encodeLogEntry(entry);
      this.#registry.check(entry);
    } catch (error) {
      throw toApiError(error);
    }
    const { firstIndex, durable } = this.#writer.enqueue([
      { bytes, type: entry.type },
    ]);
    this.#registry.apply(entry, firstIndex);
    await durable;
    this.#publishPledge(entry, firstIndex);
    const state = this.state;
    for (const listener of this.#listeners) listener(state);
    return firstIndex;
  }

  #publishPledge(entry: CoalitionEntry, index: number): void {
    if (this.#events === undefined) return;
    if (entry.type === 'pledge_registered') {
      this.#events.publish({
        type: 'pledge',
        data: {
          pledgeId: entry.pledge.id,
          member: entry.pledge.member,
          from: null,
          to: 'pledged',
          index,
        },
      });
    } else if (entry.type === 'pledge_transition') {
      this.#events.publish({
        type: 'pledge',
        data: {
          pledgeId: entry.pledgeId,
          member: this.#registry.pledge(entry.pledgeId)!.member,
          from: entry.from,
          to: entry.to,
          index,
        },
      });
    }
  }

  /**
   * Logs what a coalition document adds to the registry: members that are
   * new or changed, pledges whose id is new. Run at start with a file, so a
   * restart logs nothing twice. Returns how many entries it appended.
   */
  async ensureDocument(doc: Coalition, actor: string): Promise<number> {
    let appended = 0;
    for (const member of doc.members) {
      const known = this.#registry.member(member.iso3);
      if (known?.name === member.name && known.role === member.role) continue;
      await this.change({ type: 'coalition_member', member }, actor);
      appended++;
    }
    for (const pledge of doc.pledges) {
      if (this.#registry.pledge(pledge.id) !== undefined) continue;
      await this.change({ type: 'pledge_registered', pledge }, actor);
      appended++;
    }
    return appended;
  }
}

function toApiError(error: unknown): unknown {
  if (error instanceof CoreError) {
    const code = CODE_TO_API[error.code as keyof typeof CODE_TO_API];
    // The core code names the rule that refused it; the API code its class.
    const message = `${error.code}: ${error.message}`;
    return new ApiError(code ?? 'BODY_SCHEMA', message, { cause: error });
  }
  return error;
}
