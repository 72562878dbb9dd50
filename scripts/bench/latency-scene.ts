// The sustained-latency scene of finding-latency.ts: acoustic sensors in
// rows along a stretch of front, shots among them whose pulses reach each
// sensor by distance and the detection model of the short-range network,
// all in arrival order, signed in advance (node:crypto Ed25519, DSSE).
import { sign } from 'node:crypto';
import {
  celsius,
  chordDistance,
  createPrng,
  enuFrameAt,
  enuPoint,
  formatRfc3339Micros,
  soundSpeedFromTemperature,
  utf8Encode,
  wgs84FromEnu,
  wgs84Point,
  SHORT_RANGE_ACOUSTIC_PARAMS,
} from '@truce/core';
import type { FusionSensor, Observation } from '@truce/core';
import {
  OBSERVATION_PAYLOAD_TYPE,
  dssePae,
  sensorPrivateKey,
  sensorPublicKey,
} from './corpus-format.mjs';

export type SceneOptions = {
  rows: number;
  cols: number;
  spacingM: number;
  /** Detections per second the stream carries. */
  rate: number;
  seconds: number;
  /** Observation time of the stream's start, ms since the epoch. */
  startMs: number;
  seed: number;
};

export type ScenePulse = {
  shot: number;
  sensor: number;
  /** Arrival, seconds after the start. */
  atS: number;
  observation: Observation;
  /** The signed DSSE envelope, serialised. */
  json: string;
};

export type Scene = {
  sensors: (FusionSensor & { publicKey: string; operator: string })[];
  agreement: Record<string, unknown>;
  /** A weather report at the start (fixes the speed of sound). */
  weather: { sensor: number; observation: Observation; json: string };
  shots: number;
  pulses: ScenePulse[];
};

const ORIGIN = wgs84Point(37.0, 47.9, 150);
const TEMPERATURE_C = 12;

const keys = new Map<number, ReturnType<typeof sensorPrivateKey>>();

function envelope(sensor: number, observation: Observation): string {
  const payload = Buffer.from(utf8Encode(JSON.stringify(observation)));
  let key = keys.get(sensor);
  if (key === undefined) keys.set(sensor, (key = sensorPrivateKey(sensor)));
  const sig = sign(null, dssePae(OBSERVATION_PAYLOAD_TYPE, payload), key);
  return JSON.stringify({
    payloadType: OBSERVATION_PAYLOAD_TYPE,
    payload: payload.toString('base64'),
    signatures: [{ keyid: `lat-${sensor}`, sig: sig.toString('base64') }],
  });
}

/** Builds and signs the scene; `onProgress` sees pulses signed so far. */
export function buildScene(
  o: SceneOptions,
  onProgress: (signed: number, total: number) => void = () => {}
): Scene {
  const rng = createPrng(o.seed);
  const frame = enuFrameAt(ORIGIN);
  const widthM = (o.cols - 1) * o.spacingM;
  const depthM = (o.rows - 1) * o.spacingM;
  const sensors = Array.from({ length: o.rows * o.cols }, (_, i) => {
    const east = (i % o.cols) * o.spacingM + (rng() - 0.5) * 200;
    const north = Math.floor(i / o.cols) * o.spacingM + (rng() - 0.5) * 200;
    const p = wgs84FromEnu(frame, enuPoint(east, north, 0));
    return {
      id: `lat-${i}`,
      kind: 'acoustic' as const,
      publicKey: Buffer.from(sensorPublicKey(i)).toString('base64'),
      position: [p.lon, p.lat, p.height] as [number, number, number],
      operator: 'monitor',
      timingSigmaS: 0.001,
    };
  });
  const points = sensors.map((s) =>
    wgs84Point(s.position[0], s.position[1], s.position[2])
  );
  // The line runs north of every sensor, west to east: A holds the north.
  const line = [0, widthM].map((e) => {
    const p = wgs84FromEnu(frame, enuPoint(e, depthM + 5000, 0));
    return [p.lon, p.lat];
  });
  const agreement = {
    id: 'latency-ceasefire',
    version: 1,
    title: 'Sustained latency bench',
    effectiveFrom: formatRfc3339Micros((o.startMs - 86_400_000) * 1000),
    parties: [
      { id: 'A', name: 'North' },
      { id: 'B', name: 'South' },
    ],
    contactLine: { type: 'LineString', coordinates: line },
    leftParty: 'A',
    rules: [{ id: 'no-fire', kind: 'no_fire' }],
  };
  const speed = soundSpeedFromTemperature(celsius(TEMPERATURE_C));
  const det = SHORT_RANGE_ACOUSTIC_PARAMS.detection;
  const pDetect = (d: number) =>
    det.pDetectMax / (1 + Math.exp((d - det.range50M) / det.rangeWidthM));
  const raw: { shot: number; sensor: number; atS: number; snr: number }[] = [];
  const fire = (shot: number, t: number, into: typeof raw) => {
    const gun = wgs84FromEnu(
      frame,
      enuPoint(widthM * rng(), depthM * rng(), 0)
    );
    points.forEach((p, i) => {
      const d = chordDistance(gun, p);
      if (d > SHORT_RANGE_ACOUSTIC_PARAMS.maxRangeM) return;
      if (rng() >= pDetect(d)) return;
      const noise =
        0.001 *
        Math.sqrt(-2 * Math.log(1 - rng())) *
        Math.cos(2 * Math.PI * rng());
      into.push({
        shot,
        sensor: i,
        atS: t + d / speed + noise,
        snr: 30 - d / 200,
      });
    });
  };
  // Pulses per shot on this grid, to pace the shots so their pulses make
  // up `rate`; shots start 15 s early so the stream runs full from 0.
  const sample: typeof raw = [];
  for (let k = 0; k < 200; k++) fire(-1, 0, sample);
  const dt = sample.length / 200 / o.rate;
  let shot = 0;
  for (let t = -15; t < o.seconds; t += dt) fire(shot++, t, raw);
  raw.sort((a, b) => a.atS - b.atS);
  const seq = new Map<number, number>();
  const inStream = raw.filter((r) => r.atS >= 0 && r.atS < o.seconds);
  const target = inStream.length;
  const pulses: ScenePulse[] = inStream.map((r, k) => {
    const n = seq.get(r.sensor) ?? 1;
    seq.set(r.sensor, n + 1);
    const observation: Observation = {
      sensor: `lat-${r.sensor}`,
      seq: n,
      time: formatRfc3339Micros(Math.round((o.startMs + r.atS * 1000) * 1000)),
      kind: 'acoustic',
      acoustic: { class: 'launch', snrDb: Math.round(r.snr * 10) / 10 },
    };
    if (k % 10_000 === 0) onProgress(k, target);
    return { ...r, observation, json: envelope(r.sensor, observation) };
  });
  onProgress(target, target);
  const weather: Observation = {
    sensor: 'lat-0',
    seq: 0,
    time: formatRfc3339Micros((o.startMs - 60_000) * 1000),
    kind: 'weather',
    weather: { temperatureC: TEMPERATURE_C },
  };
  return {
    sensors,
    agreement,
    weather: { sensor: 0, observation: weather, json: envelope(0, weather) },
    shots: shot,
    pulses,
  };
}
