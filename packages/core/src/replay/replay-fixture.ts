// Test fixture, not part of the public surface (index.ts does not export
// it): small bundles for replayBundle, signed as `truce simulate` signs
// them. A hand-made scene (eight microphones, a weather station and a radar
// around one shot on the demo agreement's line) and a short simulated one.
// Deterministic: Ed25519 signing is, and no clock is read.
import { base64Encode } from '../bytes.js';
import { canonicalJsonBytes } from '../evidence/canonical-json.js';
import { seedOf } from '../evidence/evidence-fixture.js';
import { enuFrameAt, wgs84FromEnu } from '../fusion/geodesy.js';
import { createPrng, gaussianDraw } from '../fusion/prng.js';
import { soundSpeedFromTemperature } from '../fusion/sound-speed.js';
import { celsius, enuPoint, wgs84Point } from '../fusion/units.js';
import { OBSERVATION_PAYLOAD_TYPE, signEnvelope } from '../observation/dsse.js';
import { ed25519PublicKey, ed25519Sign } from '../observation/ed25519.js';
import type { Observation } from '../observation/payload.js';
import { formatRfc3339Micros } from '../observation/time.js';
import type { SensorRecord } from '../registry/sensor.js';
import { parseSimAgreement } from '../sim/agreement-input.js';
import { SIM_DEMO_AGREEMENT } from '../sim/demo-agreement.js';
import { simulateScenario } from '../sim/scenario.js';

/** A bundle as replayBundle takes it. */
export type FixtureBundle = {
  agreement: unknown;
  sensors: SensorRecord[];
  envelopes: unknown[];
};

function signed(payload: Observation, seed: Uint8Array): unknown {
  return signEnvelope({
    payloadType: OBSERVATION_PAYLOAD_TYPE,
    payload: canonicalJsonBytes(payload),
    keyid: payload.sensor,
    sign: (message) => ed25519Sign(seed, message),
  });
}

const SCENE_ORIGIN = wgs84Point(37.115, 48.372, 150);
const SCENE_T0 = Date.parse('2026-08-23T01:00:00Z') * 1000;

/**
 * Eight microphones 1.5 km apart around a launch 2.5 km north of the line
 * (party A's side), a weather station that reported 20 °C ten minutes
 * before, and a weapon-locating radar that tracked an artillery round
 * from party B's side a minute later.
 */
export function acousticSceneBundle(): FixtureBundle {
  const frame = enuFrameAt(SCENE_ORIGIN);
  const at = (e: number, n: number, u = 0) => {
    const w = wgs84FromEnu(frame, enuPoint(e, n, u));
    return [w.lon, w.lat, w.height] as [number, number, number];
  };
  const record = (
    id: string,
    kind: SensorRecord['kind'],
    position: [number, number, number]
  ): SensorRecord => ({
    id,
    kind,
    publicKey: base64Encode(ed25519PublicKey(seedOf(`scene ${id}`))),
    position,
    operator: 'monitor',
    ...(kind === 'acoustic' ? { timingSigmaS: 0.001 } : {}),
  });
  const mics = Array.from({ length: 8 }, (_, i) =>
    record(
      `mic-${i}`,
      'acoustic',
      at((i % 4) * 1500 - 2250, Math.floor(i / 4) * 1500 - 750 + 40 * (i % 3))
    )
  );
  const sensors = [
    ...mics,
    record('met-1', 'weather', at(0, 0)),
    record('radar-1', 'radar', at(0, -6000)),
  ];
  const speed = soundSpeedFromTemperature(celsius(20));
  const shot = { east: 300, north: 900 };
  const rng = createPrng(7);
  const time = (micros: number) => formatRfc3339Micros(Math.round(micros));
  const payloads: Observation[] = [
    {
      sensor: 'met-1',
      seq: 0,
      time: time(SCENE_T0 - 600e6),
      kind: 'weather',
      weather: { temperatureC: 20 },
    },
    ...mics.map((m, i): Observation => {
      const [e, n] = [
        (i % 4) * 1500 - 2250,
        Math.floor(i / 4) * 1500 - 750 + 40 * (i % 3),
      ];
      const d = Math.hypot(e - shot.east, n - shot.north);
      const noise = gaussianDraw(rng) * 0.0005;
      return {
        sensor: m.id,
        seq: 0,
        time: time(SCENE_T0 + (d / speed + noise) * 1e6),
        kind: 'acoustic',
        acoustic: { class: 'launch', snrDb: 24 },
      };
    }),
    {
      sensor: 'radar-1',
      seq: 0,
      time: time(SCENE_T0 + 60e6),
      kind: 'radar',
      radar: {
        weaponClass: 'artillery',
        origin: [37.13, 48.34],
        originErrorM: 60,
      },
    },
  ];
  const envelopes = payloads
    .sort((a, b) => (a.time < b.time ? -1 : 1))
    .map((p) => signed(p, seedOf(`scene ${p.sensor}`)));
  return { agreement: SIM_DEMO_AGREEMENT, sensors, envelopes };
}

/** An easy simulated scenario (seed 7), half an hour unless told: findings of every sensor kind. */
export function simulatedBundle(hours = 0.5): FixtureBundle {
  const scenario = simulateScenario({
    seed: 7,
    agreement: parseSimAgreement(SIM_DEMO_AGREEMENT),
    params: { difficulty: 'easy', hours },
  });
  const envelopes = scenario.observations.map((o) =>
    signed(o.payload, scenario.sensorSeeds.get(o.sensorId)!)
  );
  return {
    agreement: SIM_DEMO_AGREEMENT,
    sensors: scenario.sensors,
    envelopes,
  };
}
