import { CoreError } from '../errors.js';
import type { LogEntry } from '../log/entry.js';
import type { Member, Pledge, PledgeState } from './coalition.js';
import {
  COALITION_ENTRY_TYPES,
  type CoalitionEntry,
  type PledgeRegisteredEntry,
  type PledgeTransitionEntry,
} from './coalition-entry.js';
import { transitionPledge } from './pledge-state.js';

/** One move of a pledge as logged, with the entry's log index. */
export type PledgeHistoryItem = Readonly<{
  from: PledgeState;
  to: PledgeState;
  actor: string;
  time: string;
  reason: string;
  index: number;
}>;

/**
 * A pledge as the log leaves it: the registered pledge with its approval
 * updated by its transitions, its current state and every move.
 */
export type PledgeView = Readonly<
  Pledge & {
    state: PledgeState;
    /** Log index of the pledge_registered entry. */
    registeredIndex: number;
    history: readonly PledgeHistoryItem[];
  }
>;

/** The coalition registry folded from the log; a frozen snapshot. */
export type CoalitionState = Readonly<{
  /** Members ordered by iso3. */
  members: readonly Readonly<Member>[];
  /** Pledges in the order they were registered. */
  pledges: readonly PledgeView[];
  /** Log index of the last coalition entry applied, if any. */
  lastIndex: number | undefined;
}>;

/** A log entry with its index, as a store hands them out. */
export type IndexedLogEntry = { index: number; entry: LogEntry };

/** Whether a log entry changes the coalition registry. */
export function isCoalitionEntry(entry: LogEntry): entry is CoalitionEntry {
  return (COALITION_ENTRY_TYPES as readonly string[]).includes(entry.type);
}

function reject(code: CoreError['code'], message: string): never {
  throw new CoreError(code, message);
}

/**
 * The coalition registry as a state machine over its log entries, applied
 * in log order. Each `apply` either succeeds or throws (COALITION_* codes)
 * and changes nothing; `check` answers the same without applying.
 */
export class CoalitionRegistry {
  readonly #members = new Map<string, Readonly<Member>>();
  readonly #pledges = new Map<string, PledgeView>();
  #lastIndex = -1;

  member(iso3: string): Readonly<Member> | undefined {
    return this.#members.get(iso3);
  }

  pledge(id: string): PledgeView | undefined {
    return this.#pledges.get(id);
  }

  /** A frozen snapshot of the whole registry. */
  snapshot(): CoalitionState {
    return Object.freeze({
      members: Object.freeze(
        [...this.#members.keys()].sort().map((k) => this.#members.get(k)!)
      ),
      pledges: Object.freeze([...this.#pledges.values()]),
      lastIndex: this.#lastIndex < 0 ? undefined : this.#lastIndex,
    });
  }

  /** Applies `entry` found at `logIndex`, above every index applied before. */
  apply(entry: CoalitionEntry, logIndex: number): void {
    if (!Number.isSafeInteger(logIndex) || logIndex <= this.#lastIndex) {
      reject(
        'COALITION_INDEX_INVALID',
        `log index ${logIndex} is out of order`
      );
    }
    this.#commit(this.#next(entry, logIndex));
    this.#lastIndex = logIndex;
  }

  /** Throws what `apply` would throw for `entry` next; changes nothing. */
  check(entry: CoalitionEntry): void {
    this.#next(entry, this.#lastIndex + 1);
  }

  #commit(next: Readonly<Member> | PledgeView): void {
    if ('iso3' in next) this.#members.set(next.iso3, next);
    else this.#pledges.set(next.id, next);
  }

  #next(entry: CoalitionEntry, index: number): Readonly<Member> | PledgeView {
    switch (entry.type) {
      case 'coalition_member':
        return Object.freeze({ ...entry.member });
      case 'pledge_registered':
        return this.#register(entry, index);
      case 'pledge_transition':
        return this.#transition(entry, index);
    }
  }

  #register(entry: PledgeRegisteredEntry, index: number): PledgeView {
    const { pledge } = entry;
    if (!this.#members.has(pledge.member)) {
      reject(
        'COALITION_MEMBER_UNKNOWN',
        `pledge ${pledge.id}: ${pledge.member} is not a coalition member`
      );
    }
    if (this.#pledges.has(pledge.id)) {
      reject('COALITION_PLEDGE_EXISTS', `pledge ${pledge.id} already exists`);
    }
    return Object.freeze({
      ...pledge,
      approval: Object.freeze({ ...pledge.approval }),
      state: 'pledged',
      registeredIndex: index,
      history: Object.freeze([]),
    });
  }

  #transition(entry: PledgeTransitionEntry, index: number): PledgeView {
    const pledge = this.#pledges.get(entry.pledgeId);
    if (pledge === undefined) {
      reject('COALITION_PLEDGE_UNKNOWN', `no pledge ${entry.pledgeId}`);
    }
    // The entry names the state it left, so a move decided on a stale view
    // is refused instead of applied to a state nobody saw.
    if (entry.from !== pledge.state) {
      reject(
        'COALITION_STATE_MISMATCH',
        `pledge ${pledge.id} is ${pledge.state}, not ${entry.from}`
      );
    }
    const next = transitionPledge(pledge, entry.to, entry.time.slice(0, 10));
    const item: PledgeHistoryItem = Object.freeze({
      from: entry.from,
      to: entry.to,
      actor: entry.actor,
      time: entry.time,
      reason: entry.reason,
      index,
    });
    return Object.freeze({
      ...pledge,
      state: next.state,
      approval: Object.freeze({ ...next.approval }),
      history: Object.freeze([...pledge.history, item]),
    });
  }
}

/**
 * Rebuilds the coalition registry from log entries in log order, skipping
 * entries of other types. Give `{ index, entry }` pairs to keep log indices;
 * a bare entry's index is its position in the array. Throws the first
 * COALITION_* error of an invalid sequence.
 * @example const { pledges } = foldCoalition(entries);
 */
export function foldCoalition(
  entries: readonly (LogEntry | IndexedLogEntry)[]
): CoalitionState {
  const registry = new CoalitionRegistry();
  entries.forEach((item, position) => {
    const [entry, index] =
      'entry' in item ? [item.entry, item.index] : [item, position];
    if (isCoalitionEntry(entry)) registry.apply(entry, index);
  });
  return registry.snapshot();
}
