import type { SensorKind } from '@truce/core';
import { formatRfc3339Micros } from '@truce/core';

/** A simulated sensor: its registry fields and where it stands. */
export type DemoSensor = {
  id: string;
  kind: SensorKind;
  /** [lon, lat, altM] */
  position: [number, number, number];
};

/** Two acoustic arrays, a weather station and a patrol near a contact line. */
export const DEMO_SENSORS: readonly DemoSensor[] = [
  { id: 'demo-acoustic-01', kind: 'acoustic', position: [37.58, 48.01, 180] },
  { id: 'demo-acoustic-02', kind: 'acoustic', position: [37.66, 48.03, 175] },
  { id: 'demo-acoustic-03', kind: 'acoustic', position: [37.62, 47.97, 190] },
  { id: 'demo-acoustic-04', kind: 'acoustic', position: [37.7, 47.99, 170] },
  { id: 'demo-weather-01', kind: 'weather', position: [37.63, 48.0, 200] },
  { id: 'demo-patrol-01', kind: 'patrol', position: [37.6, 48.02, 185] },
];

/** An observation payload (DESIGN 4.1) still to be signed by `sensor`. */
export type DemoObservation = {
  sensor: string;
  payload: Record<string, unknown>;
};

const SOUND_SPEED_MS = 343;
const METERS_PER_DEGREE = 111_320;

function distanceM(a: readonly number[], b: readonly number[]): number {
  const dLon = (b[0]! - a[0]!) * Math.cos((a[1]! * Math.PI) / 180);
  const dLat = b[1]! - a[1]!;
  return Math.hypot(dLon, dLat) * METERS_PER_DEGREE;
}

/** A small deterministic PRNG (mulberry32), so a seeded demo repeats itself. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Makes plausible observations, one tick at a time: now and then a launch
 * heard by every acoustic sensor at its own arrival time, a patrol report
 * of it, heartbeats, and weather. Seqs derive from the tick's clock, so a
 * restarted demo continues above the seqs it already logged.
 */
export class DemoSimulator {
  readonly #sensors: readonly DemoSensor[];
  readonly #random: () => number;
  #tick = 0;

  constructor(sensors: readonly DemoSensor[], random: () => number) {
    this.#sensors = sensors;
    this.#random = random;
  }

  /** The observations of the tick at `nowMs`, at most 4 per sensor. */
  tick(nowMs: number): DemoObservation[] {
    const tick = this.#tick++;
    const seqs = new Map<string, number>();
    const out: DemoObservation[] = [];
    const add = (
      sensor: DemoSensor,
      timeMs: number,
      kind: string,
      body: object
    ) => {
      const k = seqs.get(sensor.id) ?? 0;
      seqs.set(sensor.id, k + 1);
      const time = formatRfc3339Micros(Math.round(timeMs * 1000));
      out.push({
        sensor: sensor.id,
        payload: {
          sensor: sensor.id,
          seq: nowMs * 4 + k,
          time,
          kind,
          [kind]: body,
        },
      });
    };
    const r = this.#random;
    if (r() < 0.4) {
      // A launch up to ~10 km out, heard (up to ~30 s later) before now.
      const source = [37.64 + (r() - 0.5) * 0.25, 48.0 + (r() - 0.5) * 0.15];
      const eventMs = nowMs - 40_000;
      for (const sensor of this.#sensors) {
        const d = distanceM(sensor.position, source);
        if (sensor.kind === 'acoustic') {
          add(
            sensor,
            eventMs + (d / SOUND_SPEED_MS) * 1000 + (r() - 0.5) * 2,
            'acoustic',
            {
              class: 'launch',
              snrDb:
                Math.round(
                  (40 - 20 * Math.log10(Math.max(d, 100) / 100)) * 10
                ) / 10,
            }
          );
        } else if (sensor.kind === 'patrol' && r() < 0.5) {
          add(sensor, eventMs + 5_000, 'patrol', {
            category: 'explosion',
            count: 1,
            distanceKm: [Math.floor(d / 1000), Math.ceil(d / 1000) + 1],
            text: 'single launch heard',
          });
        }
      }
    }
    for (const sensor of this.#sensors) {
      if (tick % 10 === 0) add(sensor, nowMs, 'heartbeat', { status: 'ok' });
      if (sensor.kind === 'weather' && tick % 30 === 0) {
        add(sensor, nowMs, 'weather', {
          temperatureC: Math.round((4 + r() * 3) * 10) / 10,
          windSpeedMs: Math.round(r() * 60) / 10,
          windFromDeg: Math.floor(r() * 360),
        });
      }
    }
    return out;
  }
}
