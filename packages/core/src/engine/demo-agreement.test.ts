// The demo agreement on the real contact line (data/, derived from
// DeepStateMap via cyterat/deepstate-map-data): it validates, fits in one
// log entry, puts known towns on the right side, and judges events there.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from '@truce/testing';
import { describe, expect, it } from 'vitest';
import { linePartsOf } from '../geo/geometry.js';
import { buildLineIndex } from '../geo/line-index.js';
import type { GeoPoint } from '../geo/wgs84.js';
import { encodeLogEntry } from '../log/entry.js';
import { parseAgreement } from '../rules/agreement.js';
import { eventOf } from '../rules/vector-fixture.js';
import { evaluateAgreement } from './engine.js';

const agreement = parseAgreement(
  JSON.parse(
    readFileSync(join(REPO_ROOT, 'data/agreement-minsk2-demo.json'), 'utf8')
  )
);
const line = buildLineIndex(linePartsOf(agreement.contactLine));

describe('the Minsk II demo agreement', () => {
  it('fits in one agreement log entry', () => {
    const entry = {
      v: 1 as const,
      type: 'agreement' as const,
      time: '2026-08-31T00:00:00Z',
      actor: 'demo',
      agreement,
    };
    expect(encodeLogEntry(entry).length).toBeLessThan(65_535);
  });

  // Who held what on 2026-08-22 per the DeepState map the line comes from.
  const towns: [string, GeoPoint, 'left' | 'right'][] = [
    ['Kharkiv', [36.23, 49.99], 'left'],
    ['Zaporizhzhia', [35.14, 47.84], 'left'],
    ['Kherson', [32.62, 46.64], 'left'],
    ['Kramatorsk', [37.56, 48.72], 'left'],
    ['Donetsk', [37.8, 48.0], 'right'],
    ['Melitopol', [35.37, 46.84], 'right'],
    ['Oleshky, across the Dnipro from Kherson', [32.72, 46.62], 'right'],
    ['Luhansk', [39.3, 48.57], 'right'],
  ];
  it.each(towns)('puts %s on the %s', (_name, p, side) => {
    expect(line.sideOf(p)).toBe(side);
  });

  it('judges weapons by their distance to the line and their side', () => {
    // An MLRS in Donetsk, 20-odd km inside occupied territory, breaks the
    // 70 km MLRS withdrawal; artillery in Dnipro, over 100 km behind the
    // line, breaks nothing.
    const at = (
      p: GeoPoint,
      weaponClass: 'mlrs' | 'artillery',
      source: number
    ) => ({
      ...eventOf({
        kind: 'weapon',
        at: [0, 0],
        sources: [source],
        time: '2026-09-02T00:00:00Z',
        weaponClass,
      }),
      position: p,
    });
    const findings = evaluateAgreement({
      agreement,
      events: [at([37.8, 48.0], 'mlrs', 1), at([35.05, 48.46], 'artillery', 2)],
    });
    expect(
      findings.map((f) => [
        f.properties.rule,
        f.properties.attribution.party,
        f.properties.sources,
      ])
    ).toEqual([['withdraw-mlrs', 'RU', [1]]]);
  });
});
