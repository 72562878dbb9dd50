// Throughput section of `npm run bench:fusion`: one long seeded stream,
// associated and located on this one thread, timed in CPU seconds.
import {
  associatePulses,
  createPrng,
  enuPoint,
  formatRfc3339Micros,
  fuseObservations,
  metersPerSecond,
  temperatureFromSoundSpeed,
  gridSensors,
  synthesizePulses,
  wgs84FromEnu,
  wgs84Point,
  type FusionObservation,
  type FusionSensor,
  SHORT_RANGE_ACOUSTIC,
  SHORT_RANGE_ACOUSTIC_PARAMS,
  stillAir,
} from '@truce/core';
import { ownCpuSeconds } from './report.js';

export type Throughput = {
  sensors: number;
  sources: number;
  detections: number;
  events: number;
  associateCpuS: number;
  associatePerS: number;
  fuseCpuS: number;
  fusePerS: number;
};

/** A 6 × 20 sensor line 1.5 km apart, a source every 0.5 s, 20 % echoes, 0.02 false alarms/s/sensor. */
export function runThroughput(sources: number, seed: number): Throughput {
  const rng = createPrng(seed);
  const sensors = gridSensors(6, 20, 1500, 0.001, rng);
  const detection = SHORT_RANGE_ACOUSTIC_PARAMS.detection;
  const truth = Array.from({ length: sources }, (_, k) => ({
    east: 28500 * rng(),
    north: 7500 * rng(),
    up: 2,
    time: k * 0.5 + 0.3 * rng(),
  }));
  const span = sources * 0.5 + 30;
  const sim = synthesizePulses(
    {
      sensors,
      sources: truth,
      speed: 340,
      detection,
      echoProbability: 0.2,
      echoDelayS: [0.03, 0.2],
      falseAlarms: Math.round(
        detection.falseAlarmRatePerS * span * sensors.length
      ),
      falseAlarmSpanS: [0, span],
    },
    rng
  );
  const propagationAt = () => stillAir({ mode: 'fixed', speed: 340 });
  const params = { ...SHORT_RANGE_ACOUSTIC_PARAMS, curvature: 0 };
  // Warm the JIT on a short prefix so the timing is of steady state.
  associatePulses(
    { sensors, detections: sim.detections.slice(0, 3000), propagationAt },
    params
  );
  const c0 = ownCpuSeconds();
  const r = associatePulses(
    { sensors, detections: sim.detections, propagationAt },
    params
  );
  const associateCpuS = ownCpuSeconds() - c0;

  // The same stream as logged observations, through fuseObservations.
  const origin = wgs84Point(37.6, 48.0, 150);
  const records: FusionSensor[] = sensors.map((s, i) => {
    const w = wgs84FromEnu(
      origin,
      enuPoint(s.east - 14000, s.north - 4000, s.up)
    );
    return {
      id: `ac-${i}`,
      kind: 'acoustic',
      position: [w.lon, w.lat, w.height],
      timingSigmaS: s.sigmaS,
    };
  });
  const t0 = 1_780_000_000_000_000;
  const seq = new Map<number, number>();
  const observations: FusionObservation[] = sim.detections.map((d, index) => {
    const n = seq.get(d.sensor) ?? 0;
    seq.set(d.sensor, n + 1);
    return {
      index,
      sensor: records[d.sensor]!,
      observation: {
        sensor: records[d.sensor]!.id,
        seq: n,
        time: formatRfc3339Micros(t0 + Math.round(d.time * 1e6)),
        kind: 'acoustic',
        acoustic: { class: 'launch', snrDb: d.snrDb },
      },
    };
  });
  const c1 = ownCpuSeconds();
  const fused = fuseObservations({
    observations,
    weather: { temperatureC: temperatureFromSoundSpeed(metersPerSecond(340)) },
    params: { acoustic: SHORT_RANGE_ACOUSTIC },
  });
  const fuseCpuS = ownCpuSeconds() - c1;
  return {
    sensors: sensors.length,
    sources,
    detections: sim.detections.length,
    events: r.groups.length,
    associateCpuS,
    associatePerS: sim.detections.length / associateCpuS,
    fuseCpuS,
    fusePerS: fused.events.length > 0 ? observations.length / fuseCpuS : NaN,
  };
}
