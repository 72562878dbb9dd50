import type { EnuCovariance, ErrorEllipse } from './located-event.js';

/** The 95 % quantile of χ² with 2 degrees of freedom, −2·ln(0.05). */
export const CHI2_2DOF_95 = -2 * Math.log(0.05);

/** The p-quantile of χ² with 2 degrees of freedom (exact: −2·ln(1 − p)). */
export function chiSquare2DofQuantile(p: number): number {
  return -2 * Math.log(1 - p);
}

/**
 * The ellipse holding `probability` (default 95 %) of a 2-D Gaussian with
 * this east/north covariance. The azimuth is that of the semi-major axis,
 * degrees clockwise from north in [0, 180); a circle reports 0.
 */
export function ellipseFromCovariance(
  cov: EnuCovariance,
  probability = 0.95
): ErrorEllipse {
  const [ee, en, nn] = cov;
  const k = chiSquare2DofQuantile(probability);
  const mean = (ee + nn) / 2;
  const half = Math.hypot((ee - nn) / 2, en);
  const major = Math.max(0, mean + half);
  const minor = Math.max(0, mean - half);
  // Angle of the major axis counter-clockwise from east, then to azimuth.
  // A circle (to round-off) has no major axis: report azimuth 0.
  const round = half <= 1e-9 * Math.abs(mean);
  const theta = round ? Math.PI / 2 : 0.5 * Math.atan2(2 * en, ee - nn);
  let az = 90 - (theta * 180) / Math.PI;
  az = ((az % 180) + 180) % 180;
  return {
    semiMajorM: Math.sqrt(k * major),
    semiMinorM: Math.sqrt(k * minor),
    azimuthDeg: az,
  };
}

/** The covariance whose `probability` ellipse is `e` (inverse of the above). */
export function covarianceFromEllipse(
  e: ErrorEllipse,
  probability = 0.95
): EnuCovariance {
  const k = chiSquare2DofQuantile(probability);
  const major = (e.semiMajorM * e.semiMajorM) / k;
  const minor = (e.semiMinorM * e.semiMinorM) / k;
  const az = (e.azimuthDeg * Math.PI) / 180;
  // Unit vector of the major axis in (east, north).
  const ue = Math.sin(az);
  const un = Math.cos(az);
  return [
    major * ue * ue + minor * un * un,
    (major - minor) * ue * un,
    major * un * un + minor * ue * ue,
  ];
}

/** Squared Mahalanobis distance of the offset (de, dn) under `cov`. */
export function mahalanobis2(
  cov: EnuCovariance,
  de: number,
  dn: number
): number {
  const [a, b, c] = cov;
  const det = a * c - b * b;
  if (!(det > 0)) return Number.POSITIVE_INFINITY;
  return (c * de * de - 2 * b * de * dn + a * dn * dn) / det;
}

/** The sum of two independent covariances. */
export function covarianceAdd(
  a: EnuCovariance,
  b: EnuCovariance
): EnuCovariance {
  return [a[0] + b[0], a[1] + b[1], a[2] + b[2]];
}
