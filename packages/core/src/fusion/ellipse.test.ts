import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  CHI2_2DOF_95,
  covarianceFromEllipse,
  ellipseFromCovariance,
  mahalanobis2,
} from './ellipse.js';

describe('ellipseFromCovariance', () => {
  it('uses the χ²(2) 95 % quantile 5.991', () => {
    expect(CHI2_2DOF_95).toBeCloseTo(5.991465, 6);
  });

  it.each([
    {
      cov: [4, 0, 1] as const,
      major: 2,
      minor: 1,
      az: 90,
      desc: 'long east-west',
    },
    {
      cov: [1, 0, 4] as const,
      major: 2,
      minor: 1,
      az: 0,
      desc: 'long north-south',
    },
    {
      cov: [2.5, 1.5, 2.5] as const,
      major: 2,
      minor: 1,
      az: 45,
      desc: 'long north-east',
    },
    {
      cov: [2.5, -1.5, 2.5] as const,
      major: 2,
      minor: 1,
      az: 135,
      desc: 'long south-east',
    },
    {
      cov: [1, 0, 1] as const,
      major: 1,
      minor: 1,
      az: 0,
      desc: 'a circle (azimuth 0)',
    },
  ])('$desc', ({ cov, major, minor, az }) => {
    const e = ellipseFromCovariance(cov);
    const k = Math.sqrt(CHI2_2DOF_95);
    expect(e.semiMajorM).toBeCloseTo(major * k, 9);
    expect(e.semiMinorM).toBeCloseTo(minor * k, 9);
    expect(e.azimuthDeg).toBeCloseTo(az, 9);
  });

  it('round-trips with covarianceFromEllipse', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 0.01, max: 1e4, noNaN: true }),
        fc.double({ min: 0.01, max: 1, noNaN: true }),
        fc.double({ min: 0, max: 179.99, noNaN: true }),
        (major, ratio, az) => {
          const e = {
            semiMajorM: major,
            semiMinorM: major * ratio,
            azimuthDeg: az,
          };
          const back = ellipseFromCovariance(covarianceFromEllipse(e));
          expect(back.semiMajorM).toBeCloseTo(e.semiMajorM, 6);
          expect(back.semiMinorM).toBeCloseTo(e.semiMinorM, 6);
          if (ratio < 0.999) {
            const d = Math.abs(back.azimuthDeg - az);
            expect(Math.min(d, 180 - d)).toBeLessThan(1e-5);
          }
        }
      )
    );
  });

  it('puts the ellipse boundary at Mahalanobis² = 5.991', () => {
    const cov = [2.5, 1.5, 2.5] as const;
    const e = ellipseFromCovariance(cov);
    const az = (e.azimuthDeg * Math.PI) / 180;
    const m2 = mahalanobis2(
      cov,
      e.semiMajorM * Math.sin(az),
      e.semiMajorM * Math.cos(az)
    );
    expect(m2).toBeCloseTo(CHI2_2DOF_95, 9);
  });
});
