// Test fixture, not part of the public surface (index.ts does not export
// it): turns the compact findings of test-vectors/report/ into DESIGN 4.5
// Features.
import type { Finding } from '../engine/finding.js';
import type { MonitoringGap } from '../fusion/located-event.js';
import { parseRfc3339Micros } from '../observation/time.js';

/** A finding in a vector: only what the case is about. */
export type FindingSpec = {
  /** Default: the spec's position in its list, as 64 hex digits. */
  id?: string;
  time: string;
  kind?: Finding['properties']['kind'];
  rule?: string;
  party?: string | null;
  probability?: number;
  confidence?: number;
  status?: Finding['properties']['status'];
  weaponClass?: Finding['properties']['weaponClass'];
  at: [number, number];
  semiMajorM?: number;
  semiMinorM?: number;
  sensorKinds?: string[];
  sources?: number[];
};

export type GapSpec = {
  sensor: string;
  reason: MonitoringGap['reason'];
  from: string;
  to: string;
  at: [number, number];
};

export function findingOf(spec: FindingSpec, n: number): Finding {
  const semiMajorM = spec.semiMajorM ?? 150;
  return {
    type: 'Feature',
    geometry: { type: 'Point', coordinates: spec.at },
    properties: {
      id: spec.id ?? n.toString(16).padStart(64, '0'),
      rule: spec.rule ?? 'no-fire',
      kind: spec.kind ?? 'fire',
      time: spec.time,
      errorEllipse: {
        semiMajorM,
        semiMinorM: spec.semiMinorM ?? semiMajorM / 2,
        azimuthDeg: 30,
      },
      attribution: {
        party: spec.party === undefined ? 'RU' : spec.party,
        probability: spec.probability ?? 0.97,
      },
      confidence: spec.confidence ?? 0.9,
      status: spec.status ?? 'provisional',
      sources: spec.sources ?? [n + 10, n + 11],
      agreement: { id: 'minsk2-demo', version: 1 },
      engineVersion: 'truce-engine/test',
      paramsDigest: '0'.repeat(64),
      sensorKinds: spec.sensorKinds ?? ['acoustic'],
      ...(spec.weaponClass === undefined
        ? {}
        : { weaponClass: spec.weaponClass }),
    },
  };
}

export function gapOf(spec: GapSpec, n: number): MonitoringGap {
  return {
    sensor: spec.sensor,
    reason: spec.reason,
    fromMicros: parseRfc3339Micros(spec.from),
    toMicros: parseRfc3339Micros(spec.to),
    position: spec.at,
    sources: [n],
  };
}
