import type { EnuCovariance } from '../fusion/located-event.js';
import type { LineIndex, LineSegment, Side } from '../geo/line-index.js';
import { projectAeqd, type EnuVector, type GeoPoint } from '../geo/wgs84.js';
import { normalCdf } from './normal-cdf.js';

/** The probability mass of a position on each side of the contact line. */
export type SideProbabilities = { left: number; right: number };

/** DESIGN 4.5 attribution: the likelier party, or null below the threshold. */
export type Attribution = { party: string | null; probability: number };

/** How far out, in standard deviations, the line's shape is looked at. */
export const ATTRIBUTION_REACH_SIGMAS = 6;
/**
 * Rays of the numeric integration near bends. Its error is about 1e-4 where
 * the line stays half a σ or more from the position, and up to about 1/RAYS
 * closer in, where both sides are near 0.5 and no party is named anyway.
 */
export const ATTRIBUTION_RAYS = 128;
const RAYS = ATTRIBUTION_RAYS;
const STEPS = 48;
const BISECTIONS = 40;

type Local = {
  a: EnuVector;
  b: EnuVector;
  normal: EnuVector;
  prev: number;
  next: number;
};

function certain(side: Side): SideProbabilities {
  if (side === 'on') return { left: 0.5, right: 0.5 };
  return side === 'left' ? { left: 1, right: 0 } : { left: 0, right: 1 };
}

function leftNormal(a: EnuVector, b: EnuVector): EnuVector {
  const len = Math.hypot(b[0] - a[0], b[1] - a[1]);
  return [-(b[1] - a[1]) / len, (b[0] - a[0]) / len];
}

// The side of x among the local segments by the same rule as LineIndex:
// the nearest segment's half-plane, the pseudo-normal at a shared vertex.
function localSign(segs: Map<number, Local>, x: EnuVector): number {
  let best = Infinity;
  let sign = 0;
  for (const s of segs.values()) {
    const dx = s.b[0] - s.a[0];
    const dy = s.b[1] - s.a[1];
    const t = Math.max(
      0,
      Math.min(
        1,
        ((x[0] - s.a[0]) * dx + (x[1] - s.a[1]) * dy) / (dx * dx + dy * dy)
      )
    );
    const qx = s.a[0] + t * dx;
    const qy = s.a[1] + t * dy;
    const d = (x[0] - qx) ** 2 + (x[1] - qy) ** 2;
    if (d >= best) continue;
    best = d;
    const other = segs.get(t === 0 ? s.prev : t === 1 ? s.next : -1);
    const n =
      other === undefined
        ? s.normal
        : [s.normal[0] + other.normal[0], s.normal[1] + other.normal[1]];
    sign = (x[0] - qx) * n[0] + (x[1] - qy) * n[1];
  }
  return sign < 0 ? -1 : 1;
}

// Where the ray r·u crosses a local segment for r in [lo, hi], when exactly
// one segment does; otherwise (several, or a side change beyond a line's
// end, where no segment is crossed) undefined, and the caller bisects.
function crossingOnRay(
  segs: Map<number, Local>,
  u: EnuVector,
  lo: number,
  hi: number
): number | undefined {
  let found: number | undefined;
  for (const s of segs.values()) {
    const dx = s.b[0] - s.a[0];
    const dy = s.b[1] - s.a[1];
    const det = u[1] * dx - u[0] * dy;
    const r = (s.a[1] * dx - s.a[0] * dy) / det;
    const t = (u[0] * s.a[1] - u[1] * s.a[0]) / det;
    // Asked positively so that a segment parallel to the ray (det 0: r and
    // t infinite, or NaN when collinear) never counts as crossed.
    if (!(t >= 0 && t <= 1 && r >= lo && r <= hi)) continue;
    if (found !== undefined) return undefined;
    found = r;
  }
  return found;
}

