// Findings for the dashboard's unit tests (the app never imports this).
import type { FindingFeature } from './types.js';

type Overrides = {
  n?: number;
  position?: [number, number];
  time?: string;
  party?: string | null;
  status?: FindingFeature['properties']['status'];
  rule?: string;
  kind?: FindingFeature['properties']['kind'];
  supersedes?: string[];
};

/** A finding Feature as GET /v1/findings serves it; `n` sets its id and index. */
export function fixtureFinding(o: Overrides = {}): FindingFeature {
  const n = o.n ?? 1;
  const id = n.toString(16).padStart(64, '0');
  return {
    type: 'Feature',
    id,
    geometry: { type: 'Point', coordinates: o.position ?? [37.5, 48.3] },
    properties: {
      id,
      rule: o.rule ?? 'no-fire',
      kind: o.kind ?? 'fire',
      time: o.time ?? '2026-12-01T10:00:00.000000Z',
      errorEllipse: { semiMajorM: 120, semiMinorM: 40, azimuthDeg: 30 },
      attribution: {
        party: o.party === undefined ? 'A' : o.party,
        probability: 0.97,
      },
      confidence: 0.9,
      status: o.status ?? 'verified',
      sources: [n, n + 1],
      agreement: { id: 'test', version: 1 },
      engineVersion: 'truce-rules/1',
      paramsDigest: '0'.repeat(64),
      sensorKinds: ['acoustic'],
      index: n,
      ...(o.supersedes === undefined ? {} : { supersedes: o.supersedes }),
    },
  };
}
