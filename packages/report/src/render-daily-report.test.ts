import { describe, expect, it } from 'vitest';
import type { Finding, MonitoringGap } from '@truce/core';
import { summarizeDay } from '@truce/core';
import { renderDailyReport } from './render-daily-report.js';

function finding(
  n: number,
  time: string,
  at: [number, number],
  extra: Partial<Finding['properties']> = {}
): Finding {
  return {
    type: 'Feature',
    geometry: { type: 'Point', coordinates: at },
    properties: {
      id: String(n).repeat(64).slice(0, 64),
      rule: 'no-fire',
      kind: 'fire',
      time,
      errorEllipse: { semiMajorM: 120, semiMinorM: 40, azimuthDeg: 10 },
      attribution: { party: 'RU', probability: 0.96 },
      confidence: 0.9,
      status: 'provisional',
      sources: [n, n + 1],
      agreement: { id: 'minsk2-demo', version: 1 },
      engineVersion: 'test',
      paramsDigest: '0'.repeat(64),
      sensorKinds: ['acoustic'],
      ...extra,
    },
  };
}

const FINDINGS = [
  finding(1, '2026-09-02T01:00:00Z', [37.2, 48.3], { weaponClass: 'mortar' }),
  finding(2, '2026-09-02T02:00:00Z', [37.3, 48.25], {
    attribution: { party: 'UA', probability: 0.8 },
  }),
  finding(3, '2026-09-02T03:00:00Z', [37.25, 48.35], {
    kind: 'weapons_in_zone',
    rule: 'withdraw-artillery',
    weaponClass: 'artillery',
  }),
  finding(4, '2026-09-02T04:00:00Z', [37.1, 48.2], {
    kind: 'denial_of_monitoring',
    rule: 'monitoring',
    attribution: { party: null, probability: 0 },
  }),
  finding(5, '2026-09-02T05:00:00Z', [37.2, 48.3], { status: 'rejected' }),
  finding(6, '2026-09-01T05:00:00Z', [37.2, 48.3]),
];

const GAP: MonitoringGap = {
  sensor: 'acoustic-<001>',
  reason: 'jamming',
  fromMicros: Date.UTC(2026, 8, 2, 4) * 1000,
  toMicros: Date.UTC(2026, 8, 2, 5) * 1000,
  position: [37.1, 48.2],
  sources: [9],
};

const LINE = {
  type: 'LineString' as const,
  coordinates: [
    [37.0, 47.9],
    [37.4, 48.6],
  ] as [number, number][],
};

const PARTIES = [
  { id: 'UA', name: 'Ukraine' },
  { id: 'RU', name: 'Russian <Federation>' },
];

function render(base?: string): string {
  const summary = summarizeDay({
    date: '2026-09-02',
    findings: FINDINGS,
    gaps: [GAP],
  });
  return norm(
    renderDailyReport(summary, {
      parties: PARTIES,
      contactLine: LINE,
      contactLineSource: 'DeepStateMap via cyterat/deepstate-map-data',
      agreement: { id: 'minsk2-demo', version: 1, title: 'Demo ceasefire' },
      generatedAt: '2026-09-03T06:00:00Z',
      withdrawalLines: [
        { km: 15, label: '15 km: tank, mortar' },
        { km: 50, label: '50 km: artillery' },
      ],
      ...(base === undefined ? {} : { evidenceBaseUrl: base }),
    })
  );
}

/** The page with whitespace between tags dropped and runs of it collapsed. */
const norm = (page: string) =>
  page.replace(/>\s+</g, '><').replace(/\s+/g, ' ');

const count = (text: string, pattern: RegExp) =>
  (text.match(pattern) ?? []).length;

