// Sensors that were listening but reported no pulse (FuseInput.listening):
// a source they should have heard by their horizon counts as missed.
import { describe, expect, it } from 'vitest';
import type { Observation } from '../observation/payload.js';
import { formatRfc3339Micros } from '../observation/time.js';
import {
  fuseObservations,
  type FusionObservation,
  type FusionSensor,
} from './fuse.js';
import { enuFrameAt, enuFromWgs84, wgs84FromEnu } from './geodesy.js';
import { SHORT_RANGE_ACOUSTIC } from './params.js';
import { enuPoint, wgs84Point } from './units.js';

const ORIGIN = wgs84Point(37.6, 48.0, 150);
const FRAME = enuFrameAt(ORIGIN);
const T0 = 1_780_000_000_000_000;
const SPEED = 340;

function lonLat(e: number, n: number): [number, number, number] {
  const w = wgs84FromEnu(FRAME, enuPoint(e, n, 0));
  return [w.lon, w.lat, w.height];
}

// A 4 x 4 grid 1.2 km apart: every sensor within the 3 km at which half
// of all shots are heard (SHORT_RANGE_ACOUSTIC, by range alone) of the
// middle.
const SENSORS: FusionSensor[] = Array.from({ length: 16 }, (_, i) => ({
  id: `ac-${String(i).padStart(2, '0')}`,
  kind: 'acoustic',
  position: lonLat((i % 4) * 1200 + 31 * (i % 3), Math.floor(i / 4) * 1200),
  timingSigmaS: 0.001,
}));
const MIDDLE = [5, 6, 9, 10];
const SOURCE = { east: 1900, north: 1750 };

/** Microseconds after T0 at which sensor i hears the source (noiseless). */
function arrival(i: number): number {
  const p = SENSORS[i]!.position;
  const q = enuFromWgs84(FRAME, wgs84Point(p[0], p[1], p[2]));
  const d = Math.hypot(q.east - SOURCE.east, q.north - SOURCE.north, q.up);
  return Math.round((d / SPEED) * 1e6);
}

/** The source's pulses at the four middle sensors only. */
const PULSES: FusionObservation[] = MIDDLE.map((i, index) => {
  const observation: Observation = {
    sensor: SENSORS[i]!.id,
    seq: 0,
    time: formatRfc3339Micros(T0 + arrival(i)),
    kind: 'acoustic',
    acoustic: { class: 'launch', snrDb: 20 },
  };
  return { index, observation, sensor: SENSORS[i]! };
});

const fuse = (listening?: { sensor: FusionSensor; untilMicros: number }[]) =>
  fuseObservations({
    observations: PULSES,
    weather: { temperatureC: 14.7 },
    params: { acoustic: SHORT_RANGE_ACOUSTIC },
    ...(listening === undefined ? {} : { listening }),
  });

const everyone = (untilMicros: (i: number) => number) =>
  SENSORS.map((sensor, i) => ({ sensor, untilMicros: untilMicros(i) }));

describe('sensors listening without a pulse', () => {
  it('leave an event on the pulses alone as it is when none is given', () => {
    const alone = fuse();
    expect(alone.events).toHaveLength(1);
    expect(alone.events[0]!.sources).toEqual([0, 1, 2, 3]);
  });

  it('count against a source they should have heard by their horizon', () => {
    // Twelve sensors 1-3 km away heard nothing though all their pulses
    // up to well after the arrival are in: the four pulses are not one
    // source (clutter, or leftovers of several).
    const silent = fuse(everyone(() => T0 + 60e6));
    expect(silent.events).toEqual([]);
    expect(silent.unassociated).toEqual([0, 1, 2, 3]);
  });

  it('count neither way where the arrival falls after their horizon', () => {
    // Each sensor has reported up to just before the source reaches it:
    // its silence says nothing yet.
    const early = fuse(
      everyone((i) =>
        MIDDLE.includes(i) ? T0 + 60e6 : T0 + arrival(i) - 100_000
      )
    );
    expect(early.events).toEqual(fuse().events);
  });

  it('are acoustic sensors only', () => {
    const others = everyone(() => T0 + 60e6).map(({ sensor, untilMicros }) => ({
      sensor: { ...sensor, kind: 'radar' as const },
      untilMicros,
    }));
    expect(fuse(others).events).toEqual(fuse().events);
  });
});
