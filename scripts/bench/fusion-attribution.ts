// Attribution section of `npm run bench:fusion`: simulated scenes played on
// the real contact line of 2026-08-22 (data/contact-line-2026-08-22.geojson,
// DeepStateMap via cyterat/deepstate-map-data), fused with the default
// parameters the server and `truce replay` use, each located fire event
// matched to the fire it came from and attributed by the rules' own side
// test (DESIGN 4.5) against the truth's territory of the launch point.
import { readFileSync } from 'node:fs';
import {
  DEFAULT_ENGINE_PARAMS,
  SIM_DEMO_AGREEMENT,
  attributeSides,
  buildLineIndex,
  fuseObservations,
  linePartsOf,
  matchFireEvents,
  parseRfc3339Micros,
  parseSimAgreement,
  sideProbabilities,
  simulateScenario,
  type ContactLine,
  type FusionObservation,
  type LocatedEvent,
  type TruthFire,
} from '@truce/core';

/** One scene: a seed and where along the line's longest part it plays (km). */
export type AttributionScene = { seed: number; offsetKm: number };

export type AttributionMetrics = {
  scenes: number;
  truthFires: number;
  /** Truth fires heard by at least 4 acoustic sensors (locatable by sound). */
  audibleFires: number;
  fireEvents: number;
  /** Fire events matched one to one to a truth fire (500 m, 10 s). */
  matched: number;
  /** Matched fires by weapon class: [matched, truth fires]. */
  byClass: Record<string, [number, number]>;
  /** Matched fires whose launch point is ≥ 1 km from the line. */
  far: { n: number; right: number; wrong: number; unnamed: number };
  /** The same closer than 1 km. */
  near: { n: number; right: number; wrong: number; unnamed: number };
  /** Matched events by how they were located (acoustic, radar, fused...). */
  byMethod: Record<string, number>;
};

/**
 * One-to-one matching of fire events to true fires, as `truce replay`
 * scores them (core's matchFireEvents: 500 m, 10 s).
 */
export function matchFires(
  events: readonly LocatedEvent[],
  fires: readonly TruthFire[]
): Map<LocatedEvent, TruthFire> {
  return matchFireEvents(events, fires);
}

/** A line as the rules read it (and the simulator, which takes it readonly). */
type LineGeometry = Parameters<typeof linePartsOf>[0];

/** Loads the contact line's geometry (a GeoJSON FeatureCollection of one feature). */
export function loadContactLine(path: string): LineGeometry {
  const fc = JSON.parse(readFileSync(path, 'utf8'));
  return fc.features[0].geometry as LineGeometry;
}

export function runAttribution(
  contactLine: LineGeometry,
  scenes: readonly AttributionScene[],
  hours: number
): AttributionMetrics {
  // The demo agreement's parties and rules on the whole line; its leftParty
  // (A, Ukraine) holds the left side, as the line file says.
  const line: ContactLine = contactLine;
  const agreement = parseSimAgreement({
    ...SIM_DEMO_AGREEMENT,
    contactLine: line,
  });
  const index = buildLineIndex(linePartsOf(contactLine));
  const parties = {
    leftParty: SIM_DEMO_AGREEMENT.parties[0].id,
    parties: SIM_DEMO_AGREEMENT.parties,
  };
  const m: AttributionMetrics = {
    scenes: scenes.length,
    truthFires: 0,
    audibleFires: 0,
    fireEvents: 0,
    matched: 0,
    byClass: {},
    far: { n: 0, right: 0, wrong: 0, unnamed: 0 },
    near: { n: 0, right: 0, wrong: 0, unnamed: 0 },
    byMethod: {},
  };
  for (const scene of scenes) {
    const sc = simulateScenario({
      seed: scene.seed,
      agreement,
      params: { hours, sectorOffsetKm: scene.offsetKm },
    });
    const sensors = new Map(sc.sensors.map((s) => [s.id, s]));
    const observations: FusionObservation[] = sc.observations.map((o, i) => ({
      index: i,
      observation: o.payload,
      sensor: sensors.get(o.sensorId)!,
    }));
    const events = fuseObservations({ observations }).events.filter(
      (e) => e.kind === 'fire'
    );
    const heard = new Map<string, Set<string>>();
    for (const o of sc.truth.observations) {
      if (o.kind !== 'acoustic' || o.label !== 'detection') continue;
      for (const s of o.sources ?? [])
        heard.set(s, (heard.get(s) ?? new Set()).add(o.sensor));
    }
    const fires = sc.truth.fires.map((f) => ({
      ...f,
      micros: parseRfc3339Micros(f.time),
    }));
    m.truthFires += fires.length;
    m.audibleFires += fires.filter(
      (f) => (heard.get(f.id)?.size ?? 0) >= 4
    ).length;
    m.fireEvents += events.length;
    const matched = matchFires(events, fires);
    m.matched += matched.size;
    for (const f of fires) {
      const c = (m.byClass[f.weaponClass] ??= [0, 0]);
      c[1]++;
    }
    for (const [e, f] of matched) {
      m.byClass[f.weaponClass]![0]++;
      const method = e.method ?? 'unknown';
      m.byMethod[method] = (m.byMethod[method] ?? 0) + 1;
      const a = attributeSides(
        sideProbabilities(index, e.position, e.covariance),
        parties,
        DEFAULT_ENGINE_PARAMS.attributionThreshold
      );
      const t = f.distanceFromLineKm >= 1 ? m.far : m.near;
      t.n++;
      if (a.party === null) t.unnamed++;
      else if (a.party === f.territory) t.right++;
      else t.wrong++;
    }
  }
  return m;
}
