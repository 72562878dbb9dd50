import {
  type UnitVector,
  vectorAngle,
  vectorCross,
  vectorDot,
  vectorNorm,
} from './wgs84.js';

/** A great-circle arc between two n-vectors, with what queries reuse. */
export type Segment = {
  a: UnitVector;
  b: UnitVector;
  /** Unit pole of the arc's great circle, on its left; zero when a = b. */
  pole: UnitVector;
};

export function segmentFrom(a: UnitVector, b: UnitVector): Segment {
  const n = vectorCross(a, b);
  const len = vectorNorm(n);
  const pole: UnitVector =
    len === 0 ? [0, 0, 0] : [n[0] / len, n[1] / len, n[2] / len];
  return { a, b, pole };
}

/** Where on a segment the point nearest to `p` lies. */
export type SegmentNearest = {
  /** Angular distance to the nearest point, radians. */
  angle: number;
  /** 0 at `a`, 1 at `b`, between for an interior point. */
  at: 0 | 1 | 'interior';
  /** Sine of the signed angle to the great circle: > 0 on the left. */
  crossTrack: number;
};

/**
 * The nearest point of a great-circle arc to `p`: the foot of the
 * perpendicular when it falls inside the arc, else the nearer end.
 */
export function segmentNearest(s: Segment, p: UnitVector): SegmentNearest {
  const crossTrack = vectorDot(p, s.pole);
  if (s.pole[0] !== 0 || s.pole[1] !== 0 || s.pole[2] !== 0) {
    const foot: UnitVector = [
      p[0] - crossTrack * s.pole[0],
      p[1] - crossTrack * s.pole[1],
      p[2] - crossTrack * s.pole[2],
    ];
    const afterA = vectorDot(vectorCross(s.a, foot), s.pole) > 0;
    const beforeB = vectorDot(vectorCross(foot, s.b), s.pole) > 0;
    if (afterA && beforeB) {
      const angle = Math.atan2(Math.abs(crossTrack), vectorNorm(foot));
      return { angle, at: 'interior', crossTrack };
    }
  }
  const toA = vectorAngle(p, s.a);
  const toB = vectorAngle(p, s.b);
  return toA <= toB
    ? { angle: toA, at: 0, crossTrack }
    : { angle: toB, at: 1, crossTrack };
}
