import type { EngineParamsInput, WitnessPolicy } from '@truce/core';
import {
  applyReviews,
  applyVerification,
  parseRfc3339Micros,
} from '@truce/core';
import type { FindingFeature, FindingsQuery } from '@truce/protocol';
import type { Sequencer } from '../log/sequencer.js';
import type { LogStore } from '../storage/store.js';
import { newestQuorumCheckpoint } from '../witnesses/witnessed-checkpoint.js';
import type { FindingLedger, LoggedFinding } from './finding-ledger.js';

export type WitnessView = {
  store: LogStore;
  sequencer: Sequencer;
  policy: WitnessPolicy | undefined;
  verifierKey: string;
};

/**
 * How many entries the newest checkpoint that counts as witnessed covers:
 * cosigned to the policy's quorum, or with no policy the latest checkpoint.
 */
export async function witnessedSize(view: WitnessView): Promise<number> {
  if (view.policy === undefined) return view.sequencer.latest?.size ?? 0;
  const witnessed = await newestQuorumCheckpoint(
    view.store,
    view.policy,
    view.verifierKey
  );
  return witnessed?.checkpoint.size ?? 0;
}

/**
 * A logged finding as the API serves it: `verified` once corroborated and
 * its entry is in a witnessed checkpoint, then its reviews in log order,
 * plus its log index and its place in a chain of superseding versions.
 */
export function findingFeature(
  ledger: FindingLedger,
  logged: LoggedFinding,
  witnessed: number,
  engine?: EngineParamsInput
): FindingFeature {
  const id = logged.finding.properties.id;
  const [verified] = applyVerification(
    [logged.finding],
    () => logged.index < witnessed,
    engine
  );
  const [finding] = applyReviews([verified!], ledger.reviewsOf(id)).findings;
  const newest = ledger.newest(id)!.finding.properties.id;
  return {
    type: 'Feature',
    id,
    geometry: finding!.geometry,
    properties: {
      ...finding!.properties,
      index: logged.index,
      ...(logged.supersedes.length === 0
        ? {}
        : { supersedes: logged.supersedes }),
      ...(newest === id ? {} : { supersededBy: newest }),
    },
  };
}

function inBbox(
  [lon, lat]: readonly [number, number],
  box: NonNullable<FindingsQuery['bbox']>
): boolean {
  if (lat < box.minLat || lat > box.maxLat) return false;
  // RFC 7946 §5.2: a west edge east of the east edge crosses 180°.
  return box.minLon <= box.maxLon
    ? lon >= box.minLon && lon <= box.maxLon
    : lon >= box.minLon || lon <= box.maxLon;
}

/** Whether a feature passes every filter of the query (`limit` aside). */
export function matchesQuery(
  feature: FindingFeature,
  query: FindingsQuery
): boolean {
  const p = feature.properties;
  if (query.rule !== undefined && p.rule !== query.rule) return false;
  if (query.kind !== undefined && p.kind !== query.kind) return false;
  if (query.status !== undefined && p.status !== query.status) return false;
  if (query.party !== undefined && p.attribution.party !== query.party) {
    return false;
  }
  if (query.from !== undefined || query.to !== undefined) {
    const t = parseRfc3339Micros(p.time);
    if (query.from !== undefined && t < query.from) return false;
    if (query.to !== undefined && t >= query.to) return false;
  }
  if (query.bbox !== undefined) {
    return inBbox(feature.geometry.coordinates, query.bbox);
  }
  return true;
}

/**
 * The current findings (superseded versions left out) that match the
 * query, newest log entry first, at most `limit`.
 */
export function queryFindings(
  ledger: FindingLedger,
  query: FindingsQuery,
  witnessed: number,
  engine?: EngineParamsInput
): FindingFeature[] {
  const out: FindingFeature[] = [];
  const all = ledger.all();
  for (let i = all.length - 1; i >= 0 && out.length < query.limit; i--) {
    const logged = all[i]!;
    if (logged.supersededBy !== undefined) continue;
    const feature = findingFeature(ledger, logged, witnessed, engine);
    if (matchesQuery(feature, query)) out.push(feature);
  }
  return out;
}
