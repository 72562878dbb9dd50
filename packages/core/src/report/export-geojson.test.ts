import { describe, expect, it } from 'vitest';
import { findingSchema } from '../engine/finding.js';
import { findingsToGeoJsonText } from './export-geojson.js';
import { findingOf } from './report-fixture.js';

describe('findingsToGeoJsonText', () => {
  it('writes an RFC 7946 FeatureCollection of the findings as they are', () => {
    const findings = [
      findingOf({ time: '2026-09-02T01:00:00Z', at: [37.2, 48.3] }, 0),
      findingOf(
        {
          time: '2026-09-02T02:00:00Z',
          at: [37.6, 49.7],
          kind: 'weapons_in_zone',
          rule: 'withdraw-artillery',
          weaponClass: 'artillery',
        },
        1
      ),
    ];
    const text = findingsToGeoJsonText(findings);
    const parsed = JSON.parse(text);
    expect(parsed.type).toBe('FeatureCollection');
    expect(parsed).not.toHaveProperty('crs');
    expect(parsed.features).toEqual(findings);
    for (const f of parsed.features) findingSchema.parse(f);
    expect(text.split('\n')).toHaveLength(findings.length + 3);
  });

  it('writes an empty collection for no findings', () => {
    expect(JSON.parse(findingsToGeoJsonText([]))).toEqual({
      type: 'FeatureCollection',
      features: [],
    });
  });
});
