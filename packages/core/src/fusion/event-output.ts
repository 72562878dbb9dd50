import { hexEncode, utf8Encode } from '../bytes.js';
import { sha256 } from '../hash.js';
import { ellipseFromCovariance } from './ellipse.js';
import {
  fromFrame,
  rotateCovariance,
  trueNorthAzimuth,
  type FusionFrame,
} from './frame.js';
import type { FrameEvent } from './fused-event.js';
import type { LocatedEvent } from './located-event.js';
import { enuPoint } from './units.js';

/*
 * Outputs are rounded to fixed decimals (0.1 mm in position, 1 µs in time)
 * well below any uncertainty, so that results compare byte for byte even
 * where two JavaScript engines differ in the last bit of a sine.
 */
function round(x: number, decimals: number): number {
  const k = 10 ** decimals;
  const r = Math.round(x * k) / k;
  return r === 0 ? 0 : r;
}

/** Stable id: the kind and the sorted log indexes it rests on (DESIGN 4.5). */
export function locatedEventId(
  kind: string,
  sources: readonly number[],
  part?: number
): string {
  const text = `${kind}:${sources.join(',')}${part === undefined ? '' : `#${part}`}`;
  return `${kind}-${hexEncode(sha256(utf8Encode(text))).slice(0, 24)}`;
}

/** Turns frame events into LocatedEvents, ids and pairings resolved, sorted by time then id. */
export function toLocatedEvents(
  f: FusionFrame,
  events: readonly FrameEvent[]
): LocatedEvent[] {
  const ids = new Map<FrameEvent, string>();
  for (const e of events) ids.set(e, locatedEventId(e.kind, e.sources, e.part));
  const out = events.map((e): LocatedEvent => {
    const w = fromFrame(f, enuPoint(e.east, e.north, e.up));
    // Covariance in the event's own east/north axes, not the frame's.
    const [a, b, c] = rotateCovariance(e.covariance, -trueNorthAzimuth(f, w));
    const covariance = [round(a, 6), round(b, 6), round(c, 6)] as const;
    const ellipse = ellipseFromCovariance([a, b, c]);
    const ev: LocatedEvent = {
      id: ids.get(e)!,
      kind: e.kind,
      position: [round(w.lon, 9), round(w.lat, 9)],
      covariance,
      ellipse: {
        semiMajorM: round(ellipse.semiMajorM, 4),
        semiMinorM: round(ellipse.semiMinorM, 4),
        azimuthDeg: round(ellipse.azimuthDeg, 4) % 180,
      },
      timeMicros: Math.round(e.timeMicros),
      timeSigmaMicros: Math.max(1, Math.round(e.timeSigmaS * 1e6)),
      confidence: round(e.confidence, 6),
      sources: e.sources,
      sensorKinds: e.sensorKinds,
      method: e.method,
    };
    if (e.upKnown) ev.altitudeM = round(w.height, 3);
    if (e.weaponClass !== undefined) ev.weaponClass = e.weaponClass;
    if (e.pairedWith !== undefined) {
      const id = ids.get(e.pairedWith);
      if (id !== undefined) ev.pairedWith = id;
    }
    if (e.count !== undefined && e.count > 1) ev.count = e.count;
    return ev;
  });
  return out.sort(
    (x, y) =>
      x.timeMicros - y.timeMicros || (x.id < y.id ? -1 : x.id > y.id ? 1 : 0)
  );
}
