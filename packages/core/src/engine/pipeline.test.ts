// The whole pure pipeline on a simulated hour: sim → fusion → rules. The
// attribution of fire findings is checked against the simulator's truth.
import { describe, expect, it } from 'vitest';
import { canonicalJsonBytes } from '../evidence/canonical-json.js';
import { fuseObservations } from '../fusion/fuse.js';
import { distanceM } from '../geo/wgs84.js';
import { parseRfc3339Micros } from '../observation/time.js';
import { parseAgreement } from '../rules/agreement.js';
import { parseSimAgreement } from '../sim/agreement-input.js';
import { SIM_DEMO_AGREEMENT } from '../sim/demo-agreement.js';
import { simulateScenario } from '../sim/scenario.js';
import { evaluateAgreement } from './engine.js';

describe('sim → fusion → rules', () => {
  const scenario = simulateScenario({
    seed: 5,
    agreement: parseSimAgreement(SIM_DEMO_AGREEMENT),
    params: { hours: 3 },
  });
  const sensors = new Map(scenario.sensors.map((s) => [s.id, s]));
  // Log order: the registrations, then the observations.
  const observations = scenario.observations.map((o, i) => ({
    index: scenario.sensors.length + i,
    observation: o.payload,
    sensor: sensors.get(o.sensorId)!,
  }));
  const fused = fuseObservations({ observations });
  const agreement = parseAgreement(SIM_DEMO_AGREEMENT);
  const findings = evaluateAgreement({ agreement, ...fused });

  it('finds fire, and gives the same bytes twice', () => {
    expect(findings.some((f) => f.properties.kind === 'fire')).toBe(true);
    const again = evaluateAgreement({ agreement, ...fused });
    expect(canonicalJsonBytes(again)).toEqual(canonicalJsonBytes(findings));
  });

  it('puts attributed launch points on the side they truly were', () => {
    const fires = scenario.truth.fires.map((f) => ({
      territory: f.territory,
      micros: parseRfc3339Micros(f.time),
      position: [f.position[0], f.position[1]] as const,
    }));
    const attributed = findings.filter(
      (f) =>
        f.properties.kind === 'fire' && f.properties.attribution.party !== null
    );
    // The true fire nearest in space within 10 s of the finding's time.
    const truthOf = (f: (typeof findings)[number]) => {
      const t = parseRfc3339Micros(f.properties.time);
      const p = f.geometry.coordinates;
      return fires
        .filter((x) => Math.abs(x.micros - t) < 10_000_000)
        .sort((a, b) => distanceM(a.position, p) - distanceM(b.position, p))[0];
    };
    const matched = attributed.filter((f) => truthOf(f) !== undefined);
    const right = matched.filter(
      (f) => truthOf(f)!.territory === f.properties.attribution.party
    );
    expect(matched.length).toBeGreaterThan(20);
    expect(right.length / matched.length).toBeGreaterThanOrEqual(0.95);
  });
});
