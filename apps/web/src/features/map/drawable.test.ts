import { describe, expect, it } from 'vitest';
import { fixtureFinding } from '../../api/finding-fixture.js';
import { PARTY_COLORS, UNATTRIBUTED_COLOR } from './colors.js';
import { mercatorX, mercatorY, toDrawable } from './drawable.js';

describe('mercatorX and mercatorY', () => {
  it('put (0, 0) at the centre of the 256 px world, as Leaflet EPSG:3857 does', () => {
    expect(mercatorX(0)).toBe(128);
    expect(mercatorY(0)).toBeCloseTo(128, 9);
    expect(mercatorX(-180)).toBe(0);
    expect(mercatorY(85.0511287798)).toBeCloseTo(0, 6);
    expect(mercatorY(89)).toBeCloseTo(0, 6);
  });

  it('match the spherical Mercator formula at 48° N', () => {
    const lat = (48 * Math.PI) / 180;
    const y = 128 - (128 / Math.PI) * Math.log(Math.tan(Math.PI / 4 + lat / 2));
    expect(mercatorY(48)).toBeCloseTo(y, 9);
  });
});

describe('toDrawable', () => {
  const findings = [
    fixtureFinding({ n: 1, party: 'A', status: 'verified' }),
    fixtureFinding({ n: 2, party: 'B', status: 'provisional' }),
    fixtureFinding({ n: 3, party: 'A', status: 'confirmed' }),
    fixtureFinding({ n: 4, party: null, status: 'rejected' }),
  ];
  const d = toDrawable(findings, ['A', 'B']);

  it('keeps one slot per finding, in order', () => {
    expect(d.count).toBe(4);
    expect(d.ids).toEqual(findings.map((f) => f.id));
    expect(Array.from(d.semiMajorM)).toEqual([120, 120, 120, 120]);
  });

  it('buckets by colour and style, rejected ones first so live ones draw on top', () => {
    const buckets = d.buckets.map((b) => [
      b.color,
      b.style,
      Array.from(b.members),
    ]);
    expect(buckets).toEqual([
      [UNATTRIBUTED_COLOR, 'faint', [3]],
      [PARTY_COLORS[1], 'ring', [1]],
      [PARTY_COLORS[0], 'filled', [0, 2]],
    ]);
  });
});
