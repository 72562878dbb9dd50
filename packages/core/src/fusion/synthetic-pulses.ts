import type { PulseDetection, PulseSensor } from './association-types.js';
import {
  detectionProbability,
  type DetectionModel,
} from './detection-model.js';
import { gaussianDraw, type Prng } from './prng.js';

/** A simulated source: where and when it emitted (local ENU metres, seconds). */
export type SyntheticSource = {
  east: number;
  north: number;
  up: number;
  time: number;
};

/** What to simulate; all draws come from the PRNG passed in. */
export type SyntheticPulseSpec = {
  sensors: readonly PulseSensor[];
  sources: readonly SyntheticSource[];
  /** The true propagation speed, m/s. */
  speed: number;
  detection: DetectionModel;
  /** Each detected arrival is followed by an echo with this probability. */
  echoProbability: number;
  echoDelayS: readonly [number, number];
  /** Clutter pulses spread uniformly over the sensors and this time span. */
  falseAlarms: number;
  falseAlarmSpanS: readonly [number, number];
  /** Pulse time noise multiplies each sensor's σ (1 = nominal). */
  noiseScale?: number;
  /**
   * A long wall at east = `wallEast` reflecting every source: sensors on the
   * source's side also hear its mirror image (a coherent echo that fits one
   * virtual source) with this probability.
   */
  mirror?: { wallEast: number; probability: number };
};

/** Why a simulated pulse exists: a direct arrival, an echo, or clutter. */
export type PulseTruth =
  | { kind: 'direct'; source: number }
  | { kind: 'echo'; source: number }
  | { kind: 'clutter' };

export type SyntheticPulses = {
  detections: PulseDetection[];
  truth: PulseTruth[];
};

/** A pulse's SNR (dB) at range d: 12 dB where detection halves, −6 dB per doubling. */
function snrAt(det: DetectionModel, d: number): number {
  return 6 + 20 * Math.log10((2 * det.range50M) / Math.max(d, 10));
}

/**
 * Simulates what an acoustic network reports: each sensor hears each source
 * with the range-dependent probability of `detection`, at the true travel
 * time plus Gaussian timing noise, spherical spreading in its SNR; some
 * arrivals come with late echoes 6 dB weaker; clutter pulses (6-12 dB) land
 * anywhere. Detections are indexed in time order.
 */
export function synthesizePulses(
  spec: SyntheticPulseSpec,
  rng: Prng
): SyntheticPulses {
  const raw: {
    sensor: number;
    time: number;
    snrDb: number;
    truth: PulseTruth;
  }[] = [];
  const noise = spec.noiseScale ?? 1;
  spec.sources.forEach((src, k) => {
    spec.sensors.forEach((s, si) => {
      const d = Math.hypot(
        s.east - src.east,
        s.north - src.north,
        s.up - src.up
      );
      if (rng() >= detectionProbability(spec.detection, d)) return;
      const t =
        src.time + d / spec.speed + noise * s.sigmaS * gaussianDraw(rng);
      const snrDb = snrAt(spec.detection, d) + 3 * gaussianDraw(rng);
      raw.push({
        sensor: si,
        time: t,
        snrDb,
        truth: { kind: 'direct', source: k },
      });
      if (rng() < spec.echoProbability) {
        const [lo, hi] = spec.echoDelayS;
        raw.push({
          sensor: si,
          time: t + lo + (hi - lo) * rng(),
          snrDb: snrDb - 6,
          truth: { kind: 'echo', source: k },
        });
      }
    });
  });
  const mirror = spec.mirror;
  if (mirror !== undefined) {
    spec.sources.forEach((src, k) => {
      const image = 2 * mirror.wallEast - src.east;
      spec.sensors.forEach((s, si) => {
        if (
          Math.sign(s.east - mirror.wallEast) !==
          Math.sign(src.east - mirror.wallEast)
        )
          return;
        if (rng() >= mirror.probability) return;
        const d = Math.hypot(
          s.east - image,
          s.north - src.north,
          s.up - src.up
        );
        if (rng() >= detectionProbability(spec.detection, d)) return;
        const t =
          src.time + d / spec.speed + noise * s.sigmaS * gaussianDraw(rng);
        raw.push({
          sensor: si,
          time: t,
          snrDb: snrAt(spec.detection, d) - 6,
          truth: { kind: 'echo', source: k },
        });
      });
    });
  }
  const [from, to] = spec.falseAlarmSpanS;
  for (let f = 0; f < spec.falseAlarms; f++) {
    const sensor = Math.floor(rng() * spec.sensors.length);
    raw.push({
      sensor,
      time: from + (to - from) * rng(),
      snrDb: 6 + 6 * rng(),
      truth: { kind: 'clutter' },
    });
  }
  raw.sort((a, b) => a.time - b.time || a.sensor - b.sensor);
  return {
    detections: raw.map((r, index) => ({
      index,
      sensor: r.sensor,
      time: r.time,
      snrDb: r.snrDb,
    })),
    truth: raw.map((r) => r.truth),
  };
}

/** Sensors on a jittered rows × cols grid with `spacingM` between them. */
export function gridSensors(
  rows: number,
  cols: number,
  spacingM: number,
  sigmaS: number,
  rng: Prng,
  jitterM = spacingM / 5
): PulseSensor[] {
  const out: PulseSensor[] = [];
  for (let i = 0; i < rows; i++) {
    for (let j = 0; j < cols; j++) {
      const up = 10 * rng();
      out.push({
        east: j * spacingM + jitterM * (rng() - 0.5),
        north: i * spacingM + jitterM * (rng() - 0.5),
        up,
        surfaceHeight: up,
        sigmaS,
      });
    }
  }
  return out;
}