function integrateNumerically(
  line: LineIndex,
  position: GeoPoint,
  axes: [EnuVector, EnuVector],
  reachM: number
): SideProbabilities {
  const segs = new Map<number, Local>();
  for (const s of line.segmentsWithin(position, 3 * reachM + 1)) {
    const a = projectAeqd(position, s.a);
    const b = projectAeqd(position, s.b);
    segs.set(s.id, {
      a,
      b,
      normal: leftNormal(a, b),
      prev: s.prev,
      next: s.next,
    });
  }
  const at = (u: EnuVector, r: number) => localSign(segs, [u[0] * r, u[1] * r]);
  const step = ATTRIBUTION_REACH_SIGMAS / STEPS;
  let left = 0;
  for (let m = 0; m < RAYS; m++) {
    const theta = (2 * Math.PI * (m + 0.5)) / RAYS;
    const c = Math.cos(theta);
    const s = Math.sin(theta);
    // One unit of standard normal radius along this ray, in ENU metres.
    const u: EnuVector = [
      c * axes[0][0] + s * axes[1][0],
      c * axes[0][1] + s * axes[1][1],
    ];
    let from = 0;
    let sign = at(u, step * 1e-9);
    for (let k = 1; k <= STEPS; k++) {
      const next = at(u, k * step);
      if (next === sign) continue;
      let lo = (k - 1) * step;
      let hi = k * step;
      let r = crossingOnRay(segs, u, lo, hi);
      for (let i = 0; r === undefined && i < BISECTIONS; i++) {
        const mid = (lo + hi) / 2;
        if (at(u, mid) === sign) lo = mid;
        else hi = mid;
        if (i === BISECTIONS - 1) r = (lo + hi) / 2;
      }
      r = r!;
      if (sign > 0)
        left += Math.exp((-from * from) / 2) - Math.exp((-r * r) / 2);
      from = r;
      sign = next;
    }
    if (sign > 0) left += Math.exp((-from * from) / 2);
  }
  left /= RAYS;
  return { left, right: 1 - left };
}

/**
 * The probability that a position whose error is the 2-D Gaussian with
 * this ENU covariance lies left or right of the line. Where one straight
 * segment is all of the line within ATTRIBUTION_REACH_SIGMAS of it, that
 * is Φ(signed distance / σ along the segment's normal). Elsewhere (near a
 * bend or an end) it integrates the Gaussian along 128 fixed rays, locating
 * each crossing of the line by bisection; a crossing pair closer than σ/8
 * along one ray can be missed.
 */
export function sideProbabilities(
  line: LineIndex,
  position: GeoPoint,
  covariance: EnuCovariance
): SideProbabilities {
  const nearest = line.nearest(position);
  if (nearest === undefined) return certain('on');
  const [ee, en, nn] = covariance;
  const half = (ee + nn) / 2;
  const dev = Math.hypot((ee - nn) / 2, en);
  const major = Math.sqrt(Math.max(0, half + dev));
  const minor = Math.sqrt(Math.max(0, half - dev));
  const reachM = ATTRIBUTION_REACH_SIGMAS * major;
  if (!(nearest.distanceM < reachM)) return certain(nearest.side);
  const near = line.segmentsWithin(position, reachM);
  const only: LineSegment | undefined = near.length === 1 ? near[0] : undefined;
  const a = only && projectAeqd(position, only.a);
  const b = only && projectAeqd(position, only.b);
  if (
    a &&
    b &&
    Math.hypot(a[0], a[1]) >= reachM &&
    Math.hypot(b[0], b[1]) >= reachM
  ) {
    const n = leftNormal(a, b);
    const sign =
      nearest.side === 'left' ? 1 : nearest.side === 'right' ? -1 : 0;
    const distance = sign * nearest.distanceM;
    const sigma = Math.sqrt(
      Math.max(0, n[0] * n[0] * ee + 2 * n[0] * n[1] * en + n[1] * n[1] * nn)
    );
    const left =
      sigma > 0
        ? normalCdf(distance / sigma)
        : distance > 0
          ? 1
          : distance < 0
            ? 0
            : 0.5;
    return { left, right: 1 - left };
  }
  const phi = Math.atan2(2 * en, ee - nn) / 2;
  const axes: [EnuVector, EnuVector] = [
    [major * Math.cos(phi), major * Math.sin(phi)],
    [-minor * Math.sin(phi), minor * Math.cos(phi)],
  ];
  return integrateNumerically(line, position, axes, reachM);
}

/**
 * Names the party on the likelier side when its probability reaches
 * `threshold`; the other party holds the right side.
 */
export function attributeSides(
  sides: SideProbabilities,
  parties: { leftParty: string; parties: readonly { id: string }[] },
  threshold: number
): Attribution {
  const right = parties.parties.find((p) => p.id !== parties.leftParty)?.id;
  const leftWins = sides.left >= sides.right;
  const party = leftWins ? parties.leftParty : (right ?? null);
  const probability = leftWins ? sides.left : sides.right;
  return {
    party: probability > 0.5 && probability >= threshold ? party : null,
    probability,
  };
}
