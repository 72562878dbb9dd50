// Throughput section of `npm run bench:fusion`: one long seeded stream,
// associated and located on this one thread, timed in CPU seconds.
import {
  associatePulses,
  createPrng,
  enuPoint,
  formatRfc3339Micros,
  fuseObservations,
  meters,
  metersPerSecond,
  multilaterate,
  seconds,
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
  /**
   * The same stream's pulses over the CPU time of locating each source from
   * its own direct pulses, handed over (no association, no search): the
   * most associatePulses could reach on this machine, measured in the same
   * run, so that `associatePerS / ceilingPerS` compares runs on machines
   * or days of different speed.
   */
  ceilingCpuS: number;
  ceilingPerS: number;
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
  // The ceiling: each source's direct pulses, located by the solver with the
  // robust options association's fits use (from closed-form starts).
  const bySource = new Map<number, number[]>();
  sim.truth.forEach((t, i) => {
    if (t.kind !== 'direct') return;
    const ids = bySource.get(t.source);
    if (ids === undefined) bySource.set(t.source, [i]);
    else ids.push(i);
  });
  const groups = [...bySource.values()].filter(
    (ids) => ids.length >= params.minDetections
  );
  const locateOptions = {
    speed: { mode: 'fixed' as const, speed: metersPerSecond(340) },
    altitude: {
      mode: 'prior' as const,
      up: meters(2),
      sigma: meters(params.altitudeSigmaM),
      curvature: 0,
    },
    huberK: params.huberK,
    outlierK: params.outlierK,
    leaveOneOutMax: Infinity,
  };
  const locateAll = () => {
    for (const ids of groups) {
      const t0 = sim.detections[ids[0]!]!.time;
      const arrivals = ids.map((i) => {
        const d = sim.detections[i]!;
        const s = sensors[d.sensor]!;
        return {
          sensor: enuPoint(s.east, s.north, s.up),
          time: seconds(d.time - t0),
          sigma: seconds(s.sigmaS),
        };
      });
      multilaterate({ arrivals }, locateOptions);
    }
  };
  // Short (a third of a second here), so the best of three, taken before
  // and after the association as bench:ingest's ceiling is: the ratio errs
  // against associatePulses, and one slow reading does not set it.
  let ceilingCpuS = Infinity;
  const measureCeiling = () => {
    for (let k = 0; k < 3; k++) {
      const c2 = ownCpuSeconds();
      locateAll();
      ceilingCpuS = Math.min(ceilingCpuS, ownCpuSeconds() - c2);
    }
  };
  measureCeiling();

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
  measureCeiling();

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
    ceilingCpuS,
    ceilingPerS: sim.detections.length / ceilingCpuS,
    fuseCpuS,
    fusePerS: fused.events.length > 0 ? observations.length / fuseCpuS : NaN,
  };
}
