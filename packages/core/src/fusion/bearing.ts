import { solve2 } from './linalg.js';
import type { SolverModel } from './solver-model.js';
import type { HorizontalGuess } from './tdoa.js';

/**
 * Least-squares intersection of the active bearing lines: each line passes
 * through its sensor with direction (sin β, cos β); minimises the weighted
 * squared perpendicular distances. Undefined for fewer than two lines or
 * parallel ones.
 */
export function bearingIntersection(
  m: SolverModel
): HorizontalGuess | undefined {
  let a11 = 0;
  let a12 = 0;
  let a22 = 0;
  let b1 = 0;
  let b2 = 0;
  let lines = 0;
  for (let j = 0; j < m.nb; j++) {
    if (m.bOn[j] === 0) continue;
    // Normal of the line (cos β, −sin β), weighted by 1/σ² (angle only).
    const nx = Math.cos(m.bBearing[j]!);
    const ny = -Math.sin(m.bBearing[j]!);
    const w = m.bw[j]! * m.bw[j]!;
    const c = nx * m.bx[j]! + ny * m.by[j]!;
    a11 += w * nx * nx;
    a12 += w * nx * ny;
    a22 += w * ny * ny;
    b1 += w * nx * c;
    b2 += w * ny * c;
    lines++;
  }
  if (lines < 2) return undefined;
  const s = solve2(a11, a12, a12, a22, b1, b2);
  return s === undefined ? undefined : { east: s[0], north: s[1] };
}
