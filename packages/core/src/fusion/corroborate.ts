import { mahalanobis2 } from './ellipse.js';
import { mergeSorted, type FrameEvent } from './fused-event.js';
import { symmetricInverse } from './linalg.js';
import type { CorroborationParams } from './params.js';

function inverse2(
  c: readonly [number, number, number]
): [number, number, number] | undefined {
  const out = new Float64Array(4);
  if (!symmetricInverse(Float64Array.of(c[0], c[1], c[1], c[2]), 2, out))
    return undefined;
  return [out[0]!, out[1]!, out[3]!];
}

/** Independent Gaussian fusion of two located events of one kind. */
function fuseTwo(a: FrameEvent, b: FrameEvent): FrameEvent {
  const ia = inverse2(a.covariance);
  const ib = inverse2(b.covariance);
  let east = a.east;
  let north = a.north;
  let covariance = a.covariance;
  if (ia !== undefined && ib !== undefined) {
    const info: [number, number, number] = [
      ia[0] + ib[0],
      ia[1] + ib[1],
      ia[2] + ib[2],
    ];
    const p = inverse2(info);
    if (p !== undefined) {
      const ve =
        ia[0] * a.east + ia[1] * a.north + ib[0] * b.east + ib[1] * b.north;
      const vn =
        ia[1] * a.east + ia[2] * a.north + ib[1] * b.east + ib[2] * b.north;
      east = p[0] * ve + p[1] * vn;
      north = p[1] * ve + p[2] * vn;
      covariance = p;
    }
  }
  const wa = 1 / (a.timeSigmaS * a.timeSigmaS);
  const wb = 1 / (b.timeSigmaS * b.timeSigmaS);
  const up = a.upKnown || !b.upKnown ? a.up : b.up;
  const merged: FrameEvent = {
    kind: a.kind,
    east,
    north,
    up,
    upKnown: a.upKnown || b.upKnown,
    covariance,
    timeMicros: a.timeMicros + ((b.timeMicros - a.timeMicros) * wb) / (wa + wb),
    timeSigmaS: 1 / Math.sqrt(wa + wb),
    confidence: 1 - (1 - a.confidence) * (1 - b.confidence),
    sources: mergeSorted(a.sources, b.sources),
    sensorKinds: [...new Set([...a.sensorKinds, ...b.sensorKinds])].sort(),
    method: 'fused',
    acousticOnly: false,
  };
  const weaponClass = a.weaponClass ?? b.weaponClass;
  if (weaponClass !== undefined) merged.weaponClass = weaponClass;
  const count = Math.max(a.count ?? 0, b.count ?? 0);
  if (count > 0) merged.count = count;
  const paired = a.pairedWith ?? b.pairedWith;
  if (paired !== undefined) merged.pairedWith = paired;
  return merged;
}

type Matrix2 = [number, number, number, number];

/** Row-major 2×2 of a covariance [xx, xy, yy]. */
function matrix2(c: readonly [number, number, number]): Matrix2 {
  return [c[0], c[1], c[1], c[2]];
}

function product2(a: Matrix2, b: Matrix2): Matrix2 {
  return [
    a[0] * b[0] + a[1] * b[2],
    a[0] * b[1] + a[1] * b[3],
    a[2] * b[0] + a[3] * b[2],
    a[2] * b[1] + a[3] * b[3],
  ];
}

/**
 * The merged event's covariance when its members may be of several
 * sources near one another (radar tracks of a salvo's rounds from
 * launchers a few hundred metres apart pass the gate, and the information
 * sum would shrink the ellipse as if all were looks at one launcher): a
 * random-effects model, member i's source offset from a centre by
 * uᵢ ~ N(0, τ²I). τ² is the moment estimate from the members' scatter
 * about the merged point, Q = Σ dᵢᵀWᵢdᵢ (Wᵢ = Pᵢ⁻¹, dᵢ = xᵢ − x̂), whose
 * mean is 2(n − 1) + τ²(Σ tr Wᵢ − tr(P ΣWᵢ²)) (DerSimonian & Laird 1986,
 * in two dimensions); 0 where the members agree as one source's would.
 * The point stays the information-weighted mean x̂ = P ΣWᵢxᵢ; the event
 * stands for each member's source, so it reports x̂ − sᵢ averaged over
 * its members: P + τ²(P ΣWᵢ² P + (1 − 2/n) I).
 */
