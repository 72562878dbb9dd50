import type { EnuCovariance } from './located-event.js';
import { symmetricInverse } from './linalg.js';
import {
  modelFromInput,
  type LocateInput,
  type LocateOptions,
} from './multilaterate.js';
import { evaluateModel } from './solver-model.js';
import type { EnuPoint, MetersPerSecond, Seconds } from './units.js';

/** The true source for a Cramér–Rao bound. */
export type CrlbTruth = {
  position: EnuPoint;
  time: Seconds;
  speed: MetersPerSecond;
};

/**
 * The Cramér–Rao lower bound on the east/north covariance of any unbiased
 * estimate of the source, for this geometry and these timing/bearing σ: the
 * east/north block of the inverse Fisher information JᵀΣ⁻¹J at the truth,
 * with the same unknowns (and priors) as `multilaterate` under `options`.
 * Measured times in `input` are ignored. Undefined when the geometry cannot
 * determine the source.
 */
export function crlbCovariance(
  input: LocateInput,
  truth: CrlbTruth,
  options: Pick<LocateOptions, 'speed' | 'altitude' | 'wind'>
): EnuCovariance | undefined {
  const m = modelFromInput(input, options);
  const p = m.p;
  const theta = new Float64Array(p);
  theta[0] = truth.position.east;
  theta[1] = truth.position.north;
  if (m.iz >= 0) theta[m.iz] = truth.position.up;
  if (m.it >= 0) theta[m.it] = truth.time;
  if (m.ic >= 0) theta[m.ic] = truth.speed;
  const r = new Float64Array(m.rows);
  const jac = new Float64Array(m.rows * p);
  evaluateModel(m, theta, r, jac);
  const fisher = new Float64Array(p * p);
  for (let i = 0; i < m.rows; i++) {
    for (let u = 0; u < p; u++) {
      for (let v = 0; v < p; v++) {
        fisher[u * p + v] =
          fisher[u * p + v]! + jac[i * p + u]! * jac[i * p + v]!;
      }
    }
  }
  const cov = new Float64Array(p * p);
  if (!symmetricInverse(fisher, p, cov)) return undefined;
  return [cov[0]!, cov[1]!, cov[p + 1]!];
}
