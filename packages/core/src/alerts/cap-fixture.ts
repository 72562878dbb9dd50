import type { CapFinding } from './cap.js';

/** A fire finding as the API serves it, for the CAP tests. */
export function capFindingFixture(
  overrides: Partial<CapFinding['properties']> = {}
): CapFinding {
  return {
    geometry: { coordinates: [37.8123456, 48.0154321] },
    properties: {
      id: 'ab'.repeat(32),
      rule: 'no-fire',
      kind: 'fire',
      time: '2026-12-02T03:04:05.123456Z',
      errorEllipse: { semiMajorM: 240, semiMinorM: 90, azimuthDeg: 35 },
      attribution: { party: 'B', probability: 0.93 },
      confidence: 0.88,
      status: 'provisional',
      sources: [10, 11, 12, 14],
      agreement: { id: 'ceasefire-2026', version: 1 },
      engineVersion: 'truce-rules/1.0.0',
      paramsDigest: 'cd'.repeat(32),
      sensorKinds: ['acoustic'],
      weaponClass: 'artillery',
      index: 42,
      ...overrides,
    },
  };
}