function withSourceSpread(
  merged: FrameEvent,
  members: readonly FrameEvent[]
): FrameEvent {
  const p = matrix2(merged.covariance);
  let q = 0;
  let trW = 0;
  const w2: Matrix2 = [0, 0, 0, 0];
  for (const m of members) {
    const w = inverse2(m.covariance);
    if (w === undefined) return merged;
    const de = m.east - merged.east;
    const dn = m.north - merged.north;
    q += w[0] * de * de + 2 * w[1] * de * dn + w[2] * dn * dn;
    trW += w[0] + w[2];
    const ww = product2(matrix2(w), matrix2(w));
    w2[0] += ww[0];
    w2[1] += ww[1];
    w2[2] += ww[2];
    w2[3] += ww[3];
  }
  const pw2 = product2(p, w2);
  const tau2 = (q - 2 * (members.length - 1)) / (trW - (pw2[0] + pw2[3]));
  if (!(tau2 > 0)) return merged;
  const inner = product2(pw2, p); // P ΣWᵢ² P, symmetric
  const own = 1 - 2 / members.length;
  merged.covariance = [
    p[0] + tau2 * (inner[0] + own),
    p[1] + tau2 * inner[1],
    p[3] + tau2 * (inner[3] + own),
  ];
  return merged;
}

/**
 * Merges events of one kind that different sensors or sensor kinds located
 * at the same place and time (position gate on the summed covariances, time
 * gate on the summed σ), strongest first; corroboration raises confidence
 * (noisy-OR); a merged event's covariance also takes the spread of its
 * members' sources where they scatter more than one source's would. Two
 * events from the acoustic association are never merged: it already
 * decided they are distinct. Returns the merged list and where
 * each input event went.
 */
export function corroborateEvents(
  events: readonly FrameEvent[],
  p: CorroborationParams
): { events: FrameEvent[]; into: Map<FrameEvent, FrameEvent> } {
  const order = [...events].sort(
    (x, y) =>
      y.confidence - x.confidence ||
      x.timeMicros - y.timeMicros ||
      x.sources[0]! - y.sources[0]!
  );
  const clusters: FrameEvent[] = [];
  // Positions in `clusters` of those holding something other than acoustic
  // detections: the only ones an acoustic event may join.
  const mixed: number[] = [];
  const into = new Map<FrameEvent, FrameEvent>();
  const members = new Map<FrameEvent, FrameEvent[]>();
  for (const e of order) {
    let best = -1;
    let bestM = Infinity;
    const consider = (i: number): void => {
      const c = clusters[i]!;
      if (c.kind !== e.kind || (c.acousticOnly && e.acousticOnly)) return;
      if (e.sources.some((s) => c.sources.includes(s))) return;
      const dt = Math.abs(c.timeMicros - e.timeMicros) / 1e6;
      if (dt > p.timeGateSigmas * Math.hypot(c.timeSigmaS, e.timeSigmaS))
        return;
      const cov: [number, number, number] = [
        c.covariance[0] + e.covariance[0],
        c.covariance[1] + e.covariance[1],
        c.covariance[2] + e.covariance[2],
      ];
      const m = mahalanobis2(cov, e.east - c.east, e.north - c.north);
      if (m <= p.positionGateChi2 && m < bestM) {
        best = i;
        bestM = m;
      }
    };
    if (e.acousticOnly) for (const i of mixed) consider(i);
    else for (let i = 0; i < clusters.length; i++) consider(i);
    if (best < 0) {
      if (!e.acousticOnly) mixed.push(clusters.length);
      clusters.push(e);
      members.set(e, [e]);
      into.set(e, e);
      continue;
    }
    const old = clusters[best]!;
    const merged = fuseTwo(old, e);
    if (old.acousticOnly) mixed.push(best);
    clusters[best] = merged;
    const list = [...members.get(old)!, e];
    members.delete(old);
    members.set(merged, list);
    for (const x of list) into.set(x, merged);
  }
  for (const c of clusters) {
    const list = members.get(c)!;
    if (list.length > 1) withSourceSpread(c, list);
  }
  for (const c of clusters) {
    if (c.pairedWith !== undefined)
      c.pairedWith = into.get(c.pairedWith) ?? c.pairedWith;
  }
  return { events: clusters, into };
}