describe('renderDailyReport', () => {
  const page = render('https://truce.example');

  it('is one self-contained page: no scripts, no external resources', () => {
    expect(page.startsWith('<!DOCTYPE html>')).toBe(true);
    expect(page).toContain('<html lang="en">');
    expect(page).not.toMatch(/<script|<link |src="http|@import/i);
  });

  it('has the sections of the daily report, each headed', () => {
    for (const heading of [
      'Daily report 2026-09-02',
      'Findings by category and sector',
      'Map',
      'Weapons in violation of withdrawal lines',
      'Restrictions and denial of monitoring',
      'All findings of the day',
    ]) {
      expect(page).toMatch(new RegExp(`<h[12][^>]*>${heading}</h[12]>`));
    }
  });

  it('states the counts against the day before', () => {
    expect(page).toContain(
      '<strong>4</strong> violation findings on 2026-09-02, against 1 the day before'
    );
    expect(page).toContain('1 more were rejected on review');
    expect(page).toMatch(
      /<th scope="row">fire<\/th><td class="num">2<\/td><td class="num">1<\/td><td class="num up">\+1<\/td>/
    );
    expect(page).toMatch(
      /<th scope="row">Pokrovsk<\/th><td class="num">4<\/td><td class="num">1<\/td>/
    );
  });

  it('escapes every value that comes from data', () => {
    expect(page).toContain('Russian &lt;Federation&gt; (RU)');
    expect(page).toContain('acoustic-&lt;001&gt;');
    expect(page).not.toContain('<Federation>');
    expect(page).not.toContain('<001>');
  });

  it('links every finding of the list to its evidence package', () => {
    for (const f of FINDINGS.slice(0, 5)) {
      expect(page).toContain(
        `href="https://truce.example/v1/findings/${f.properties.id}/evidence"`
      );
    }
    const bare = render();
    expect(bare).not.toContain('/evidence"');
    expect(render('')).toContain(
      `href="/v1/findings/${FINDINGS[0]!.properties.id}/evidence"`
    );
  });

  it('draws the map: labelled SVG, contact line, one mark per finding, a scale bar', () => {
    expect(page).toMatch(
      /<svg[^>]*class="map"[^>]*role="img"[^>]*aria-labelledby="map-title map-desc"/
    );
    expect(count(page, /<g class="finding"/g)).toBe(5);
    expect(page).toMatch(
      /<path d="M[^"]+" fill="none" stroke="#222" stroke-width="2.2" stroke-dasharray="7 3"/
    );
    expect(page).toMatch(/<text[^>]*>\d+ km<\/text>/);
    expect(page).toContain(
      'Contact line: DeepStateMap via cyterat/deepstate-map-data.'
    );
  });

  it('draws each withdrawal line as the edge of a band around the contact line, with a legend', () => {
    expect(count(page, /<mask id="withdrawal-\d"/g)).toBe(2);
    // The band is 2 x 15 km wide: its stroke is that many pixels.
    const widths = [...page.matchAll(/<mask id="withdrawal-0".*?<\/mask\s*>/g)]
      .flatMap((m) => [...m[0].matchAll(/stroke-width="([\d.]+)"/g)])
      .map((m) => Number(m[1]));
    expect(widths).toHaveLength(2);
    expect(widths[0]! - widths[1]!).toBeCloseTo(3.2, 1);
    expect(page).toContain('withdrawal line 15 km: tank, mortar');
    expect(page).toContain('withdrawal line 50 km: artillery');
  });

  it('lists weapons in zone, denial of monitoring and gaps', () => {
    expect(page).toContain('Weapons seen inside their withdrawal zone');
    expect(page).toContain('Denial-of-monitoring findings');
    expect(page).toMatch(
      /<th scope="row">acoustic-&lt;001&gt;<\/th><td>jamming<\/td>/
    );
  });

  it('draws a map without a contact line when there is no agreement', () => {
    const bare = norm(
      renderDailyReport(
        summarizeDay({ date: '2026-09-02', findings: FINDINGS, gaps: [] })
      )
    );
    expect(count(bare, /<g class="finding"/g)).toBe(5);
    expect(bare).not.toContain('stroke-dasharray="7 3"/>');
    expect(bare).not.toMatch(/NaN|Infinity/);
  });

  it('says so when a day has no findings', () => {
    const empty = norm(
      renderDailyReport(
        summarizeDay({ date: '2026-09-05', findings: [], gaps: [] }),
        { contactLine: LINE }
      )
    );
    expect(empty).toContain('No findings on the day.');
    expect(empty).toContain(
      'No weapons were seen inside their withdrawal zones.'
    );
    expect(count(empty, /<g class="finding"/g)).toBe(0);
  });
});
