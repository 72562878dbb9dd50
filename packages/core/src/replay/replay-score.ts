import type { Finding } from '../engine/finding.js';
import type { LocatedEvent } from '../fusion/located-event.js';
import { firstAtOrAfter } from '../fusion/seed-search.js';
import { distanceM } from '../geo/wgs84.js';
import { parseRfc3339Micros } from '../observation/time.js';

// Scoring a replay against a simulated bundle's truth.json (DESIGN 4.4).

/** What scoring reads of a truth fire (SimTruth `fires`). */
export type ScoreTruthFire = {
  time: string;
  position: readonly number[];
  /** The party whose territory the launch point is on. */
  territory: string;
};

/** What scoring reads of a truth weapon (SimTruth `weapons`). */
export type ScoreTruthWeapon = {
  position: readonly number[];
  territory: string;
  from: string;
  to: string;
};

/** How close an event must be to a truth item to count as it. */
export type ScoreTolerance = { distanceM: number; timeS: number };

export const DEFAULT_SCORE_TOLERANCE: ScoreTolerance = Object.freeze({
  distanceM: 500,
  timeS: 10,
});

export type ReplayScore = {
  fires: {
    truth: number;
    events: number;
    /** Truth fires that one fire event matched (one to one). */
    matched: number;
    recall: number;
    precision: number;
  };
  /** Fire and weapons_in_zone findings that match a truth fire or weapon. */
  attribution: {
    matched: number;
    /** Of those, the ones naming a party. */
    attributed: number;
    /** Of those, the ones naming the party whose territory it was. */
    right: number;
    share: number;
  };
};

type Point = readonly [number, number];
type Timed = { micros: number; position: Point };

const pointOf = (p: readonly number[]): Point => [p[0]!, p[1]!];
const ratio = (a: number, b: number) => (b === 0 ? 0 : a / b);

/**
 * The nearest of time-sorted `items` within the tolerance, or undefined:
 * nearest in distance and time together, each over its tolerance, so that
 * of rounds fired from one place seconds apart the one at the event's time
 * is taken, and of rockets launched together the one at its place.
 */
function nearest<T extends Timed>(
  items: readonly T[],
  at: Timed,
  tol: ScoreTolerance,
  free: (item: T) => boolean = () => true
): T | undefined {
  let best: T | undefined;
  let bestCost = Infinity;
  const slack = tol.timeS * 1e6;
  for (
    let i = firstAtOrAfter(items, at.micros - slack, (x) => x.micros);
    i < items.length && items[i]!.micros <= at.micros + slack;
    i++
  ) {
    const item = items[i]!;
    const d = distanceM(item.position, at.position);
    if (d > tol.distanceM || !free(item)) continue;
    const cost =
      (d / tol.distanceM) ** 2 + ((item.micros - at.micros) / slack) ** 2;
    if (cost < bestCost) {
      best = item;
      bestCost = cost;
    }
  }
  return best;
}

/**
 * Matches fire events to truth fires one to one, greedily in the events'
 * time order: each takes the nearest free fire within `tolerance`
 * (`nearest`). Pure.
 */
export function matchFireEvents<
  F extends { time: string; position: readonly number[] },
>(
  events: readonly LocatedEvent[],
  fires: readonly F[],
  tolerance: ScoreTolerance = DEFAULT_SCORE_TOLERANCE
): Map<LocatedEvent, F> {
  const timed = fires
    .map((fire) => ({
      fire,
      micros: parseRfc3339Micros(fire.time),
      position: pointOf(fire.position),
    }))
    .sort((a, b) => a.micros - b.micros);
  const taken = new Set<Timed>();
  const out = new Map<LocatedEvent, F>();
  const fireEvents = events
    .filter((e) => e.kind === 'fire')
    .sort((a, b) => a.timeMicros - b.timeMicros);
  for (const e of fireEvents) {
    const at = { micros: e.timeMicros, position: e.position };
    const hit = nearest(timed, at, tolerance, (f) => !taken.has(f));
    if (hit === undefined) continue;
    taken.add(hit);
    out.set(e, hit.fire);
  }
  return out;
}

/**
 * Scores fused fire events and findings against truth: recall and
 * precision of fire events (greedy one-to-one matching in time order,
 * within `tolerance`), and the share of attributed fire and
 * weapons_in_zone findings that name the right party. Pure.
 */
export function scoreReplay(input: {
  events: readonly LocatedEvent[];
  findings: readonly Finding[];
  truth: {
    fires: readonly ScoreTruthFire[];
    weapons?: readonly ScoreTruthWeapon[];
  };
  tolerance?: ScoreTolerance;
}): ReplayScore {
  const tol = input.tolerance ?? DEFAULT_SCORE_TOLERANCE;
  const fires = input.truth.fires
    .map((f) => ({
      micros: parseRfc3339Micros(f.time),
      position: pointOf(f.position),
      territory: f.territory,
    }))
    .sort((a, b) => a.micros - b.micros);
  const fireEvents = input.events.filter((e) => e.kind === 'fire');
  const matchedFires = matchFireEvents(fireEvents, input.truth.fires, tol).size;
  const weapons = (input.truth.weapons ?? []).map((w) => ({
    from: parseRfc3339Micros(w.from),
    to: parseRfc3339Micros(w.to),
    position: pointOf(w.position),
    territory: w.territory,
  }));
  let matched = 0;
  let attributed = 0;
  let right = 0;
  for (const f of input.findings) {
    const { kind, time, attribution } = f.properties;
    const at = {
      micros: parseRfc3339Micros(time),
      position: pointOf(f.geometry.coordinates),
    };
    let territory: string | undefined;
    if (kind === 'fire') territory = nearest(fires, at, tol)?.territory;
    if (kind === 'weapons_in_zone') {
      const slack = tol.timeS * 1e6;
      const live = weapons
        .filter((w) => w.from - slack <= at.micros && at.micros <= w.to + slack)
        .map((w) => ({ ...w, micros: at.micros }));
      territory = nearest(live, at, tol)?.territory;
    }
    if (territory === undefined) continue;
    matched++;
    if (attribution.party === null) continue;
    attributed++;
    if (attribution.party === territory) right++;
  }
  return {
    fires: {
      truth: fires.length,
      events: fireEvents.length,
      matched: matchedFires,
      recall: ratio(matchedFires, fires.length),
      precision: ratio(matchedFires, fireEvents.length),
    },
    attribution: {
      matched,
      attributed,
      right,
      share: ratio(right, attributed),
    },
  };
}
