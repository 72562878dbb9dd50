import type { FindingStatus } from '../engine/finding.js';
import { pointInPolygon } from '../geo/polygon.js';
import { parseRfc3339Micros } from '../observation/time.js';
import type { WeaponClass } from '../observation/weapon-class.js';
import type { FindingKind } from '../rules/term.js';
import type { CommissionDecision } from './commission.js';
import type { Ladder, LadderClause, LadderTier } from './ladder.js';

/** What the ladder reads of a finding (DESIGN 4.5). */
export type LadderFinding = {
  id: string;
  rule: string;
  kind: FindingKind;
  time: string;
  status: FindingStatus;
  attribution: { party: string | null; probability: number };
  weaponClass?: WeaponClass | undefined;
  /** [lon, lat]: where it was committed from. */
  position: readonly [number, number];
};

/** The ladder's view of a finding Feature (a core Finding or the API's). */
export function ladderFindingOf(feature: {
  geometry: { coordinates: readonly [number, number] };
  properties: Omit<LadderFinding, 'position'>;
}): LadderFinding {
  const p = feature.properties;
  return {
    id: p.id,
    rule: p.rule,
    kind: p.kind,
    time: p.time,
    status: p.status,
    attribution: p.attribution,
    ...(p.weaponClass === undefined ? {} : { weaponClass: p.weaponClass }),
    position: feature.geometry.coordinates,
  };
}

export type TierInput = {
  /** The moment judged (RFC 3339): the plan's clock. */
  at: string;
  findings: readonly LadderFinding[];
  /** Commission decisions in log order; the later one on a finding wins. */
  decisions: readonly CommissionDecision[];
  ladder: Ladder;
};

export type TierResult = {
  tier: LadderTier | null;
  /** The findings the reached tier rests on, sorted. */
  findingIds: string[];
  /**
   * Higher tiers that require the Commission and would hold if the
   * engine's attributions counted: they wait for its decisions.
   */
  awaitingCommission: string[];
};

type Counted = {
  finding: LadderFinding;
  micros: number;
  /** The Commission's attribution, if it decided by `at`. */
  decided: { party: string | null; probability: number } | undefined;
};

function matches(
  c: Counted,
  clause: LadderClause,
  fromMicros: number,
  atMicros: number,
  commission: boolean
): boolean {
  const f = c.finding;
  // A sliding window (t - w, t] (ladder.windowing).
  if (c.micros <= fromMicros || c.micros > atMicros) return false;
  if (clause.confirmedOnly === true && f.status !== 'confirmed') return false;
  if (clause.rules !== undefined && !clause.rules.includes(f.rule)) {
    return false;
  }
  if (clause.kinds !== undefined && !clause.kinds.includes(f.kind)) {
    return false;
  }
  if (clause.weaponClasses !== undefined) {
    if (f.weaponClass === undefined) return false;
    if (!clause.weaponClasses.includes(f.weaponClass)) return false;
  }
  if (clause.sector !== undefined) {
    if (!pointInPolygon(f.position, clause.sector.coordinates)) return false;
  }
  const attribution = commission ? c.decided : (c.decided ?? f.attribution);
  if (commission && attribution?.party == null) return false;
  if (clause.party === undefined && clause.minProbability === undefined) {
    return true;
  }
  if (attribution === undefined || attribution.party === null) return false;
  if (clause.party !== undefined && attribution.party !== clause.party) {
    return false;
  }
  return attribution.probability >= (clause.minProbability ?? 0);
}

function holding(
  counted: readonly Counted[],
  tier: LadderTier,
  ladder: Ladder,
  atMicros: number,
  commission: boolean
): string[] | undefined {
  for (const clause of tier.conditions.anyOf) {
    const hours = clause.windowHours ?? ladder.windowing.defaultWindowHours;
    const from = atMicros - Math.round(hours * 3600e6);
    const ids = counted
      .filter((c) => matches(c, clause, from, atMicros, commission))
      .map((c) => c.finding.id);
    if (ids.length >= clause.minCount) return ids.sort();
  }
  return undefined;
}

/**
 * The highest tier the findings reach at `at`. Only verified and confirmed
 * findings count (never provisional or rejected ones). A decision of the
 * Commission replaces the engine's attribution once made; tiers that
 * require the Commission count only findings it attributed to a party.
 * More findings never lower the tier: each clause is a count that only
 * grows, and the tier is the highest level with a clause that holds.
 */
export function reachedTier(input: TierInput): TierResult {
  const atMicros = parseRfc3339Micros(input.at);
  const latest = new Map<string, CommissionDecision>();
  for (const d of input.decisions) {
    if (parseRfc3339Micros(d.time) <= atMicros) latest.set(d.findingId, d);
  }
  const counted: Counted[] = [];
  for (const finding of input.findings) {
    if (finding.status !== 'verified' && finding.status !== 'confirmed') {
      continue;
    }
    const d = latest.get(finding.id);
    counted.push({
      finding,
      micros: parseRfc3339Micros(finding.time),
      decided:
        d === undefined
          ? undefined
          : {
              party: d.attribution.party,
              probability: d.attribution.probability ?? 1,
            },
    });
  }
  const tiers = [...input.ladder.tiers].sort((a, b) => b.level - a.level);
  const awaiting: string[] = [];
  for (const tier of tiers) {
    const ids = holding(
      counted,
      tier,
      input.ladder,
      atMicros,
      tier.requiresCommission
    );
    if (ids !== undefined) {
      return { tier, findingIds: ids, awaitingCommission: awaiting };
    }
    if (
      tier.requiresCommission &&
      holding(counted, tier, input.ladder, atMicros, false) !== undefined
    ) {
      awaiting.push(tier.id);
    }
  }
  return { tier: null, findingIds: [], awaitingCommission: awaiting };
}
